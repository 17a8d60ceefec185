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
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from cases.working_days import add_working_days

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


def reminder_at(dispute) -> datetime.datetime:
    return reminder_before(dispute.due_on, dispute.compact)


def escalation_at(dispute) -> datetime.datetime:
    return escalation_after(dispute.due_on)


# The commissioner's steps and the Champion's departure review.


class StepRule(NamedTuple):
    """How long a step may take: `working_days` after the date in `counts_from` (a field
    of the exercise, or of the departure for its review; None: the day the step opened).
    `stage` is the exercise stage the step waits in: once the exercise has moved on, the
    step is no longer due."""

    counts_from: str | None
    working_days: int
    stage: str | None


STEP_RULES = {
    # Publish what was heard and what changed within twelve weeks of the close, as the
    # government's consultation principles ask of a consultation response.
    "publish_summary": StepRule("consultation_closes_on", 60, "consultation"),
    # Invite bids within a month of publishing the summary, while it is still current.
    "publish_tender": StepRule("summary_published_at", 20, "consultation"),
    # Open the bids promptly once the window has closed: bidders are waiting.
    "open_bids": StepRule("bids_close_at", 3, "tender"),
    # Score every bid and write its feedback within three weeks of opening them.
    "evaluate": StepRule("bids_opened_at", 15, "evaluation"),
    # Decide the award within a week of finishing the evaluation.
    "confirm_award": StepRule(None, 5, "evaluation"),
    # Start the service (and schedule its reviews) within two weeks of the standstill's end.
    "schedule_review": StepRule("standstill_ends_on", 10, "award"),
    # The Champion reviews a departure within two weeks of its being recorded.
    "review": StepRule("created_at", 10, None),
}


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def step_due_on(step: str, case, *, exercise, opened_on: datetime.date) -> datetime.date | None:
    """The due date of a commissioning step (`case` is the exercise) or a departure review
    (`case` is the departure), or None when the step has no clock or its starting date is
    not known."""
    rule = STEP_RULES.get(step)
    if rule is None or (rule.stage and exercise.stage != rule.stage):
        return None
    starts_on = opened_on if rule.counts_from is None else _day(getattr(case, rule.counts_from))
    if starts_on is None:
        return None
    return add_working_days(starts_on, rule.working_days, exercise.compact.nation)
