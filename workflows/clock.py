"""When a step's reminder and escalation fire, from its working-day due date.

The reminder goes at 9am, the compact's `reminder_working_days` working days before the
due date; the escalation at midnight at the end of the due date, when the step has run
out of time. A step with no due date (a paused dispute, a commissioning step whose
starting date is not known) has its timers parked at NEVER.

A dispute's due date is its stage's (`Dispute.due_on`). The commissioner's steps and the
Champion's review of a departure have their own, set by their rules when the step opens
(`cases/commissioning/clocks.py`; see docs/decisions/0008-step-clocks.md).

`notices_once` sends reminders and overdue notices, each once, for every kind of case.
"""

import datetime
import zoneinfo
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone

from cases.common.working_days import add_working_days
from workflows.notifications import Message, notify_all

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
    """Send one step's reminder or overdue notice at most once (`notices_once` for one)."""
    return bool(
        notices_once(
            [record],
            field,
            waiting=lambda _: waiting,
            log=lambda _: log(),
            message=lambda _: Message(to(), template, context()),
            also_save=also_save,
        )
    )


def notices_once(
    records: list,
    field: str,
    *,
    waiting: Callable[[object], bool],
    log: Callable[[list], object],
    message: Callable[[object], Message],
    also_save: Iterable[str] = (),
) -> list:
    """Send the reminders or overdue notices of many steps, each at most once, fired by
    their timers, in a few queries whatever their number.

    Each record, locked by the caller, keeps when its notice went in `field`
    (`reminded_at` or `escalated_at`): nothing goes twice, and nothing for a record that is
    not `waiting(record)` (done, paused, moved on). For those that go, `log(records)` writes
    the cases' timelines and each `message(record)` is e-mailed after the commit (and kept
    in its recipients' notifications). Returns the records whose notice went."""
    due = [record for record in records if getattr(record, field) is None and waiting(record)]
    if not due:
        return []
    now = timezone.now()
    changed = dict.fromkeys([field, *also_save], now)
    type(due[0]).objects.filter(pk__in=[record.pk for record in due]).update(**changed)
    for record in due:
        for name, value in changed.items():
            setattr(record, name, value)
    log(due)
    notify_all(message(record) for record in due)
    return due
