"""The sections of one OCDS release built from an exercise: its identifiers and parties,
planning, tender, awards, contracts, and the Compact's own facts and departures (the
project's extension). `releases` puts them together."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases.commissioning.models import (
    Bid,
    BidStatus,
    Departure,
    Exercise,
    FundingType,
)
from cases.commissioning.ocds.lifecycle import OPENED_STATUSES, _day_end, _day_start, _iso, _Step
from cases.register.models import Organisation

FUNDING_TYPES = {
    FundingType.GRANT: "grant",
    FundingType.SLA: "serviceLevelAgreement",
    FundingType.CONTRACT: "contract",
}
PACK_DOCUMENT_TYPES = {
    "specification": "technicalSpecifications",
    "agreement": "contractDraft",
    "other": "biddingDocuments",
}
DEPARTURE_RULES = {
    Departure.Rule.CONSULTATION: "consultation",
    Departure.Rule.NO_CONSULTATION: "noConsultation",
    Departure.Rule.BID_WINDOW: "bidWindow",
    Departure.Rule.TERM: "fundingTerm",
    Departure.Rule.NOTICE: "notice",
}
# The step whose release first shows a departure: the one that recorded it.
DEPARTURE_STEPS = {
    Departure.Rule.CONSULTATION: "planning",
    Departure.Rule.NO_CONSULTATION: "tender",
    Departure.Rule.BID_WINDOW: "tender",
    Departure.Rule.TERM: "tender",
    Departure.Rule.NOTICE: "notice",
}


def _long_date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


# Building blocks.


def ocid_prefix() -> str:
    return settings.OCDS_OCID_PREFIX


def ocid_for(exercise: Exercise) -> str:
    """The exercise's open contracting id: the publisher's prefix and its reference."""
    return f"{ocid_prefix()}-{exercise.reference}"


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


def _closing_as_at(exercise, amended: set[str]) -> datetime.datetime:
    """When bidding closed as the opportunity stood after the amendments released so far
    (`amended`, their release keys): a later amendment's move is undone."""
    for amendment in sorted(exercise.amendments.all(), key=lambda a: (a.made_at, a.pk)):
        if f"amendment-{amendment.pk}" not in amended and amendment.closes_before is not None:
            return amendment.closes_before
    return exercise.bids_close_at


def _tender(
    process: _Process, steps: dict[str, _Step], done: set[str], *, until, amended: set[str]
) -> dict:
    """The tender as it stood when the release was made (`until`, after the amendments
    in `amended`): its documents, amendments and closing time then, so a release never
    changes afterwards."""
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
            "endDate": _iso(_closing_as_at(exercise, amended)),
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
    if "tender" in done:
        # The tender pack, the criteria bids are scored on, and changes since publication.
        for document in exercise.documents.all():
            if document.created_at > until:
                continue
            documents.append(
                {
                    "id": f"document-{document.pk}",
                    "documentType": PACK_DOCUMENT_TYPES[document.kind],
                    "title": document.title,
                    "url": process.url(
                        reverse("exercise-document", args=[exercise.reference, document.pk])
                    ),
                    "format": document.content_type,
                    "datePublished": _iso(document.created_at),
                    "language": "en",
                }
            )
        criteria = list(exercise.criteria.all())
        if criteria:
            tender["awardCriteria"] = "ratedCriteria"
            tender["awardCriteriaDetails"] = "; ".join(f"{c.name} ({c.weight}%)" for c in criteria)
        amendments = [
            {
                "id": f"amendment-{a.pk}",
                "date": _iso(a.made_at),
                "description": a.what,
                "rationale": a.reason,
            }
            for a in exercise.amendments.all()
            if f"amendment-{a.pk}" in amended
        ]
        if amendments:
            tender["amendments"] = amendments
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


def _contracts(
    process: _Process, steps: dict[str, _Step], done: set[str], reviews, reductions=()
) -> list:
    exercise = process.exercise
    changes = {f"reduction-{c.pk}": c for c in exercise.changes.all()}
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
        amendments = [
            {
                "id": step.key,
                "date": _iso(step.date),
                "rationale": changes[step.key].reasons,
                "description": (
                    f"Notice given on {_long_date(changes[step.key].given_on)}: from "
                    f"{_long_date(changes[step.key].effective_on)} the funding falls from "
                    f"£{changes[step.key].value_before:,.2f} to "
                    f"£{changes[step.key].value_after:,.2f}. Impact on service users: "
                    f"{changes[step.key].impact}"
                ),
                "releaseID": f"{process.ocid}-{step.key}",
            }
            for step in reductions
        ]
        if amendments:
            contract["amendments"] = amendments
        if noticed:
            notice = steps["notice"]
            contract["amendments"] = amendments + [
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


def _compact(process: _Process, done: set[str], *, amended: set[str]) -> dict:
    """The extension's `compact` object: the rules, the exercise against them (the bid
    window as it stood after the amendments released so far), and its departures recorded
    up to this step."""
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
        closes = timezone.localtime(_closing_as_at(exercise, amended)).date()
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
    departures = [
        d
        for d in process.departures
        if DEPARTURE_STEPS[d.rule] in done
        and (d.amendment_id is None or f"amendment-{d.amendment_id}" in amended)
    ]
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
