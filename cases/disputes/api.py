"""Disputes the caller may see, and raising or withdrawing one. The same rules and services
as the dispute pages: `cases.view_dispute` to see one, `cases.withdraw_dispute` to
withdraw, `workflows.services.dispute_raise` to raise."""

from __future__ import annotations

import datetime
import secrets
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Header, Query, Router, Schema, Status
from ninja.files import UploadedFile

from cases.accounts.auth import token
from cases.common.api import ErrorOut, Paging, page_of, paged
from cases.common.uploads import check_upload
from cases.disputes import selectors, services
from cases.disputes.models import Dispute
from cases.disputes.selectors import open_tasks
from cases.register.api import OrganisationRef
from cases.register.models import AccessEvent, Commitment, Compact, Organisation
from cases.register.services import access_record

router = Router(tags=["Disputes"], auth=token)

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class EventOut(Schema):
    kind: str
    stage: str
    title: str
    body: str
    without_prejudice: bool
    occurred_on: datetime.date | None
    created_at: datetime.datetime


class StepOut(Schema):
    id: int = Field(..., alias="pk")
    title: str
    status: str
    holder: str | None

    @staticmethod
    def resolve_title(obj):
        return str(obj.flow_task.task_title)

    @staticmethod
    def resolve_holder(obj):
        return (obj.owner.get_full_name() or obj.owner.username) if obj.owner else None


class DisputeSummaryOut(Schema):
    reference: str
    subject: str = Field(..., alias="title", description="A short title")
    compact: str = Field(..., alias="compact.slug")
    complainant: OrganisationRef
    respondent: OrganisationRef
    stage: str
    outcome: str
    due_on: datetime.date | None
    paused: bool = Field(..., alias="is_paused")
    happened_on: datetime.date
    created_at: datetime.datetime


class AnswerOut(Schema):
    asked_on: datetime.date
    due_on: datetime.date
    given: bool = Field(..., alias="is_given")
    answered_at: datetime.datetime | None
    late: bool = Field(..., description="Given after its due date")
    account: str
    accepted: list[str] = Field(..., description="Commitments it accepts it broke (refs)")
    disputed: list[str] = Field(..., description="Commitments it says it kept (refs)")
    already_done: str
    offer: str

    @staticmethod
    def resolve_accepted(obj):
        return sorted(c.ref for c in obj.accepted.all())

    @staticmethod
    def resolve_disputed(obj):
        return sorted(c.ref for c in obj.disputed.all())


class RemedyOut(Schema):
    id: int
    owed_by: OrganisationRef
    action: str
    working_days: int
    due_on: datetime.date
    status: str = Field(..., description="open, done (reported), complied or not_complied")
    overdue: bool = Field(..., alias="is_overdue")
    done_at: datetime.datetime | None
    done_note: str
    challenged_at: datetime.datetime | None
    challenge: str
    decided_at: datetime.datetime | None
    decision_note: str


class DisputeOut(DisputeSummaryOut):
    raised_from: str = Field(
        ..., description="What it was raised from: `departure`, `award` (a challenge) or empty"
    )
    raised_from_id: int | None
    commitments: list[str]
    what_happened: str
    already_tried: str
    outcome_sought: str
    working_days_left: int | None
    decision: str
    history: list[EventOut] = Field(
        ..., description="What happened, oldest first: what the caller is entitled to see"
    )
    open_steps: list[StepOut]
    answer: AnswerOut | None = Field(
        ..., description="The respondent's answer: asked for when the dispute is accepted"
    )
    remedies: list[RemedyOut] = Field(
        ..., description="What the decision or mediated agreement asks of each party"
    )

    @staticmethod
    def resolve_remedies(obj):
        return selectors.dispute_remedies(obj)

    @staticmethod
    def resolve_raised_from(obj):
        return obj.source

    @staticmethod
    def resolve_raised_from_id(obj):
        return obj.source_pk

    @staticmethod
    def resolve_answer(obj):
        return selectors.dispute_answer(obj)

    @staticmethod
    def resolve_commitments(obj):
        return [c.ref for c in obj.commitments.order_by("position", "ref")]

    @staticmethod
    def resolve_working_days_left(obj):
        return selectors.working_days_left(obj)

    @staticmethod
    def resolve_decision(obj):
        return obj.decision if obj.decided_at else ""

    @staticmethod
    def resolve_history(obj, context):
        return selectors.dispute_timeline(dispute=obj, user=context["request"].auth)

    @staticmethod
    def resolve_open_steps(obj):
        return list(open_tasks(obj))


class DisputeFilter(Paging):
    stage: str = Field("", max_length=30, description="A stage, or `open` for all open ones")
    compact: str = Field("", max_length=60, description="A compact's slug")
    sort: Literal["newest", "oldest", "due", "reference"] = "newest"


def visible_dispute(request, reference: str) -> Dispute:
    """The dispute, if the caller may see it; otherwise it does not exist (404)."""
    dispute = selectors.visible_dispute(request.auth, reference)
    if dispute is None:
        raise Http404
    return dispute


@router.get("", response={200: page_of(DisputeSummaryOut), **ERRORS}, summary="My disputes")
def disputes(request, filters: Query[DisputeFilter]):
    """Disputes you may see: as a party, the Champion, a joint body member or the
    mediator."""
    ids = selectors.dispute_page_ids(
        user=request.auth, stage=filters.stage, compact=filters.compact, sort=filters.sort
    )
    return paged(ids, filters, _disputes_in_order)


def _disputes_in_order(ids) -> list:
    """The page's disputes, read by id, in the page's order."""
    rows = Dispute.objects.select_related("compact", "complainant", "respondent").in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


class DraftOut(Schema):
    id: int
    title: str
    created_at: datetime.datetime
    saved_at: datetime.datetime
    deleted_on: datetime.date = Field(..., description="When it goes unless saved again")
    continue_url: str = Field(..., description="The page that continues it")

    @staticmethod
    def resolve_continue_url(obj):
        from django.urls import reverse

        return f"{reverse('dispute-new')}?draft={obj.pk}"


@router.get("/drafts", response={200: list[DraftOut], **ERRORS}, summary="My draft disputes")
def drafts(request):
    """Disputes you began on the pages and have not sent, last saved first. A draft is the
    raise form's state: continue it on the page, or send a complete dispute with
    `POST /disputes`."""
    return selectors.drafts_of(request.auth)


@router.delete("/drafts/{draft_id}", response={204: None, **ERRORS}, summary="Delete a draft")
def delete_draft(request, draft_id: int):
    """Delete one of your drafts and the evidence it holds. It cannot be undone."""
    draft = selectors.draft_of(request.auth, draft_id)
    if draft is None:
        raise Http404
    services.draft_delete(draft=draft, by=request.auth)
    return Status(204, None)


@router.get("/{reference}", response={200: DisputeOut, **ERRORS}, summary="A dispute")
def dispute(request, reference: str):
    """Its stage, due date, open steps and history. Mediation papers are without
    prejudice: only those entitled see them."""
    found = visible_dispute(request, reference)
    _looked(request, found)
    return found


def _looked(request, dispute: Dispute, what: str = "") -> None:
    """Who read the dispute through the API (the access log)."""
    access_record(
        user=request.auth,
        compact_id=dispute.compact_id,
        kind=AccessEvent.Kind.DISPUTE,
        reference=dispute.reference,
        what=what,
        via=AccessEvent.Via.API,
    )


class RaiseIn(Schema):
    compact: str = Field(..., max_length=60, description="The compact's slug")
    complainant: str = Field(..., max_length=220, description="Your organisation's slug")
    respondent: str = Field(..., max_length=220, description="The other organisation's slug")
    commitments: list[str] = Field(
        ..., max_length=50, description="Refs of the commitments you say were broken"
    )
    subject: str = Field(
        "",
        max_length=120,
        description="A short title; the first words of what happened if not given",
    )
    what_happened: str = Field(..., max_length=10_000)
    happened_on: datetime.date
    already_tried: str = Field(..., max_length=10_000)
    outcome_sought: str = Field(..., max_length=10_000)
    raised_from: Literal["", "departure", "award"] = Field(
        "",
        description="The record the dispute is about, with `raised_from_id`: a departure from "
        "the Compact, or an award challenged in its standstill (an exercise's id), which holds "
        "the contract while the dispute is open",
    )
    raised_from_id: int | None = Field(None, ge=1)


@router.post(
    "",
    response={201: DisputeOut, 200: DisputeOut, **ERRORS},
    summary="Raise a dispute",
)
def raise_dispute(
    request,
    payload: RaiseIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        pattern=r"^[A-Za-z0-9._:-]{1,40}$",
        description="Send the same key again and you get the first dispute back, not a new one",
    ),
):
    """Raise a dispute for your organisation against another signatory. Send an
    `Idempotency-Key` so that a retry never makes a second dispute."""
    errors = {}
    compact = Compact.objects.filter(slug=payload.compact).first()
    if compact is None:
        errors["compact"] = ValidationError(_("No compact has that slug"), code="unknown")
    organisations = {
        o.slug: o
        for o in Organisation.objects.filter(slug__in=[payload.complainant, payload.respondent])
    }
    for field in ("complainant", "respondent"):
        if getattr(payload, field) not in organisations:
            errors[field] = ValidationError(_("No organisation has that slug"), code="unknown")
    commitments = []
    if compact is not None:
        commitments = list(Commitment.objects.filter(compact=compact, ref__in=payload.commitments))
        if len(commitments) != len(set(payload.commitments)):
            errors["commitments"] = ValidationError(
                _("Give refs of this compact's commitments"), code="unknown"
            )
    if errors:
        raise ValidationError(errors)
    key = f"api:{request.auth.pk}:{idempotency_key}" if idempotency_key else secrets.token_hex(16)
    found, created = services.dispute_raise(
        compact=compact,
        by=request.auth,
        complainant=organisations[payload.complainant],
        respondent=organisations[payload.respondent],
        commitments=commitments,
        subject=payload.subject,
        what_happened=payload.what_happened,
        happened_on=payload.happened_on,
        already_tried=payload.already_tried,
        outcome_sought=payload.outcome_sought,
        submission_key=key[:64],
        source=(payload.raised_from, payload.raised_from_id)
        if payload.raised_from and payload.raised_from_id
        else None,
    )
    if not request.auth.has_perm("cases.view_dispute", found):
        raise Http404  # a key reused across users never reveals another's dispute
    return Status(201 if created else 200, found)


class WithdrawIn(Schema):
    reason: str = Field("", max_length=10_000)


@router.post(
    "/{reference}/withdraw", response={200: DisputeOut, **ERRORS}, summary="Withdraw a dispute"
)
def withdraw(request, reference: str, payload: WithdrawIn):
    """The complainant withdraws the dispute at any open stage."""
    found = visible_dispute(request, reference)
    if not found.is_open:
        raise ValidationError(_("The dispute is closed already."), code="closed")
    if not request.auth.has_perm("cases.withdraw_dispute", found):
        raise PermissionDenied(_("Only the complainant can withdraw the dispute."))
    services.dispute_withdraw(dispute=found, by=request.auth, reason=payload.reason)
    found.refresh_from_db()
    return found


class AnswerIn(Schema):
    account: str = Field(..., max_length=10_000, description="Your account of what happened")
    accepted: list[str] = Field(
        [], max_length=50, description="Refs of the commitments you accept you broke"
    )
    disputed: list[str] = Field(
        [], max_length=50, description="Refs of the commitments you say you kept"
    )
    already_done: str = Field("", max_length=5_000)
    offer: str = Field("", max_length=5_000)


@router.post(
    "/{reference}/answer", response={201: DisputeOut, **ERRORS}, summary="Answer a dispute"
)
def answer(request, reference: str, payload: AnswerIn):
    """The respondent's answer, once: its account, and for every commitment the dispute
    names, whether it accepts it broke it (`accepted`) or says it kept it (`disputed`).
    A second answer is refused (409)."""
    found = visible_dispute(request, reference)
    named = {c.ref: c for c in found.commitments.all()}
    unknown = set(payload.accepted + payload.disputed) - set(named)
    if unknown:
        raise ValidationError(
            {"commitments": _("Give refs of the commitments the dispute names")}, code="unknown"
        )
    services.dispute_answer(
        dispute=found,
        by=request.auth,
        account=payload.account,
        accepted=[named[ref] for ref in payload.accepted],
        disputed=[named[ref] for ref in payload.disputed],
        already_done=payload.already_done,
        offer=payload.offer,
    )
    found.refresh_from_db()
    return Status(201, found)


class ExtendIn(Schema):
    days: int = Field(..., ge=1, le=60, description="More working days to answer")
    reason: str = Field(..., max_length=2_000, description="Both parties see it")


@router.post(
    "/{reference}/answer/extend",
    response={200: DisputeOut, **ERRORS},
    summary="Give more time to answer",
)
def extend_answer(request, reference: str, payload: ExtendIn):
    """The Champion gives the respondent more working days to answer, with a reason both
    parties see."""
    found = visible_dispute(request, reference)
    services.dispute_extend_answer(
        dispute=found, by=request.auth, days=payload.days, reason=payload.reason
    )
    found.refresh_from_db()
    return found


class MessageOut(Schema):
    id: int
    author: str
    role: str
    body: str
    without_prejudice: bool
    attachment: str | None = Field(None, description="The attached file's name")
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj):
        return obj.author.get_full_name() or obj.author.username

    @staticmethod
    def resolve_attachment(obj):
        return obj.attachment.original_name if obj.attachment else None


@router.get(
    "/{reference}/messages",
    response={200: page_of(MessageOut), **ERRORS},
    summary="A dispute's messages",
)
def dispute_messages(request, reference: str, paging: Query[Paging]):
    """The messages between the parties, the Champion and the mediator that you may read,
    oldest first. Those written in mediation are without prejudice: only the parties and
    the mediator read them."""
    found = visible_dispute(request, reference)
    _looked(request, found, "Messages")
    visible = selectors.dispute_messages(dispute=found, user=request.auth)
    messages = found.messages.filter(pk__in=[m.pk for m in visible])
    return paged(
        messages.select_related("author", "attachment").order_by("created_at", "id"), paging
    )


class MessageIn(Schema):
    body: str = Field(..., max_length=5_000)


@router.post(
    "/{reference}/messages",
    response={201: MessageOut, **ERRORS},
    summary="Write to the others on a dispute",
)
def post_message(request, reference: str, payload: MessageIn):
    """A party, the Champion or, in mediation, the mediator writes to the others, who are
    told by e-mail."""
    found = visible_dispute(request, reference)
    message = services.dispute_post_message(dispute=found, by=request.auth, body=payload.body)
    return Status(201, message)


class DocumentOut(Schema):
    id: int
    name: str = Field(..., alias="original_name")
    content_type: str
    size: int
    stage: str
    without_prejudice: bool
    created_at: datetime.datetime


@router.post(
    "/{reference}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="Add a document to a dispute",
)
def add_document(request, reference: str, file: File[UploadedFile]):
    """Send one file as `multipart/form-data` (field `file`): evidence, minutes, letters.
    The same checks as the pages: PDF, Word, OpenDocument, plain text, JPEG or PNG,
    smaller than 10MB, its content matching its type. A party's paper in mediation is
    without prejudice. With `POST /disputes` first, an organisation's own system can
    raise a complete dispute."""
    found = visible_dispute(request, reference)
    try:
        check_upload(file)
    except ValidationError as error:  # the file's fault: on its field, 422
        raise ValidationError(
            {"file": [ValidationError(m, code="upload") for m in error.messages]}
        ) from None
    document = services.dispute_add_document(dispute=found, by=request.auth, upload=file)
    return Status(201, document)


class ChallengeIn(Schema):
    text: str = Field(..., max_length=2_000, description="What was not done")


@router.post(
    "/{reference}/remedies/{remedy_id}/challenge",
    response={200: DisputeOut, **ERRORS},
    summary="Say a remedy was not done",
)
def challenge_remedy(request, reference: str, remedy_id: int, payload: ChallengeIn):
    """The complainant says a remedy was not carried out; the joint body reads it before
    it confirms the remedy. Remedies are reported done and confirmed as steps
    (`/tasks/<id>/complete`)."""
    found = visible_dispute(request, reference)
    remedy = found.remedies.filter(pk=remedy_id).first()
    if remedy is None:
        raise Http404
    services.remedy_challenge(remedy=remedy, by=request.auth, text=payload.text)
    found.refresh_from_db()
    return found
