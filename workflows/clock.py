"""When a step's reminder and escalation fire, from its working-day due date.

The reminder goes at 9am, the compact's `reminder_working_days` working days before the
due date; the escalation at midnight at the end of the due date, when the step has run
out of time. A step with no due date (a paused dispute, a commissioning step whose
starting date is not known) has its timers parked at NEVER.

A dispute's due date is its stage's (`Dispute.due_on`). The commissioner's steps and the
Champion's review of a departure have their own, set by their rules when the step opens
(`cases/commissioning/clocks.py`; see docs/decisions/0008-step-clocks.md).

`notice_once` sends a reminder or an overdue notice, once, for every kind of case.
"""

import datetime
import zoneinfo
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone

from cases.common.working_days import add_working_days
from workflows.notifications import notify

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


def notice_once(
    record,
    field: str,
    *,
    waiting: bool,
    log: Callable[[], object],
    to: Callable[[], Iterable[str]],
    template: str,
    context: Callable[[], dict],
    also_save: Iterable[str] = (),
) -> bool:
    """Send a step's reminder or overdue notice at most once, fired by its timer.

    `record`, locked by the caller, keeps when the notice went in `field` (`reminded_at`
    or `escalated_at`): nothing goes twice, and nothing while the step is not `waiting`
    (done, paused, moved on). When it goes, `log()` writes the case's timeline and every
    address `to()` gives is e-mailed `template` with `context()` (after the commit).
    Returns whether it went."""
    if getattr(record, field) is not None or not waiting:
        return False
    setattr(record, field, timezone.now())
    record.save(update_fields=[field, *also_save])
    log()
    notify(to=list(to()), template=template, context=context())
    return True
