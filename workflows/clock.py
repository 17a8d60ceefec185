"""When a step's reminder and escalation fire, from its working-day due date.

The reminder goes at 9am, the compact's `reminder_working_days` working days before the
due date; the escalation at midnight at the end of the due date, when the step has run
out of time. A step with no due date (a paused dispute, a commissioning step whose
starting date is not known) has its timers parked at NEVER.

A dispute's due date is its stage's (`Dispute.due_on`). The commissioner's steps and the
Champion's review of a departure have their own, set by `STEP_RULES` below when the step
opens (see docs/decisions/0008-step-clocks.md).
"""

import datetime
import zoneinfo

from django.conf import settings

from cases.common.working_days import add_working_days

# A paused clock's timers are parked here; resuming re-arms them.
NEVER = datetime.datetime(2999, 12, 31, tzinfo=datetime.UTC)


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def reminder_before(due_on: datetime.date | None, compact) -> datetime.datetime:
    if due_on is None:
        return NEVER
    days = compact.reminder_working_days
    return _local(add_working_days(due_on, -days, compact.nation), 9)


def escalation_after(due_on: datetime.date | None) -> datetime.datetime:
    if due_on is None:
        return NEVER
    return _local(due_on + datetime.timedelta(days=1), 0)
