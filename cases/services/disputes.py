"""Writes to disputes: each function is one step of the Compact's procedure on the record.

They take the acting user, check permission, make the transition (logged by
django-fsm-log), write the timeline event and set the stage's clock in one transaction,
and send e-mail after it commits. The workflow services (`workflows/services.py`) call
these inside the task's lock, so the record and the task move together.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import can_proceed

from cases.models import (
    Commitment,
    Compact,
    Dispute,
    DisputeDocument,
    DisputeEvent,
    DisputeOutcome,
    DisputeStage,
    JointBodyMember,
    Mediator,
    Membership,
    Organisation,
    Sector,
    Signatory,
)
from cases.notifications import notify
from cases.references import next_reference
from cases.services import is_member
from cases.text import NUL, plain
from cases.uploads import MAX_FILES, check_upload, safe_display_name
from cases.working_days import add_working_days, working_days_between

Kind = DisputeEvent.Kind


def _today() -> datetime.date:
    return timezone.localdate()


def _refuse(message: str, field: str | None = None):
    raise ValidationError({field: message} if field else message)


def _lock(dispute: Dispute) -> Dispute:
    """The dispute's row, locked for this transaction, with its current state."""
    return Dispute.objects.select_for_update().select_related("compact").get(pk=dispute.pk)


def _event(dispute, *, actor, kind, title, body="", without_prejudice=False, occurred_on=None):
    return DisputeEvent.objects.create(
        dispute=dispute,
        actor=actor,
        kind=kind,
        stage=dispute.stage,
        title=plain(title),
        body=plain(body),
        without_prejudice=without_prejudice,
        occurred_on=occurred_on,
    )


def start_stage_clock(dispute: Dispute) -> None:
    """Start the working-day clock of the stage the dispute has just entered."""
    limit = dispute.compact.stage_limit(dispute.stage)
    today = _today()
    dispute.stage_started_on = today
    dispute.due_on = (
        add_working_days(today, limit, dispute.compact.nation) if limit is not None else None
    )
    dispute.paused_at = None
    dispute.pause_reason = ""
    dispute.working_days_left_at_pause = None
    dispute.reminded_at = None
    dispute.escalated_at = None


def working_days_left(dispute: Dispute) -> int | None:
    if dispute.is_paused:
        return dispute.working_days_left_at_pause
    if dispute.due_on is None:
        return None
    return working_days_between(_today(), dispute.due_on, dispute.compact.nation)


def party_emails(dispute: Dispute) -> list[str]:
    """Everyone told about a dispute's progress: who raised it, and both organisations'
    contacts (or the organisation's own address where it has no contact here)."""
    emails = [dispute.raised_by.email]
    for organisation in (dispute.complainant, dispute.respondent):
        contacts = [
            m.user.email
            for m in organisation.memberships.filter(is_contact=True).select_related("user")
        ]
        emails += contacts or [organisation.email]
    return [e for e in emails if e]


def _notify_parties(dispute, template, **context):
    notify(
        to=party_emails(dispute),
        template=template,
        context={"dispute": dispute, "compact": dispute.compact, **context},
    )


# Who is who.


def is_complainant(user, dispute: Dispute) -> bool:
    return dispute.raised_by_id == getattr(user, "pk", None) or is_member(user, dispute.complainant)


def is_party(user, dispute: Dispute) -> bool:
    return is_complainant(user, dispute) or is_member(user, dispute.respondent)


def stands_aside(user, dispute: Dispute) -> bool:
    """Whether the user is too close to the dispute to act for the joint body on it: a
    party, or holding a seat that represents either party's organisation."""
    return (
        is_party(user, dispute)
        or dispute.compact.joint_body.filter(
            user=user, organisation__in=[dispute.complainant_id, dispute.respondent_id]
        ).exists()
    )


def is_champion(user, dispute: Dispute) -> bool:
    return user.is_authenticated and dispute.compact.champion_id == user.pk


def is_joint_body_chair(user, dispute: Dispute) -> bool:
    """A chair or co-chair of the compact's joint body who does not stand aside."""
    return dispute.compact.joint_body.filter(
        user=user, role__in=[JointBodyMember.Role.CHAIR, JointBodyMember.Role.CO_CHAIR]
    ).exists() and not stands_aside(user, dispute)


def is_mediator(user, dispute: Dispute) -> bool:
    return dispute.mediator_id is not None and dispute.mediator.user_id == user.pk


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Raising a dispute.


def raisable_organisations(user) -> list[Organisation]:
    """The user's organisations that have signed at least one compact."""
    return list(
        Organisation.objects.filter(memberships__user=user, signatures__isnull=False).distinct()
    )


def dispute_create(
    *,
    compact: Compact,
    by,
    complainant: Organisation,
    respondent: Organisation,
    commitments: Iterable[Commitment],
    what_happened: str,
    happened_on: datetime.date,
    already_tried: str,
    outcome_sought: str,
    submission_key: str,
    evidence: Iterable[Any] = (),
) -> tuple[Dispute, bool]:
    """A member of a signatory organisation raises a dispute against another signatory.

    Returns the dispute and whether it is new: the same `submission_key` returns the
    dispute it first made, so a double submit makes one dispute. The caller starts the
    workflow.
    """
    existing = Dispute.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing, False
    _require(is_member(by, complainant), "You can only raise a dispute for your organisation.")
    signed = set(
        Signatory.objects.filter(
            compact=compact, organisation__in=[complainant, respondent]
        ).values_list("organisation_id", flat=True)
    )
    errors = {}
    if complainant.pk not in signed:
        errors["complainant"] = f"{complainant} has not signed {compact}"
    if respondent.pk == complainant.pk:
        errors["respondent"] = "Choose a different organisation from your own"
    elif respondent.pk not in signed:
        errors["respondent"] = f"{respondent} has not signed {compact}"
    commitments = list(commitments)
    if not commitments:
        errors["commitments"] = "Select the commitments you say were broken"
    elif any(c.compact_id != compact.pk for c in commitments):
        errors["commitments"] = "Select commitments of this compact only"
    if happened_on > _today():
        errors["happened_on"] = "The date it happened must be today or in the past"
    for field, text in (
        ("what_happened", what_happened),
        ("already_tried", already_tried),
        ("outcome_sought", outcome_sought),
    ):
        if NUL in (text or ""):
            errors[field] = "Remove the hidden control characters from this text"
        elif not (text or "").strip():
            errors[field] = "This cannot be blank"
    evidence = list(evidence)
    if len(evidence) > MAX_FILES:
        errors["evidence"] = f"Attach up to {MAX_FILES} files"
    content_types = []
    for upload in evidence:
        try:
            content_types.append(check_upload(upload))
        except ValidationError as error:
            errors["evidence"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            dispute = Dispute(
                reference=next_reference(compact=compact, kind="D", model=Dispute),
                compact=compact,
                raised_by=by,
                complainant=complainant,
                respondent=respondent,
                what_happened=what_happened.strip(),
                happened_on=happened_on,
                already_tried=already_tried.strip(),
                outcome_sought=outcome_sought.strip(),
                submission_key=submission_key,
            )
            start_stage_clock(dispute)
            dispute.save()
            dispute.commitments.set(commitments)
            _event(
                dispute,
                actor=by,
                kind=Kind.RAISED,
                title=f"{complainant} raised the dispute",
                body=", ".join(f"{c.ref} {c.title}" for c in commitments),
            )
            for upload, content_type in zip(evidence, content_types, strict=True):
                _store_document(dispute, by=by, upload=upload, content_type=content_type)
    except IntegrityError:
        return Dispute.objects.get(submission_key=submission_key), False
    _notify_parties(dispute, "dispute_raised")
    if compact.champion and compact.champion.email:
        notify(
            to=[compact.champion.email],
            template="dispute_for_champion",
            context={"dispute": dispute, "compact": compact},
        )
    return dispute, True


def _store_document(dispute, *, by, upload, content_type) -> DisputeDocument:
    # Papers the parties or the mediator put in during mediation are without prejudice.
    without_prejudice = dispute.stage == DisputeStage.MEDIATION and (
        is_party(by, dispute) or is_mediator(by, dispute)
    )
    document = DisputeDocument(
        dispute=dispute,
        uploaded_by=by,
        original_name=safe_display_name(upload.name),
        content_type=content_type,
        size=upload.size,
        stage=dispute.stage,
        without_prejudice=without_prejudice,
    )
    document.file.save("upload", upload, save=False)
    document.save()
    _event(
        dispute,
        actor=by,
        kind=Kind.DOCUMENT,
        title=f"Document added: {document.original_name}",
        without_prejudice=without_prejudice,
    )
    return document


def dispute_add_document(*, dispute: Dispute, by, upload) -> DisputeDocument:
    """A party, the Champion or the mediator adds a document. During mediation it is a
    without-prejudice paper: the parties and the mediator see it, the panel never does."""
    _require(
        is_party(by, dispute)
        or is_champion(by, dispute)
        or (is_mediator(by, dispute) and dispute.stage == DisputeStage.MEDIATION),
        "Only the parties, the Champion and, during mediation, the mediator can add documents.",
    )
    content_type = check_upload(upload)
    with transaction.atomic():
        dispute = _lock(dispute)
        if not dispute.is_open:
            _refuse("Documents cannot be added to a dispute that has ended.")
        return _store_document(dispute, by=by, upload=upload, content_type=content_type)


# The stages.


def _transition(dispute, method, *, by, description):
    if not can_proceed(method):
        _refuse(
            f"This dispute is at {dispute.get_stage_display().lower()}: "
            "that step is not open now. Nothing was changed."
        )
    method(by=by, description=description)


@transaction.atomic
def dispute_accept(*, dispute: Dispute, by, note: str = "") -> Dispute:
    """Triage: the Champion accepts the dispute into informal resolution."""
    _require(is_champion(by, dispute), "Only the compact's Champion triages disputes.")
    dispute = _lock(dispute)
    _transition(dispute, dispute.accept, by=by, description=note or "Accepted at triage")
    start_stage_clock(dispute)
    dispute.save()
    _event(dispute, actor=by, kind=Kind.STAGE, title="Accepted into informal resolution", body=note)
    _notify_parties(dispute, "dispute_stage")
    return dispute


@transaction.atomic
def dispute_close_outside_compact(*, dispute: Dispute, by, reasons: str) -> Dispute:
    """Triage: the Champion closes the dispute as outside the Compact, giving reasons."""
    _require(is_champion(by, dispute), "Only the compact's Champion triages disputes.")
    if not (reasons or "").strip():
        _refuse("Enter the reasons the dispute is outside the Compact", "reasons")
    dispute = _lock(dispute)
    return _close_by(
        dispute,
        dispute.close_as_outside_compact,
        by=by,
        text=reasons,
        title="Closed: outside the Compact",
    )


def _close(dispute, reasons):
    dispute.outcome_reasons = reasons
    dispute.closed_at = timezone.now()
    dispute.due_on = None
    dispute.paused_at = None
    dispute.save()


def _close_by(dispute, transition, *, by, text, title):
    """Close the dispute with `transition`: log it, stop the clock, write the timeline and
    tell both parties."""
    _transition(dispute, transition, by=by, description=text)
    _close(dispute, text)
    _event(dispute, actor=by, kind=Kind.STAGE, title=title, body=text)
    _notify_parties(dispute, "dispute_closed")
    return dispute


@transaction.atomic
def dispute_add_note(
    *, dispute: Dispute, by, kind: str, text: str, occurred_on: datetime.date | None = None
) -> DisputeEvent:
    """The Champion (or in mediation, the mediator) notes a contact or a meeting."""
    if kind not in (Kind.NOTE, Kind.CONTACT, Kind.MEETING):
        _refuse("Choose whether this is a note, a contact or a meeting", "kind")
    if not (text or "").strip():
        _refuse("Enter the note", "text")
    if occurred_on and occurred_on > _today():
        _refuse("The date must be today or in the past", "occurred_on")
    dispute = _lock(dispute)
    if dispute.stage == DisputeStage.MEDIATION:
        _require(is_mediator(by, dispute), "During mediation only the mediator keeps notes.")
    else:
        _require(is_champion(by, dispute), "Only the Champion keeps notes at this stage.")
    if not dispute.is_open:
        _refuse("Notes cannot be added to a dispute that has ended.")
    label = Kind(kind).label
    return _event(
        dispute,
        actor=by,
        kind=kind,
        title=label,
        body=text.strip(),
        occurred_on=occurred_on,
        without_prejudice=dispute.stage == DisputeStage.MEDIATION,
    )


@transaction.atomic
def dispute_resolve_informally(*, dispute: Dispute, by, summary: str) -> Dispute:
    _require(is_champion(by, dispute), "Only the Champion closes the informal stage.")
    if not (summary or "").strip():
        _refuse("Enter how the dispute was resolved", "summary")
    dispute = _lock(dispute)
    return _close_by(
        dispute, dispute.resolve_informally, by=by, text=summary, title="Resolved informally"
    )


def stage_time_has_run_out(dispute: Dispute) -> bool:
    return dispute.due_on is not None and not dispute.is_paused and _today() > dispute.due_on


@transaction.atomic
def dispute_escalate_to_mediation(*, dispute: Dispute, by, reason: str) -> Dispute:
    """Informal resolution ends without agreement: the dispute goes to mediation. The
    Champion can do this at any time; either party once the stage's time limit has passed."""
    dispute = _lock(dispute)
    if not is_champion(by, dispute):
        _require(is_party(by, dispute), "Only the Champion or a party can ask for mediation.")
        if not stage_time_has_run_out(dispute):
            _refuse(
                "A party can ask for mediation once informal resolution has run past its "
                f"time limit, on {dispute.due_on:%-d %B %Y}."
                if dispute.due_on
                else "A party can ask for mediation once the time limit has passed."
            )
    if not (reason or "").strip():
        _refuse("Enter why the dispute needs mediation", "reason")
    _transition(dispute, dispute.escalate_to_mediation, by=by, description=reason)
    start_stage_clock(dispute)
    dispute.save()
    _event(dispute, actor=by, kind=Kind.STAGE, title="Escalated to mediation", body=reason)
    _notify_parties(dispute, "dispute_stage")
    return dispute


def eligible_mediators(dispute: Dispute):
    """Active mediators on the compact's roster who work for neither party."""
    party_users = Membership.objects.filter(
        organisation__in=[dispute.complainant_id, dispute.respondent_id]
    ).values("user")
    return (
        Mediator.objects.filter(compact=dispute.compact, is_active=True)
        .exclude(user__in=party_users)
        .exclude(user=dispute.raised_by_id)
        .select_related("user")
    )


def is_joint_body_member(user, dispute: Dispute) -> bool:
    return dispute.compact.joint_body.filter(user=user).exists()


def acts_for_joint_body(user, dispute: Dispute) -> bool:
    """A joint body member who may take the joint body's steps on this dispute."""
    return is_joint_body_member(user, dispute) and not stands_aside(user, dispute)


@transaction.atomic
def dispute_appoint_mediator(*, dispute: Dispute, by, mediator: Mediator) -> Dispute:
    """The joint body appoints a mediator from its roster; both parties are asked to accept."""
    _require(
        acts_for_joint_body(by, dispute),
        "Only joint body members who are not party to the dispute appoint mediators.",
    )
    dispute = _lock(dispute)
    if dispute.stage != DisputeStage.MEDIATION:
        _refuse("A mediator can only be appointed while the dispute is in mediation.")
    if not eligible_mediators(dispute).filter(pk=mediator.pk).exists():
        _refuse("Choose an active mediator from the roster who works for neither party", "mediator")
    dispute.mediator = mediator
    dispute.complainant_accepts_mediator = None
    dispute.respondent_accepts_mediator = None
    dispute.save()
    name = mediator.user.get_full_name() or mediator.user.username
    _event(dispute, actor=by, kind=Kind.MEDIATOR, title=f"{name} appointed as mediator")
    _notify_parties(dispute, "dispute_mediator", mediator_name=name)
    return dispute


@transaction.atomic
def dispute_confirm_mediator(
    *, dispute: Dispute, by, party: str, accepts: bool, reason: str = ""
) -> Dispute:
    """A party accepts the appointed mediator, or objects with a reason."""
    dispute = _lock(dispute)
    if party not in ("complainant", "respondent"):
        _refuse("Unknown party")
    if party == "complainant":
        allowed = is_complainant(by, dispute)
    else:
        respondent_has_members = Membership.objects.filter(
            organisation=dispute.respondent_id
        ).exists()
        allowed = is_member(by, dispute.respondent) or (
            not respondent_has_members and is_champion(by, dispute)
        )
    _require(allowed, f"Only the {party} can answer for the {party}.")
    if dispute.mediator_id is None or dispute.stage != DisputeStage.MEDIATION:
        _refuse("There is no mediator waiting for an answer.")
    if not accepts and not (reason or "").strip():
        _refuse("Enter why you object to the mediator", "reason")
    setattr(dispute, f"{party}_accepts_mediator", accepts)
    name = dispute.mediator.user.get_full_name()
    if accepts:
        title = f"The {party} accepted {name} as mediator"
    else:
        title = f"The {party} objected to {name} as mediator"
        dispute.mediator = None
    dispute.save()
    _event(dispute, actor=by, kind=Kind.MEDIATOR, title=title, body=reason)
    return dispute


@transaction.atomic
def dispute_record_mediation_result(*, dispute: Dispute, by, agreed: bool, summary: str) -> Dispute:
    """The mediator records an agreement (closed) or no agreement (arbitration). The summary
    is shared; mediation papers stay without prejudice."""
    dispute = _lock(dispute)
    _require(is_mediator(by, dispute), "Only the dispute's mediator records the result.")
    if not (summary or "").strip():
        _refuse("Enter a summary of the result", "summary")
    if agreed:
        _close_by(
            dispute,
            dispute.record_mediated_agreement,
            by=by,
            text=summary,
            title="Mediated agreement",
        )
    else:
        _transition(dispute, dispute.refer_to_arbitration, by=by, description=summary)
        start_stage_clock(dispute)
        dispute.save()
        _event(
            dispute,
            actor=by,
            kind=Kind.STAGE,
            title="No agreement in mediation: referred to arbitration",
            body=summary,
        )
        _notify_parties(dispute, "dispute_stage")
    return dispute


def eligible_panel_members(dispute: Dispute):
    """Joint body members who may sit: none from either party's organisation, nor anyone
    who works for either party, nor the mediator."""
    party_users = Membership.objects.filter(
        organisation__in=[dispute.complainant_id, dispute.respondent_id]
    ).values("user")
    seats = (
        dispute.compact.joint_body.exclude(
            organisation__in=[dispute.complainant_id, dispute.respondent_id]
        )
        .exclude(user__in=party_users)
        .exclude(user=dispute.raised_by_id)
        .select_related("user", "organisation")
    )
    if dispute.mediator_id:
        seats = seats.exclude(user=dispute.mediator.user_id)
    return seats


@transaction.atomic
def dispute_form_panel(
    *, dispute: Dispute, by, members: Iterable[JointBodyMember], chair: JointBodyMember
) -> Dispute:
    """The joint body forms an arbitration panel: both sectors, no one from either party."""
    _require(
        acts_for_joint_body(by, dispute),
        "Only joint body members who are not party to the dispute form panels.",
    )
    dispute = _lock(dispute)
    if dispute.stage != DisputeStage.ARBITRATION:
        _refuse("A panel can only be formed while the dispute is in arbitration.")
    members = list(members)
    eligible = set(eligible_panel_members(dispute).values_list("pk", flat=True))
    errors = {}
    if any(m.pk not in eligible for m in members):
        errors["members"] = (
            "A panel member cannot come from either party's organisation, work for either "
            "party, or be the mediator"
        )
    elif {m.organisation.sector for m in members} != {Sector.STATUTORY, Sector.VCS}:
        errors["members"] = "Choose members from both sectors"
    if chair not in members:
        errors["chair"] = "Choose the panel's chair from its members"
    if errors:
        raise ValidationError(errors)
    dispute.panel.set(members)
    dispute.panel_chair = chair
    dispute.save()
    names = ", ".join(m.user.get_full_name() or m.user.username for m in members)
    _event(dispute, actor=by, kind=Kind.PANEL, title="Arbitration panel formed", body=names)
    _notify_parties(dispute, "dispute_panel", panel_names=names)
    return dispute


@transaction.atomic
def dispute_decide(*, dispute: Dispute, by, outcome: str, decision: str) -> Dispute:
    """The panel's chair records the panel's reasoned decision."""
    dispute = _lock(dispute)
    _require(
        dispute.panel_chair_id is not None and dispute.panel_chair.user_id == by.pk,
        "Only the chair of the dispute's panel records its decision.",
    )
    if outcome not in DisputeOutcome.arbitration_outcomes():
        _refuse("Choose upheld, partly upheld or not upheld", "outcome")
    if len((decision or "").strip()) < 20:
        _refuse("Give the panel's reasons for its decision", "decision")
    dispute.outcome = outcome
    _transition(dispute, dispute.decide, by=by, description=dispute.get_outcome_display())
    dispute.decision = decision.strip()
    dispute.decided_at = timezone.now()
    _close(dispute, decision.strip())
    _event(
        dispute,
        actor=by,
        kind=Kind.DECISION,
        title=f"Decision: {dispute.get_outcome_display()}",
        body=dispute.decision,
    )
    return dispute


@transaction.atomic
def _record_withdrawal(*, dispute: Dispute, by, reason: str = "") -> Dispute:
    """The complainant withdraws the dispute at any open stage. The caller cancels the
    workflow's open steps in the same transaction."""
    dispute = _lock(dispute)
    _require(is_complainant(by, dispute), "Only the complainant can withdraw a dispute.")
    _transition(dispute, dispute.withdraw, by=by, description=reason or "Withdrawn")
    dispute.closed_at = timezone.now()
    dispute.due_on = None
    dispute.paused_at = None
    dispute.save()
    _event(dispute, actor=by, kind=Kind.STAGE, title="Withdrawn by the complainant", body=reason)
    _notify_parties(dispute, "dispute_closed")
    return dispute


# The clock.


def can_manage_clock(user, dispute: Dispute) -> bool:
    return is_champion(user, dispute) or is_joint_body_chair(user, dispute)


@transaction.atomic
def _record_pause(*, dispute: Dispute, by, reason: str) -> Dispute:
    """Stop the stage's clock, with a reason both parties see."""
    _require(can_manage_clock(by, dispute), "Only the Champion or the chair can pause the clock.")
    if not (reason or "").strip():
        _refuse("Enter the reason the clock is paused; both parties will see it", "reason")
    dispute = _lock(dispute)
    if dispute.is_paused:
        _refuse("The clock is already paused.")
    if not dispute.is_open or dispute.due_on is None:
        _refuse("This dispute has no clock running.")
    dispute.working_days_left_at_pause = working_days_between(
        _today(), dispute.due_on, dispute.compact.nation
    )
    dispute.paused_at = timezone.now()
    dispute.pause_reason = reason.strip()
    dispute.due_on = None
    dispute.save()
    _event(
        dispute,
        actor=by,
        kind=Kind.CLOCK,
        title=f"Clock paused with {dispute.working_days_left_at_pause} working days left",
        body=dispute.pause_reason,
    )
    _notify_parties(dispute, "dispute_clock", paused=True)
    return dispute


@transaction.atomic
def _record_resume(*, dispute: Dispute, by) -> Dispute:
    """Restart the stage's clock with the working days it had left."""
    _require(can_manage_clock(by, dispute), "Only the Champion or the chair can restart the clock.")
    dispute = _lock(dispute)
    if not dispute.is_paused:
        _refuse("The clock is not paused.")
    days_left = max(dispute.working_days_left_at_pause or 0, 0)
    dispute.due_on = add_working_days(_today(), days_left, dispute.compact.nation)
    dispute.paused_at = None
    dispute.pause_reason = ""
    dispute.working_days_left_at_pause = None
    dispute.save()
    _event(
        dispute,
        actor=by,
        kind=Kind.CLOCK,
        title=f"Clock restarted: due {dispute.due_on:%-d %B %Y}",
    )
    _notify_parties(dispute, "dispute_clock", paused=False)
    return dispute


# The decision letter.


def decision_letter_queue(*, dispute: Dispute) -> None:
    """Make the decision letter off the request, once the decision is saved."""
    from cases.tasks import render_decision_letter

    transaction.on_commit(lambda: render_decision_letter.enqueue(dispute_id=dispute.pk))
