"""When a stage's reminder and escalation fire, from the dispute's working-day due date.

The reminder goes at 9am, the compact's `reminder_working_days` working days before the
due date; the escalation at midnight at the end of the due date, when the stage has run
out of time. A paused clock has no due date: its timers wait until it resumes.
"""

import datetime
import zoneinfo

from django.conf import settings

from cases.working_days import add_working_days

# A paused clock's timers are parked here; resuming re-arms them.
NEVER = datetime.datetime(2999, 12, 31, tzinfo=datetime.UTC)


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def reminder_at(dispute) -> datetime.datetime:
    if dispute.due_on is None:
        return NEVER
    days = dispute.compact.reminder_working_days
    return _local(add_working_days(dispute.due_on, -days, dispute.compact.nation), 9)


def escalation_at(dispute) -> datetime.datetime:
    if dispute.due_on is None:
        return NEVER
    return _local(dispute.due_on + datetime.timedelta(days=1), 0)
