"""An exercise's life as OCDS sees it: which of its steps are public releases, when each
was taken (from the state log), and the dates and times as OCDS writes them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from cases.commissioning.models import (
    BidStatus,
    Exercise,
    ExerciseStage,
    Review,
)

# Bids the public may know were made, once they are opened: never drafts or withdrawn ones.
OPENED_STATUSES = (BidStatus.SUBMITTED, BidStatus.AWARDED, BidStatus.UNSUCCESSFUL)
# The exercise's life in order; reviews fall between the contract and the notice.
LIFECYCLE = (
    "planning",
    "summary",
    "tender",
    "bids",
    "award",
    "contract",
    "notice",
    "closed",
    "cancelled",
)
# The transition (its target stage in the state log) that marks each step.
STEP_STATES = {
    "planning": ExerciseStage.CONSULTATION,
    "tender": ExerciseStage.TENDER,
    "bids": ExerciseStage.EVALUATION,
    "award": ExerciseStage.AWARD,
    "contract": ExerciseStage.REVIEW,
    "notice": ExerciseStage.DECOMMISSION,
    "closed": ExerciseStage.CLOSED,
    "cancelled": ExerciseStage.CANCELLED,
}
STEP_TAGS = {
    "planning": ["planning"],
    "summary": ["planningUpdate"],
    "tender": ["tender"],
    "bids": ["tenderUpdate"],
    "award": ["tenderUpdate", "award"],
    "contract": ["contract"],
    "notice": ["contractAmendment"],
    "closed": ["contractTermination"],
    "cancelled": ["tenderCancellation"],
    "amendment": ["tenderAmendment"],
    "reduction": ["contractAmendment"],
}


# Dates, as OCDS writes them: ISO 8601 with the offset, whole seconds.


def _iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _day_end(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


# The steps of an exercise, each one release.


@dataclass(frozen=True)
class _Step:
    kind: str  # one of LIFECYCLE, or "review"
    key: str  # the stable end of the release id
    date: datetime.datetime
    review: Review | None = None


def _state_log_dates(exercises: Iterable[Exercise]) -> dict[int, dict[str, datetime.datetime]]:
    """When each exercise first reached each stage, from the logged transitions."""
    from django.contrib.contenttypes.models import ContentType
    from django_fsm_log.models import StateLog

    ids = [exercise.pk for exercise in exercises]
    dates: dict[int, dict[str, datetime.datetime]] = {pk: {} for pk in ids}
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Exercise), object_id__in=ids
    ).order_by("timestamp", "pk")
    for object_id, state, timestamp in logs.values_list("object_id", "state", "timestamp"):
        dates[object_id].setdefault(state, timestamp)
    return dates


def _was_public(exercise: Exercise) -> bool:
    if exercise.stage == ExerciseStage.PLANNED:
        return False
    if exercise.stage == ExerciseStage.CANCELLED:
        return bool(exercise.consultation_opens_on or exercise.tender_opens_on)
    return True


def _steps(exercise: Exercise, logged: dict[str, datetime.datetime]) -> list[_Step]:
    """The exercise's public steps in order, each dated by its logged transition (or,
    for an exercise without one, by its own dates)."""
    if not _was_public(exercise):
        return []

    def when(kind, fallback):
        return logged.get(STEP_STATES[kind]) or fallback

    found = {}
    if exercise.consultation_opens_on:
        found["planning"] = when("planning", _day_start(exercise.consultation_opens_on))
    if exercise.summary_published_at:
        found["summary"] = exercise.summary_published_at
    if exercise.tender_opens_on:
        found["tender"] = when("tender", _day_start(exercise.tender_opens_on))
    if exercise.bids_opened_at:
        found["bids"] = exercise.bids_opened_at
    if exercise.awarded_on:
        found["award"] = when("award", _day_start(exercise.awarded_on))
    if exercise.service_starts_on:
        found["contract"] = when("contract", _day_start(exercise.service_starts_on))
    if exercise.notice_given_on:
        found["notice"] = when("notice", _day_start(exercise.notice_given_on))
    if exercise.stage == ExerciseStage.CLOSED:
        found["closed"] = when("closed", _day_end(exercise.service_ends_on))
    if exercise.stage == ExerciseStage.CANCELLED:
        found["cancelled"] = when("cancelled", exercise.updated_at)

    steps = [_Step(kind, kind, found[kind]) for kind in LIFECYCLE if kind in found]
    if "tender" in found:
        steps = _with_amendments(exercise, steps)
    if "contract" in found:
        steps = _with_reviews(exercise, steps)
        steps = _with_reductions(exercise, steps)
    # A step is never dated before the one it follows.
    dated = []
    for step in steps:
        if dated and step.date < dated[-1].date:
            step = _Step(step.kind, step.key, dated[-1].date, step.review)
        dated.append(step)
    return dated


def _with_amendments(exercise: Exercise, steps: list[_Step]) -> list[_Step]:
    """Each amendment to the published opportunity is a release of its own
    (`tenderAmendment`), after the tender and before whatever came later."""
    amendments = sorted(exercise.amendments.all(), key=lambda a: (a.made_at, a.pk))
    amendments = [_Step("amendment", f"amendment-{a.pk}", a.made_at) for a in amendments]
    merged = []
    seen_tender = False
    for step in steps:
        if seen_tender:
            while amendments and amendments[0].date <= step.date:
                merged.append(amendments.pop(0))
        merged.append(step)
        seen_tender = seen_tender or step.kind == "tender"
    return merged + amendments


def _with_reductions(exercise: Exercise, steps: list[_Step]) -> list[_Step]:
    """Each notice of reduced funding is a contract amendment of its own, after the
    contract, in time order with the reviews and before whatever came later."""
    changes = sorted(exercise.changes.all(), key=lambda c: (c.given_on, c.pk))
    changes = [_Step("reduction", f"reduction-{c.pk}", _day_start(c.given_on)) for c in changes]
    merged = []
    seen_contract = False
    for step in steps:
        if seen_contract:
            while changes and changes[0].date < step.date:
                merged.append(changes.pop(0))
        merged.append(step)
        seen_contract = seen_contract or step.kind == "contract"
    return merged + changes


def _with_reviews(exercise: Exercise, steps: list[_Step]) -> list[_Step]:
    """Put each completed monitoring review after the contract, in time order."""
    reviews = sorted(
        (r for r in exercise.reviews.all() if r.completed_at),
        key=lambda r: (r.completed_at, r.pk),
    )
    reviews = [_Step("review", f"review-{r.pk}", r.completed_at, r) for r in reviews]
    merged = []
    for step in steps:
        if step.kind in ("notice", "closed"):
            while reviews and reviews[0].date <= step.date:
                merged.append(reviews.pop(0))
        merged.append(step)
    return merged + reviews
