"""Commissioning in the JSON API: exercises (public fields for everyone, the rest for the
commissioning organisation), the commissioner's and bidders' actions, and my bids with
the tracker's steps. The same rules, forms and services as the exercise and bid pages:
an action is open through the API exactly when the page offers its form."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Body, Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from cases.accounts.auth import public, token
from cases.commissioning import actions as exercise_actions
from cases.commissioning import selectors, services
from cases.commissioning.forms import BidForm, ExerciseForm
from cases.commissioning.models import Bid, Exercise
from cases.commissioning.rules import is_commissioner
from cases.common.api import (
    ErrorOut,
    FormFieldOut,
    Id,
    Money,
    Paging,
    field_spec,
    form_data,
    page_of,
    paged,
)
from cases.common.uploads import check_upload
from cases.register.api import OrganisationRef
from cases.register.models import Compact, Organisation

router = Router(tags=["Commissioning"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class TrackerStepOut(Schema):
    stage: str
    label: str
    state: Literal["done", "current", "next", "skipped", "cancelled"]
    date: datetime.date | None


class DepartureOut(Schema):
    rule: str
    required: str
    actual: str
    justification: str
    commitment: str | None = Field(None, alias="commitment.ref")
    reviewed: bool

    @staticmethod
    def resolve_reviewed(obj):
        return obj.reviewed_at is not None


class ExerciseSummaryOut(Schema):
    reference: str
    title: str
    compact: str = Field(..., alias="compact.slug")
    commissioner: OrganisationRef
    stage: str
    funding_type: str
    estimated_value: Decimal
    term_years: int
    full_cost_recovery: bool
    consultation_opens_on: datetime.date | None
    consultation_closes_on: datetime.date | None
    tender_opens_on: datetime.date | None
    bids_close_at: datetime.datetime | None
    awarded_on: datetime.date | None
    service_starts_on: datetime.date | None
    service_ends_on: datetime.date | None


class CommissionerView(Schema):
    """Only for the commissioning organisation."""

    sealed_bids: int | None = Field(
        None, description="How many bids are sent and sealed (before opening)"
    )
    bids: list[dict[str, Any]] = Field(
        [], description="The opened bids (never drafts or withdrawn ones)"
    )
    consultation_responses: int


class PackDocumentOut(Schema):
    id: int
    kind: str
    title: str
    size: int
    created_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_url(obj):
        return reverse("exercise-document", args=[obj.exercise.reference, obj.pk])


class CriterionOut(Schema):
    name: str
    weight: int


class AmendmentOut(Schema):
    what: str
    reason: str
    made_at: datetime.datetime


class FundingChangeOut(Schema):
    effective_on: datetime.date
    value_before: Money
    value_after: Money
    reasons: str
    impact: str
    given_on: datetime.date


class ExerciseOut(ExerciseSummaryOut):
    service: str
    outcomes: str
    consultation_summary: str
    notice_given_on: datetime.date | None
    decommission_reasons: str
    cancel_reasons: str
    steps: list[TrackerStepOut]
    departures: list[DepartureOut]
    questions: list[str]
    clarifications: list[dict[str, str]] = Field(
        ..., description="Answered questions, for signed-in callers"
    )
    funding_changes: list[FundingChangeOut] = Field(
        ..., description="Notices of reduced funding, oldest first"
    )
    contact_name: str
    contact_email: str
    documents: list[PackDocumentOut] = Field(..., description="The tender pack's documents")
    criteria: list[CriterionOut] = Field(
        ..., description="How bids are scored: weights add up to 100"
    )
    amendments: list[AmendmentOut] = Field(
        ..., description="Changes to the published opportunity, oldest first"
    )
    commissioner_view: CommissionerView | None = None

    @staticmethod
    def resolve_funding_changes(obj):
        return list(obj.changes.all())

    @staticmethod
    def resolve_documents(obj):
        return list(obj.documents.select_related("exercise"))

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.criteria.all())

    @staticmethod
    def resolve_amendments(obj):
        return list(obj.amendments.all())

    @staticmethod
    def resolve_consultation_summary(obj):
        return obj.consultation_summary if obj.has_summary() else ""

    @staticmethod
    def resolve_steps(obj):
        return selectors.tracker_steps(obj)

    @staticmethod
    def resolve_departures(obj):
        return list(obj.departures.select_related("commitment"))

    @staticmethod
    def resolve_questions(obj):
        return [q.text for q in obj.questions.all()]

    @staticmethod
    def resolve_clarifications(obj, context):
        if not context["request"].user.is_authenticated:
            return []
        return [
            {"question": c.question, "answer": c.answer}
            for c in obj.clarifications.exclude(answered_at=None)
        ]

    @staticmethod
    def resolve_commissioner_view(obj, context):
        if not is_commissioner(context["request"].user, obj):
            return None
        opened = [
            {
                "id": bid.pk,
                "organisation": bid.organisation.name,
                "status": bid.status,
                "total": str(bid.total),
                "score": bid.score,
            }
            for bid in selectors.opened_bids(obj)
        ]
        return {
            "sealed_bids": selectors.sealed_bid_count(obj),
            "bids": opened,
            "consultation_responses": obj.responses.count(),
        }


def _exercise(request, reference: str) -> Exercise:
    exercise = selectors.visible_exercise(request.user, reference)
    if exercise is None:
        raise Http404
    return exercise


class ExerciseFilter(Paging):
    compact: str = Field("", max_length=60, description="A compact's slug")
    stage: str = Field("", max_length=20)
    funding_type: Literal["", "grant", "sla", "contract"] = ""
    sort: Literal["newest", "closing", "value"] = "newest"


@router.get(
    "/exercises",
    response={200: page_of(ExerciseSummaryOut), **ERRORS},
    auth=public,
    summary="Commissioning exercises",
)
def exercises(request, filters: Query[ExerciseFilter]):
    """Every public exercise, and the planned ones of your own organisations."""
    user = request.user
    visible = Exercise.published_q()
    if user.is_authenticated:
        visible |= Q(commissioner__memberships__user=user) | Q(compact__champion=user)
    found = Exercise.objects.filter(visible).select_related("compact", "commissioner").distinct()
    if filters.compact:
        found = found.filter(compact__slug=filters.compact)
    if filters.stage:
        found = found.filter(stage=filters.stage)
    if filters.funding_type:
        found = found.filter(funding_type=filters.funding_type)
    order = {
        "newest": ("-created_at", "-pk"),
        "closing": ("bids_close_at", "pk"),
        "value": ("-estimated_value", "pk"),
    }
    return paged(found.order_by(*order[filters.sort]), filters)


@router.get(
    "/exercises/{reference}",
    response={200: ExerciseOut, **ERRORS},
    auth=public,
    summary="An exercise",
)
def exercise(request, reference: str):
    return _exercise(request, reference)


class ExerciseIn(Schema):
    commissioner: str = Field(..., max_length=220, description="Your organisation's slug")
    compact: str = Field(..., max_length=60, description="The compact's slug")
    title: str = Field(..., max_length=200)
    service: str = Field(..., max_length=10_000)
    outcomes: str = Field(..., max_length=10_000)
    funding_type: Literal["grant", "sla", "contract"]
    estimated_value: Money
    term_years: int = Field(..., ge=1, le=25)
    full_cost_recovery: bool = True


@router.post(
    "/exercises", response={201: ExerciseOut, **ERRORS}, auth=token, summary="Plan an exercise"
)
def exercise_create(request, payload: ExerciseIn):
    """A commissioner plans an exercise; only their organisation sees it until it is
    published."""
    user = request.auth
    organisations, compacts = selectors.planning_choices(user)
    if not organisations.exists():
        raise PermissionDenied(_("Only a statutory body's commissioners plan exercises."))
    data = payload.dict()
    commissioner = organisations.filter(slug=data["commissioner"]).first()
    compact = compacts.filter(slug=data["compact"]).first()
    data["commissioner"] = commissioner.pk if commissioner else "unknown"
    data["compact"] = compact.pk if compact else "unknown"
    blank = ExerciseForm(organisations=organisations, compacts=compacts)
    form = ExerciseForm(form_data(blank, data), organisations=organisations, compacts=compacts)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    created = services.exercise_create(by=user, **form.cleaned_data)
    return Status(201, created)


class ActionOut(Schema):
    name: str
    fields: list[FormFieldOut]


ACTION_NAMES = sorted(exercise_actions.KNOWN_ACTIONS)


@router.get(
    "/exercises/{reference}/actions",
    response={200: list[ActionOut], **ERRORS},
    auth=token,
    summary="What I can do on an exercise now",
)
def actions(request, reference: str):
    """The actions open to you now, each with its fields: the same forms as the page."""
    exercise = _exercise(request, reference)
    return [
        {
            "name": name,
            "fields": [] if form is True else [field_spec(n, f) for n, f in form.fields.items()],
        }
        for name, form in exercise_actions.available_actions(request.user, exercise).items()
    ]


class ActionResultOut(Schema):
    message: str
    exercise: ExerciseOut
    bid: int | None = Field(None, description="The bid made, for the `bid` action")


def _refuse_unless_open(user, exercise: Exercise, action: str, open_now) -> None:
    """409 with the reason for someone entitled to an action not open now; 403 for anyone
    else."""
    if action in open_now:
        return
    if exercise_actions.entitled(user, exercise, action):
        raise ValidationError(exercise_actions.why_closed(action, exercise), code="closed")
    raise PermissionDenied(_("You cannot do that on this exercise."))


def _act(request, exercise: Exercise, action: str, payload: dict[str, Any]) -> dict:
    user = request.user
    available = exercise_actions.available_actions(request.user, exercise)
    _refuse_unless_open(user, exercise, action, available)
    if action == "document":  # a file: not in a JSON body
        raise ValidationError(
            _("Send the document as multipart/form-data to %(address)s.")
            % {"address": f"/api/v1/exercises/{exercise.reference}/documents"},
            code="closed",
        )
    blank = available[action]
    data = {}
    if blank is not True:
        form = type(blank)(form_data(blank, payload), **blank.extra_kwargs)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        data = form.cleaned_data
    done = exercise_actions.do_action(action, exercise, user, data)
    exercise.refresh_from_db()
    if isinstance(done, Bid):
        return {"message": _("Your bid is started."), "exercise": exercise, "bid": done.pk}
    return {"message": done, "exercise": exercise, "bid": None}


@router.post(
    "/exercises/{reference}/actions/{action}",
    response={200: ActionResultOut, **ERRORS},
    auth=token,
    summary="Move an exercise on, or take part in it",
)
def act(
    request,
    reference: str,
    action: Literal[tuple(ACTION_NAMES)],  # type: ignore[valid-type]
    payload: dict[str, Any] = Body(default_factory=dict),  # noqa: B008
):
    """Do one of the actions listed by `GET .../actions`, with its fields: for the
    commissioner `consult`, `summary`, `tender`, `answer`, `open_bids`, `award`, `start`,
    `review`, `notice`, `close` and `cancel`; for voluntary organisations `respond`,
    `ask` (a clarification question) and `bid` (start a bid); for the Champion
    `departure`. A step that is not open now is 409."""
    return _act(request, _exercise(request, reference), action, payload)


class QuestionIn(Schema):
    organisation: str = Field(..., max_length=220, description="Your organisation's slug")
    question: str = Field(..., max_length=10_000)


@router.post(
    "/exercises/{reference}/clarifications",
    response={200: ActionResultOut, **ERRORS},
    auth=token,
    summary="Ask a clarification question",
)
def ask(request, reference: str, payload: QuestionIn):
    """The answer is published to every bidder."""
    exercise = _exercise(request, reference)
    organisation = exercise_actions.my_vcs(request.user).filter(slug=payload.organisation).first()
    return _act(
        request,
        exercise,
        "ask",
        {
            "organisation": organisation.pk if organisation else "unknown",
            "question": payload.question,
        },
    )


# Bids.


class BidOut(Schema):
    id: int
    exercise: str = Field(..., alias="exercise.reference")
    exercise_title: str = Field(..., alias="exercise.title")
    organisation: OrganisationRef
    status: str
    version: int
    submitted_at: datetime.datetime | None
    proposal: str
    direct_costs: Decimal | None
    overheads: Decimal | None
    next_step: str
    window_open: bool
    steps: list[TrackerStepOut]
    feedback: str = Field("", description="Once the result is out")
    partners: list[OrganisationRef] = Field(
        ...,
        description="A consortium's partners: their people see the bid, only the lead's change it",
    )

    @staticmethod
    def resolve_partners(obj):
        return [p.organisation for p in obj.partners.select_related("organisation")]

    @staticmethod
    def resolve_next_step(obj):
        return selectors.bid_next_step(obj)

    @staticmethod
    def resolve_window_open(obj):
        return obj.window_is_open()

    @staticmethod
    def resolve_steps(obj):
        return selectors.tracker_steps(obj.exercise)

    @staticmethod
    def resolve_feedback(obj):
        return obj.feedback if obj.status in ("awarded", "unsuccessful") else ""


@router.get("/bids", response={200: page_of(BidOut), **ERRORS}, auth=token, summary="My bids")
def bids(request, paging: Query[Paging]):
    """Your organisations' bids, with where each stands and what happens next."""
    return paged(selectors.bids_of(request.auth), paging)


def _bid(request, pk: int) -> Bid:
    bid = selectors.own_bid(request.auth, pk)
    if bid is None:
        raise Http404  # another organisation's bid does not exist for you
    return bid


@router.get("/bids/{pk}", response={200: BidOut, **ERRORS}, auth=token, summary="A bid")
def bid(request, pk: Id):
    return _bid(request, pk)


class BidIn(Schema):
    proposal: str = Field(..., max_length=50_000)
    direct_costs: Money
    overheads: Money


def _bid_form(bid: Bid, payload: BidIn) -> dict:
    form = BidForm(
        form_data(BidForm(), {k: str(v) for k, v in payload.dict().items()}),
        instance=Bid.objects.get(pk=bid.pk),
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


@router.put("/bids/{pk}", response={200: BidOut, **ERRORS}, auth=token, summary="Save a draft bid")
def bid_save(request, pk: Id, payload: BidIn):
    """Save a draft. A bid already sent changes only by sending a replacement
    (`/submit`)."""
    found = _bid(request, pk)
    data = _bid_form(found, payload)
    services.bid_save(
        exercise=found.exercise, by=request.auth, organisation=found.organisation, data=data
    )
    return _bid(request, pk)


@router.post(
    "/bids/{pk}/submit",
    response={200: BidOut, **ERRORS},
    auth=token,
    summary="Send a bid, or a replacement",
)
def bid_submit(request, pk: Id, payload: BidIn):
    """Send the bid, complete; sending again replaces it (a new version) until bidding
    closes. It stays sealed until then."""
    found = _bid(request, pk)
    data = _bid_form(found, payload)
    services.bid_submit(bid=found, by=request.auth, data=data)
    return _bid(request, pk)


class BidWithdrawIn(Schema):
    reason: str = Field("", max_length=10_000)


@router.post(
    "/bids/{pk}/withdraw",
    response={200: BidOut, **ERRORS},
    auth=token,
    summary="Withdraw a bid",
)
def bid_withdraw(request, pk: Id, payload: BidWithdrawIn):
    found = _bid(request, pk)
    services.bid_withdraw(bid=found, by=request.auth, reason=payload.reason)
    return _bid(request, pk)


def _upload_checked(file) -> None:
    """The page's upload checks, the file's fault told on its field (422)."""
    try:
        check_upload(file)
    except ValidationError as error:
        raise ValidationError(
            {"file": [ValidationError(m, code="upload") for m in error.messages]}
        ) from None


@router.post(
    "/exercises/{reference}/documents",
    response={201: PackDocumentOut, **ERRORS},
    auth=token,
    summary="Add a document to the tender pack",
)
def exercise_add_document(
    request,
    reference: str,
    file: File[UploadedFile],
    kind: Form[Literal["specification", "agreement", "other"]],
    title: Form[str],
    reason: Form[str] = "",
    submission_key: Form[str] = "",
):
    """Send one file as `multipart/form-data` (fields `file`, `kind`, `title`, and once the
    opportunity is published `reason`, which every bidder is told): the same checks as
    the pages. The commissioner's only."""
    exercise = _exercise(request, reference)
    _refuse_unless_open(
        request.auth, exercise, "document", exercise_actions.open_names(request.auth, exercise)
    )
    _upload_checked(file)
    document = services.exercise_add_document(
        exercise=exercise,
        by=request.auth,
        kind=kind,
        title=title[:200],
        upload=file,
        reason=reason[:10_000],
        submission_key=submission_key[:64],
    )
    return Status(201, document)


class BidDocumentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    created_at: datetime.datetime


@router.post(
    "/bids/{pk}/documents",
    response={201: BidDocumentOut, **ERRORS},
    auth=token,
    summary="Add a document to a bid",
)
def bid_add_document(request, pk: Id, file: File[UploadedFile]):
    """Send one file as `multipart/form-data` (field `file`) while bidding is open: the
    same checks as the bid's page. It stays sealed with the bid."""
    found = _bid(request, pk)
    _upload_checked(file)
    return Status(201, services.bid_add_document(bid=found, by=request.auth, upload=file))


class PartnerIn(Schema):
    organisation: str = Field(..., max_length=220, description="The partner's slug")


@router.post(
    "/bids/{pk}/partners",
    response={200: BidOut, **ERRORS},
    auth=token,
    summary="Name a partner in a consortium bid",
)
def bid_add_partner(request, pk: Id, payload: PartnerIn):
    """The lead names another voluntary organisation of the compact as a partner while
    bidding is open. Its people then see the bid and follow it."""
    found = _bid(request, pk)
    partner = Organisation.objects.filter(slug=payload.organisation).first()
    if partner is None:
        raise ValidationError(
            {"organisation": ValidationError(_("No organisation has that slug"), code="unknown")}
        )
    services.bid_add_partner(bid=found, by=request.auth, organisation=partner)
    return _bid(request, pk)


class AlertOut(Schema):
    id: int
    compact: str | None = Field(None, description="The compact's slug, or null for all")
    funding_type: str
    keywords: str
    described: str

    @staticmethod
    def resolve_compact(obj):
        return obj.compact.slug if obj.compact_id else None

    @staticmethod
    def resolve_described(obj):
        return obj.describe()


class AlertIn(Schema):
    compact: str = Field("", max_length=60, description="A compact's slug; empty for all")
    funding_type: Literal["", "grant", "sla", "contract"] = ""
    keywords: str = Field("", max_length=200, description="Words to look for; any matches")


@router.get("/alerts", response={200: list[AlertOut], **ERRORS}, auth=token, summary="My alerts")
def alerts(request):
    """What you follow: you are e-mailed and notified when a matching consultation or
    opportunity opens, changes, closes or is cancelled."""
    return list(request.auth.alerts.select_related("compact"))


@router.post("/alerts", response={201: AlertOut, **ERRORS}, auth=token, summary="Set an alert")
def alert_create(request, payload: AlertIn):
    compact = None
    if payload.compact:
        compact = Compact.objects.filter(slug=payload.compact).first()
        if compact is None:
            raise ValidationError(
                {"compact": ValidationError(_("No compact has that slug"), code="unknown")}
            )
    alert = services.alert_create(
        by=request.auth,
        compact=compact,
        funding_type=payload.funding_type,
        keywords=payload.keywords,
    )
    return Status(201, alert)


@router.delete("/alerts/{pk}", response={204: None, **ERRORS}, auth=token, summary="Stop an alert")
def alert_stop(request, pk: Id):
    alert = request.auth.alerts.filter(pk=pk).first()
    if alert is None:
        raise Http404
    services.alert_stop(alert=alert)
    return Status(204, None)
