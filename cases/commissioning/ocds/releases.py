"""Commissioning exercises as Open Contracting Data Standard (OCDS 1.1) releases.

One exercise is one contracting process, with the ocid `<OCDS_OCID_PREFIX>-<reference>`.
Each public step of the exercise is one release: the consultation opening (planning), its
summary (planningUpdate), the opportunity (tender), the bids opened (tenderUpdate), the
award (tenderUpdate, award), the service starting (contract), each monitoring review
(implementation, then implementationUpdate), notice (contractAmendment), the close
(contractTermination) and a cancellation (tenderCancellation). A release shows the
exercise as the public could see it when that step was taken, so it reads the same on
every call: its id and contents do not change when the exercise moves on.

What is published mirrors the exercise's public page and timeline, nothing more:

- Nothing while an exercise is planned; a cancelled exercise only if it had been public.
- Bids are sealed: until they are opened there is nothing about them, not even how many.
  Once opened, the organisations whose bids were opened are tenderers; drafts and
  withdrawn bids never appear. No bid's content, cost or score is ever published (the
  public page never shows them), so awards and contracts carry no value: the tender's
  value is the exercise's published estimate.
- Organisations by their public name and a local id only; never a person, an e-mail
  address, a consultation response or a clarification (those are for signed-in users).
- The Compact's rules, how the exercise measured against them and its departures from
  them are in the `compact` object of the project's OCDS extension (`extension/` beside
  this module).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from cases.commissioning.models import (
    Bid,
    BidStatus,
    Departure,
    Exercise,
    ExerciseStage,
    FundingType,
    Review,
)
from cases.register.models import Organisation

OCDS_VERSION = "1.1"
# Bids the public may know were made, once they are opened: never drafts or withdrawn ones.
OPENED_STATUSES = (BidStatus.SUBMITTED, BidStatus.AWARDED, BidStatus.UNSUCCESSFUL)
FUNDING_TYPES = {
    FundingType.GRANT: "grant",
    FundingType.SLA: "serviceLevelAgreement",
    FundingType.CONTRACT: "contract",
}
DEPARTURE_RULES = {
    Departure.Rule.CONSULTATION: "consultation",
    Departure.Rule.BID_WINDOW: "bidWindow",
    Departure.Rule.TERM: "fundingTerm",
    Departure.Rule.NOTICE: "notice",
}
# The step whose release first shows a departure: the one that recorded it.
DEPARTURE_STEPS = {
    Departure.Rule.CONSULTATION: "planning",
    Departure.Rule.BID_WINDOW: "tender",
    Departure.Rule.TERM: "tender",
    Departure.Rule.NOTICE: "notice",
}
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
}


# Identifiers and addresses.


def ocid_prefix() -> str:
    return settings.OCDS_OCID_PREFIX


def ocid_for(exercise: Exercise) -> str:
    """The exercise's open contracting id: the publisher's prefix and its reference."""
    return f"{ocid_prefix()}-{exercise.reference}"


def reference_from_ocid(ocid: str) -> str | None:
    prefix = f"{ocid_prefix()}-"
    if not ocid.startswith(prefix) or len(ocid) == len(prefix):
        return None
    return ocid[len(prefix) :]


def extension_url(request=None) -> str:
    """The absolute address of the project's OCDS extension (its extension.json), which
    every release package names. From the request's host when there is one, otherwise
    from SITE_URL. The one place that knows where the extension is served: the URL named
    "ocds-extension" (cases/urls.py)."""
    return _extension_address(request)


def _extension_address(request=None) -> str:
    path = reverse("ocds-extension", kwargs={"filename": "extension.json"})
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _base_url(base_url: str | None) -> str:
    return (base_url if base_url is not None else settings.SITE_URL).rstrip("/")


# Which exercises are published.


def _with_related(exercises: QuerySet[Exercise]) -> QuerySet[Exercise]:
    return exercises.select_related("compact", "commissioner").prefetch_related(
        Prefetch("departures", queryset=Departure.objects.select_related("commitment")),
        Prefetch("bids", queryset=Bid.objects.select_related("organisation")),
        "reviews",
    )


def published_exercises() -> QuerySet[Exercise]:
    """Every exercise the public can see as OCDS, oldest first: all but the planned ones,
    and but the ones cancelled while still planned (never public)."""
    return _with_related(
        Exercise.objects.exclude(stage=ExerciseStage.PLANNED)
        .exclude(
            stage=ExerciseStage.CANCELLED,
            consultation_opens_on__isnull=True,
            tender_opens_on__isnull=True,
        )
        .order_by("pk")
    )


def exercise_for_ocid(ocid: str) -> Exercise | None:
    """The published exercise with this ocid, or None (unknown, or not public)."""
    reference = reference_from_ocid(ocid)
    if reference is None:
        return None
    return published_exercises().filter(reference=reference).first()


# Dates, as OCDS writes them: ISO 8601 with the offset, whole seconds.


def _iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _day_end(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def _long_date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


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
    if "contract" in found:
        steps = _with_reviews(exercise, steps)
    # A step is never dated before the one it follows.
    dated = []
    for step in steps:
        if dated and step.date < dated[-1].date:
            step = _Step(step.kind, step.key, dated[-1].date, step.review)
        dated.append(step)
    return dated


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


# Building blocks.


def _party_id(organisation: Organisation) -> str:
    return f"org-{organisation.pk}"


def _reference(organisation: Organisation) -> dict:
    return {"id": _party_id(organisation), "name": organisation.name}


@dataclass
class _Process:
    """What every release of one exercise (one contracting process) shares."""

    exercise: Exercise
    ocid: str
    base_url: str
    opened: list  # bids the public may know of once they are opened
    winners: list
    departures: list
    planned_end: datetime.date | None

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


def _planned_end(exercise: Exercise) -> datetime.date | None:
    """The service's end date as set when it started. Giving notice replaces
    `service_ends_on`, so the earlier releases read the original from the "Service
    started" entry of the exercise's public timeline; None if it cannot be read."""
    if not exercise.notice_given_on:
        return exercise.service_ends_on
    event = exercise.events.filter(title="Service started").order_by("created_at", "pk").first()
    match = re.search(r" to (\d{1,2} [A-Z][a-z]+ \d{4})", event.body if event else "")
    if not match:
        return None
    try:
        return datetime.datetime.strptime(match.group(1), "%d %B %Y").date()
    except ValueError:
        return None


def _shared(exercise: Exercise, base_url: str) -> _Process:
    bids = sorted(exercise.bids.all(), key=lambda b: (b.created_at, b.pk))
    opened = [b for b in bids if b.status in OPENED_STATUSES]
    return _Process(
        exercise=exercise,
        ocid=ocid_for(exercise),
        base_url=base_url,
        opened=opened,
        winners=[b for b in opened if b.status == BidStatus.AWARDED],
        departures=sorted(exercise.departures.all(), key=lambda d: (d.created_at, d.pk)),
        planned_end=_planned_end(exercise) if exercise.service_starts_on else None,
    )


def _parties(process: _Process, done: set[str]) -> list[dict]:
    exercise = process.exercise
    parties = {exercise.commissioner_id: (exercise.commissioner, ["buyer", "procuringEntity"])}
    if "bids" in done:
        for bid in process.opened:
            parties.setdefault(bid.organisation_id, (bid.organisation, []))[1].append("tenderer")
    if "award" in done:
        for bid in process.winners:
            parties[bid.organisation_id][1].append("supplier")
    return [
        {**_reference(organisation), "roles": roles} for organisation, roles in parties.values()
    ]


def _planning(process: _Process, done: set[str]) -> dict:
    exercise = process.exercise
    opens, closes = exercise.consultation_opens_on, exercise.consultation_closes_on
    milestone = {
        "id": "consultation",
        "title": "Consultation with the voluntary and community sector",
        "type": "engagement",
        "description": f"Open for responses from {_long_date(opens)} to {_long_date(closes)}.",
        "dueDate": _iso(_day_end(closes)),
        "status": "scheduled",
    }
    if "summary" in done:
        milestone["status"] = "met"
        milestone["dateMet"] = _iso(exercise.summary_published_at)
        milestone["description"] += (
            f" What we heard and what we changed: {exercise.consultation_summary}"
        )
    return {"rationale": exercise.outcomes, "milestones": [milestone]}


def _tender_status(done: set[str]) -> str:
    if "cancelled" in done:
        return "cancelled"
    if "award" in done:
        return "complete"
    if "tender" in done:
        return "active"
    return "planning"


def _tender(process: _Process, steps: dict[str, _Step], done: set[str]) -> dict:
    exercise = process.exercise
    page = process.url(exercise.get_absolute_url())
    tender = {
        "id": exercise.reference,
        "title": exercise.title,
        "description": exercise.service,
        "status": _tender_status(done),
        "procuringEntity": _reference(exercise.commissioner),
        "value": {"amount": float(exercise.estimated_value), "currency": "GBP"},
        "procurementMethod": "open",
        "procurementMethodDetails": exercise.get_funding_type_display(),
        "mainProcurementCategory": "services",
    }
    if "tender" in done:
        tender["tenderPeriod"] = {
            "startDate": _iso(_day_start(exercise.tender_opens_on)),
            "endDate": _iso(exercise.bids_close_at),
        }
        tender["submissionMethod"] = ["electronicSubmission"]
        tender["submissionMethodDetails"] = f"Sign in and bid on the opportunity's page: {page}"
    if "bids" in done:
        tender["numberOfTenderers"] = len(process.opened)
        if process.opened:
            tender["tenderers"] = [_reference(bid.organisation) for bid in process.opened]
        tender["awardPeriod"] = {"startDate": _iso(exercise.bids_opened_at)}
        if "award" in done:
            tender["awardPeriod"]["endDate"] = _iso(steps["award"].date)
    documents = [
        {
            "id": "notice",
            "documentType": "tenderNotice" if "tender" in done else "plannedProcurementNotice",
            "title": f"{exercise.title}: the exercise's page",
            "url": page,
            "format": "text/html",
            "language": "en",
        }
    ]
    if "cancelled" in done:
        documents.append(
            {
                "id": "cancellation",
                "documentType": "cancellationDetails",
                "title": "Why the exercise was cancelled",
                "description": exercise.cancel_reasons,
                "url": page,
                "format": "text/html",
                "language": "en",
            }
        )
    tender["documents"] = documents
    return tender


def _award_id(process: _Process, bid: Bid) -> str:
    return f"{process.exercise.reference}-award-{bid.pk}"


def _awards(process: _Process, steps: dict[str, _Step]) -> list[dict]:
    exercise = process.exercise
    description = f"Awarded on {_long_date(exercise.awarded_on)}."
    if exercise.standstill_ends_on:
        description += (
            f" A standstill runs to {_long_date(exercise.standstill_ends_on)} before the "
            "service can start."
        )
    return [
        {
            "id": _award_id(process, bid),
            "title": f"{exercise.title}: {bid.organisation.name}",
            "description": description,
            "status": "active",
            "date": _iso(steps["award"].date),
            "suppliers": [_reference(bid.organisation)],
        }
        for bid in process.winners
    ]


def _contracts(process: _Process, steps: dict[str, _Step], done: set[str], reviews) -> list:
    exercise = process.exercise
    noticed = "notice" in done
    ends_on = exercise.service_ends_on if noticed else process.planned_end
    period = {"startDate": _iso(_day_start(exercise.service_starts_on))}
    if ends_on:
        period["endDate"] = _iso(_day_end(ends_on))
    contracts = []
    for bid in process.winners:
        contract = {
            "id": f"{exercise.reference}-contract-{bid.pk}",
            "awardID": _award_id(process, bid),
            "title": f"{exercise.title}: {bid.organisation.name}",
            "status": "terminated" if "closed" in done else "active",
            "period": dict(period),
        }
        milestones = [
            {
                "id": f"review-{review.pk}",
                "title": "Monitoring review",
                "type": "reporting",
                "description": f"Rated: {review.get_rating_display()}.",
                "dueDate": _iso(_day_end(review.due_on)),
                "dateMet": _iso(review.completed_at),
                "status": "met",
            }
            for review in reviews
            if review.bid_id == bid.pk
        ]
        if milestones:
            contract["implementation"] = {"milestones": milestones}
        if noticed:
            notice = steps["notice"]
            contract["amendments"] = [
                {
                    "id": "notice",
                    "date": _iso(notice.date),
                    "rationale": exercise.decommission_reasons,
                    "description": (
                        f"Notice given on {_long_date(exercise.notice_given_on)}: the funding "
                        f"ends on {_long_date(exercise.service_ends_on)}. Impact on service "
                        f"users: {exercise.impact_on_users}"
                    ),
                    "releaseID": f"{process.ocid}-{notice.key}",
                }
            ]
        contracts.append(contract)
    return contracts


def _period(start: datetime.date, end: datetime.date) -> dict:
    return {"startDate": _iso(_day_start(start)), "endDate": _iso(_day_end(end))}


def _compact(process: _Process, done: set[str]) -> dict:
    """The extension's `compact` object: the rules, the exercise against them, and its
    departures recorded up to this step."""
    exercise = process.exercise
    compact = exercise.compact
    facts = {
        "id": compact.slug,
        "name": compact.name,
        "uri": process.url(compact.get_absolute_url()),
        "fundingType": FUNDING_TYPES[exercise.funding_type],
        "fullCostRecovery": exercise.full_cost_recovery,
        "fundingTerm": {
            "preferredYears": compact.preferred_term_years,
            "years": exercise.term_years,
        },
    }
    if "planning" in done:
        opens, closes = exercise.consultation_opens_on, exercise.consultation_closes_on
        facts["consultation"] = {
            "minimumWeeks": compact.min_consultation_weeks,
            "weeks": round((closes - opens).days / 7, 1),
            "period": _period(opens, closes),
        }
    if "tender" in done:
        closes = timezone.localtime(exercise.bids_close_at).date()
        facts["bidWindow"] = {
            "minimumDays": compact.min_bid_window_days,
            "days": (closes - exercise.tender_opens_on).days,
        }
    if "notice" in done:
        given = relativedelta(exercise.service_ends_on, exercise.notice_given_on)
        facts["notice"] = {
            "minimumMonths": compact.min_notice_months,
            "months": given.years * 12 + given.months,
            "period": _period(exercise.notice_given_on, exercise.service_ends_on),
        }
    departures = [d for d in process.departures if DEPARTURE_STEPS[d.rule] in done]
    if departures:
        facts["departures"] = [_departure(process, d) for d in departures]
    return facts


def _departure(process: _Process, departure: Departure) -> dict:
    facts = {
        "id": f"departure-{departure.pk}",
        "rule": DEPARTURE_RULES[departure.rule],
        "title": departure.get_rule_display(),
        "required": departure.required,
        "actual": departure.actual,
        "justification": departure.justification,
        "date": _iso(departure.created_at),
    }
    if departure.commitment:
        commitment = departure.commitment
        facts["commitment"] = {
            "id": commitment.ref,
            "title": commitment.title,
            "uri": process.url(commitment.get_absolute_url()),
        }
    return facts


def _release(process: _Process, steps: list[_Step], index: int) -> dict:
    step = steps[index]
    so_far = steps[: index + 1]
    done = {s.kind for s in so_far}
    by_kind = {s.kind: s for s in so_far}
    reviews = [s.review for s in so_far if s.kind == "review"]
    if step.kind == "review":
        first = next(s for s in steps if s.kind == "review") is step
        tags = ["implementation" if first else "implementationUpdate"]
    else:
        tags = list(STEP_TAGS[step.kind])
    exercise = process.exercise
    release = {
        "ocid": process.ocid,
        "id": f"{process.ocid}-{step.key}",
        "date": _iso(step.date),
        "tag": tags,
        "initiationType": "tender",
        "language": "en",
        "parties": _parties(process, done),
        "buyer": _reference(exercise.commissioner),
    }
    if "planning" in done:
        release["planning"] = _planning(process, done)
    release["tender"] = _tender(process, by_kind, done)
    if "award" in done and process.winners:
        release["awards"] = _awards(process, by_kind)
        if "contract" in done:
            release["contracts"] = _contracts(process, by_kind, done, reviews)
    release["compact"] = _compact(process, done)
    return release


# The public functions.


def exercise_releases(exercise: Exercise, *, base_url: str | None = None, _dates=None) -> list:
    """The exercise's releases, oldest first; empty if it was never public.

    `base_url` (default SITE_URL) makes the links to the exercise's, the compact's and
    the commitments' pages absolute."""
    if not _was_public(exercise):
        return []
    dates = _dates if _dates is not None else _state_log_dates([exercise])[exercise.pk]
    steps = _steps(exercise, dates)
    process = _shared(exercise, _base_url(base_url))
    return [_release(process, steps, index) for index in range(len(steps))]


def release_package(
    exercises: Iterable[Exercise],
    *,
    uri: str,
    extension_url: str | None = None,
    published_date: datetime.datetime | None = None,
    base_url: str | None = None,
) -> dict:
    """A release package of every release of these exercises (any not public are left
    out), as a dict ready for JSON.

    `uri` is the package's own address; `extension_url` the absolute address of the
    extension's extension.json (pass `extension_url(request)`; the default is built from
    SITE_URL). `published_date` defaults to the date of the newest release, so the same
    data makes the same package. `base_url` (default SITE_URL) makes the links to the
    service's pages absolute."""
    exercises = [e for e in exercises if _was_public(e)]
    dates = _state_log_dates(exercises)
    releases = []
    for exercise in exercises:
        releases += exercise_releases(exercise, base_url=base_url, _dates=dates[exercise.pk])
    if published_date is None:
        newest = max(
            (r["date"] for r in releases), default=None, key=datetime.datetime.fromisoformat
        )
        published = newest or _iso(timezone.now())
    else:
        published = _iso(published_date)
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [extension_url or _extension_address()],
        "publishedDate": published,
        "publisher": {"name": settings.SERVICE_NAME, "uri": _base_url(base_url) + "/"},
        "releases": releases,
    }


@dataclass(frozen=True)
class ReleasePackagePage:
    """One page of the release packages of all public exercises."""

    package: dict
    number: int
    num_pages: int
    count: int  # exercises in all pages

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def release_package_page(
    *,
    page: int | str = 1,
    per_page: int = 20,
    uri: str,
    extension_url: str | None = None,
    published_date: datetime.datetime | None = None,
    base_url: str | None = None,
) -> ReleasePackagePage:
    """A release package of one page of `published_exercises()` (`per_page` exercises,
    each with all its releases). Raises django.core.paginator.InvalidPage for a page
    that does not exist (answer 404); page 1 of no exercises is an empty package."""
    paginator = Paginator(published_exercises(), per_page)
    current = paginator.page(page)
    return ReleasePackagePage(
        package=release_package(
            current.object_list,
            uri=uri,
            extension_url=extension_url,
            published_date=published_date,
            base_url=base_url,
        ),
        number=current.number,
        num_pages=paginator.num_pages,
        count=paginator.count,
    )
