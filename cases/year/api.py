"""The Compact's year in the API: versions of a compact, its action plan and progress,
and Compact impact assessments. Reads are public, as on the pages; writes take a token
and the same permissions and services as the pages."""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from cases.accounts.auth import public, token
from cases.common.api import ErrorOut, Paging, page_of, paged
from cases.common.formats import in_english
from cases.register import selectors as register_selectors
from cases.register.api import WELSH, CommitmentWordsOut, OrganisationRef
from cases.register.models import Commitment, Compact, Organisation
from cases.year import report, selectors, services
from cases.year.models import ActionPlanItem, ActionStatus, AnnualReview, ImpactAssessment, Term

router = Router(tags=["The Compact's year"], auth=public)

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class VersionOut(Schema):
    number: int
    made_at: datetime.datetime
    reason: str
    summary: list[str] = Field(..., description="What changed, in words")


class VersionCommitmentOut(CommitmentWordsOut):
    """A commitment as a version of the Compact held it."""


class VersionDetailOut(VersionOut):
    rules: dict[str, str] = Field(..., description="Each rule as it stood, in English words")
    joint_body_terms: str = Field(..., description="In English")
    joint_body_terms_cy: str | None = Field(None, description=WELSH)
    commitments: list[VersionCommitmentOut]


@router.get(
    "/compacts/{slug}/versions",
    response={200: page_of(VersionOut), **ERRORS},
    summary="A compact's versions, newest first",
)
def versions(request, slug: str, paging: Query[Paging]):
    compact = get_object_or_404(Compact, slug=slug)
    return paged(compact.versions.order_by("-number"), paging)


@router.get(
    "/compacts/{slug}/versions/{number}",
    response={200: VersionDetailOut, **ERRORS},
    summary="A compact as one version of it stood",
)
def version(request, slug: str, number: int):
    compact = get_object_or_404(Compact, slug=slug)
    found = get_object_or_404(compact.versions, number=number)
    # Open data in English whatever the language asked for, with the Welsh beside it.
    with in_english():
        as_at = register_selectors.compact_as_at(found)
        rules = {str(label): str(words) for label, words in as_at.rules}  # not lazy
    return {
        "number": found.number,
        "made_at": found.made_at,
        "reason": found.reason,
        "summary": found.summary,
        "rules": rules,
        "joint_body_terms": as_at.compact.joint_body_terms_en_gb or "",
        "joint_body_terms_cy": as_at.compact.joint_body_terms_cy or None,
        "commitments": as_at.commitments,
    }


class ActionOut(Schema):
    reference: str
    action: str
    term: str
    status: str
    lead: str = Field(..., description="Who leads it, in words")
    lead_organisation: OrganisationRef | None
    agreed_on: datetime.date | None
    target_date: datetime.date | None
    closed_on: datetime.date | None
    commitment: str | None = Field(None, description="The ref of the commitment it serves")

    @staticmethod
    def resolve_lead(obj):
        return obj.lead_words

    @staticmethod
    def resolve_commitment(obj):
        return obj.commitment.ref if obj.commitment_id else None


class UpdateOut(Schema):
    status: str
    note: str
    created_at: datetime.datetime


class ActionDetailOut(ActionOut):
    updates: list[UpdateOut]

    @staticmethod
    def resolve_updates(obj):
        return list(obj.updates.all())


class ActionFilter(Paging):
    status: Literal["", "open", "late", *ActionStatus.values] = ""
    term: Literal["", *Term.values] = ""
    sort: Literal["target", "-target", "status"] = "target"


@router.get(
    "/compacts/{slug}/actions",
    response={200: page_of(ActionOut), **ERRORS},
    summary="A compact's action plan",
)
def actions(request, slug: str, filters: Query[ActionFilter]):
    compact = get_object_or_404(Compact, slug=slug)
    return paged(
        selectors.action_plan(
            compact=compact, status=filters.status, term=filters.term, sort=filters.sort
        ),
        filters,
    )


def _action(reference: str) -> ActionPlanItem:
    return get_object_or_404(
        ActionPlanItem.objects.select_related("compact", "lead_person", "lead_organisation"),
        reference=reference,
    )


@router.get("/actions/{reference}", response={200: ActionDetailOut, **ERRORS}, summary="An action")
def action(request, reference: str):
    return _action(reference)


class ActionIn(Schema):
    action: str = Field(..., min_length=1, max_length=5000)
    term: Literal[*Term.values] = "medium"
    lead_organisation: str | None = Field(None, description="An organisation's slug")
    lead_person: str | None = Field(None, description="A username")
    agreed_on: datetime.date | None = None
    target_date: datetime.date | None = Field(None, description="Left out: follows the term")
    commitment: str | None = Field(None, description="A commitment's ref")


def _action_data(compact: Compact, payload: ActionIn) -> dict:
    data = payload.model_dump(exclude_unset=True)
    errors = {}
    if data.get("lead_organisation"):
        data["lead_organisation"] = Organisation.objects.filter(
            slug=data["lead_organisation"]
        ).first()
        if data["lead_organisation"] is None:
            errors["lead_organisation"] = ValidationError(_("No organisation has that slug"))
    if data.get("lead_person"):
        data["lead_person"] = (
            selectors.possible_leads(compact).filter(username=data["lead_person"]).first()
        )
        if data["lead_person"] is None:
            errors["lead_person"] = ValidationError(_("Name someone with a part in this compact"))
    if data.get("commitment"):
        data["commitment"] = Commitment.objects.filter(
            compact=compact, ref=data["commitment"], in_force=True
        ).first()
        if data["commitment"] is None:
            errors["commitment"] = ValidationError(_("Give the ref of a commitment in force"))
    if errors:
        raise ValidationError(errors)
    return data


@router.post(
    "/compacts/{slug}/actions",
    response={201: ActionDetailOut, **ERRORS},
    auth=token,
    summary="Add an action to the plan (the joint body)",
)
def action_add(request, slug: str, payload: ActionIn):
    compact = get_object_or_404(Compact, slug=slug)
    saved = services.action_save(
        compact=compact, by=request.auth, data=_action_data(compact, payload)
    )
    return Status(201, saved)


@router.patch(
    "/actions/{reference}",
    response={200: ActionDetailOut, **ERRORS},
    auth=token,
    summary="Change an action (the joint body)",
)
def action_change(request, reference: str, payload: ActionIn):
    found = _action(reference)
    return services.action_save(
        compact=found.compact,
        by=request.auth,
        data=_action_data(found.compact, payload),
        action=found,
    )


class UpdateIn(Schema):
    status: Literal[*ActionStatus.values]
    note: str = Field(..., min_length=1, max_length=10_000)


@router.post(
    "/actions/{reference}/updates",
    response={201: UpdateOut, **ERRORS},
    auth=token,
    summary="Report progress on an action (its lead or the joint body)",
)
def action_update(request, reference: str, payload: UpdateIn):
    update = services.action_report(
        action=_action(reference), by=request.auth, status=payload.status, note=payload.note
    )
    return Status(201, update)


class ImpactOut(Schema):
    reference: str
    title: str
    organisation: OrganisationRef
    decision_by: str
    decision_on: datetime.date | None
    commitments: list[str]
    consulted: str
    effect: str
    mitigations: str
    created_at: datetime.datetime
    reviewed_at: datetime.datetime | None
    review_notes: str

    @staticmethod
    def resolve_commitments(obj):
        return [c.ref for c in obj.commitments.order_by("position", "ref")]


class ImpactFilter(Paging):
    q: str = Field("", max_length=100, description="Words in the title or organisation")


@router.get(
    "/compacts/{slug}/impact-assessments",
    response={200: page_of(ImpactOut), **ERRORS},
    summary="A compact's impact assessments, newest first",
)
def impact_assessments(request, slug: str, filters: Query[ImpactFilter]):
    compact = get_object_or_404(Compact, slug=slug)
    return paged(selectors.impact_assessments(compact=compact, query=filters.q), filters)


@router.get(
    "/impact-assessments/{reference}",
    response={200: ImpactOut, **ERRORS},
    summary="An impact assessment",
)
def impact_assessment(request, reference: str):
    return get_object_or_404(
        ImpactAssessment.objects.select_related("organisation"), reference=reference
    )


class ImpactIn(Schema):
    organisation: str = Field(..., description="Your statutory organisation's slug")
    title: str = Field(..., min_length=1, max_length=200)
    decision_by: str = Field(..., min_length=1, max_length=200)
    decision_on: datetime.date | None = None
    commitments: list[str] = Field(..., min_length=1, max_length=50)
    consulted: str = Field(..., min_length=1, max_length=10_000)
    effect: str = Field(..., min_length=1, max_length=10_000)
    mitigations: str = Field(..., min_length=1, max_length=10_000)
    submission_key: str = Field(
        ..., min_length=8, max_length=64, description="Any unique string: resending it makes one"
    )


@router.post(
    "/compacts/{slug}/impact-assessments",
    response={201: ImpactOut, 200: ImpactOut, **ERRORS},
    auth=token,
    summary="Record an impact assessment (an officer of a statutory signatory)",
)
def impact_record(request, slug: str, payload: ImpactIn):
    compact = get_object_or_404(Compact, slug=slug)
    if not request.auth.has_perm("cases.record_impact_assessment", compact):
        raise PermissionDenied(
            _("Only an officer of a statutory signatory records impact assessments.")
        )
    organisation = (
        selectors.statutory_organisations_of(request.auth, compact)
        .filter(slug=payload.organisation)
        .first()
    )
    if organisation is None:
        raise ValidationError(
            {"organisation": ValidationError(_("Give the slug of your statutory signatory"))}
        )
    commitments = list(
        Commitment.objects.filter(compact=compact, ref__in=payload.commitments, in_force=True)
    )
    if len(commitments) != len(set(payload.commitments)):
        raise ValidationError(
            {"commitments": ValidationError(_("Give refs of this compact's commitments in force"))}
        )
    data = payload.model_dump(
        include={"title", "decision_by", "decision_on", "consulted", "effect", "mitigations"}
    )
    assessment, created = services.impact_record(
        compact=compact,
        by=request.auth,
        organisation=organisation,
        commitments=commitments,
        data=data,
        submission_key=payload.submission_key,
    )
    return Status(201 if created else 200, assessment)


class ReviewIn(Schema):
    notes: str = Field(..., min_length=1, max_length=10_000)


@router.post(
    "/impact-assessments/{reference}/review",
    response={200: ImpactOut, **ERRORS},
    auth=token,
    summary="Review an impact assessment (the Champion)",
)
def impact_review(request, reference: str, payload: ReviewIn):
    assessment = get_object_or_404(ImpactAssessment, reference=reference)
    return services.impact_review(assessment=assessment, by=request.auth, notes=payload.notes)


class FigureOut(Schema):
    compact: str
    year: str
    section: str
    measure: str
    breakdown: str
    value: float | None = Field(..., description="Empty when the figure is not shown")
    suppressed: bool
    unit: str


class ReportOut(Schema):
    year: int
    words: str
    start: datetime.date
    to_date: datetime.date
    in_progress: bool
    figures: list[FigureOut]


@router.get(
    "/compacts/{slug}/reports/{year}",
    response={200: ReportOut, **ERRORS},
    summary="A compact's annual report: its figures (April to March)",
)
def annual_report(request, slug: str, year: int):
    """Counts of confidential disputes and remedies are rounded to the nearest 5, and
    below 5 not given (`value` empty, `suppressed` true). The same rows as the report's
    CSV."""
    compact = get_object_or_404(Compact, slug=slug)
    if year not in report.years_of(compact):
        raise Http404
    found, rows = report.open_data(compact, year)  # the rows in English, as in the CSV
    return {
        "year": found.year,
        "words": report.year_words(found.year),
        "start": found.start,
        "to_date": found.to_date,
        "in_progress": found.in_progress,
        "figures": rows,
    }


class AmendmentOut(Schema):
    words: str
    text: str
    reason: str
    agreed: bool | None


class ReviewOut(Schema):
    year: int
    words: str
    stage: str
    meeting_on: datetime.date | None
    published_at: datetime.datetime | None
    outcome: str
    decisions: str = Field(..., description="Empty until the outcome is published")
    version: int | None = Field(None, description="The Compact's version it agreed")
    amendments: list[AmendmentOut] = Field(..., description="Shown once published")

    @staticmethod
    def resolve_decisions(obj):
        return obj.decisions if obj.published_at else ""

    @staticmethod
    def resolve_version(obj):
        return obj.version.number if obj.version_id else None

    @staticmethod
    def resolve_amendments(obj):
        return list(obj.amendments.all()) if obj.published_at else []


@router.get(
    "/compacts/{slug}/reviews",
    response={200: list[ReviewOut], **ERRORS},
    summary="A compact's annual reviews, newest first",
)
def annual_reviews(request, slug: str):
    compact = get_object_or_404(Compact, slug=slug)
    return list(compact.annual_reviews.select_related("version").order_by("-year"))


@router.get(
    "/compacts/{slug}/reviews/{year}",
    response={200: ReviewOut, **ERRORS},
    summary="An annual review",
)
def annual_review(request, slug: str, year: int):
    return get_object_or_404(
        AnnualReview.objects.select_related("version"), compact__slug=slug, year=year
    )
