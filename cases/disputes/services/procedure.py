"""The dispute procedure's steps, from triage to the panel's decision, and withdrawal.

Each public service completes its step in the procedure (`workflows.services.complete_task`:
inside the task's lock) and records the decision on the dispute in the same transaction;
the record-level helpers it calls are private."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager, nullcontext

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from viewflow.workflow import STATUS
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task

from cases.common.formats import in_english
from cases.common.services import refuse, require
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import (
    Dispute,
    DisputeOutcome,
    DisputeProcess,
    DisputeStage,
)
from cases.disputes.rules import (
    acts_for_joint_body,
    is_champion,
    is_complainant,
    is_mediator,
    is_party,
    stage_time_has_run_out,
)
from cases.disputes.selectors import (
    eligible_mediators,
    eligible_panel_members,
    open_tasks,
)
from cases.disputes.services._base import (
    Kind,
    _ask,
    _ask_for_bundle,
    _close,
    _close_by,
    _event,
    _lock,
    _notify_parties,
    _start_stage_clock,
    _transition,
)
from cases.disputes.services.remedies import _set_remedies
from cases.register.models import (
    JointBodyMember,
    Mediator,
    Membership,
    Sector,
)
from cases.register.rules import is_member
from workflows.services import BUSY, TaskUnavailable, complete_task


@transaction.atomic
def _accept(*, dispute: Dispute, by, note: str = "") -> Dispute:
    """Triage: the Champion accepts the dispute into informal resolution."""
    require(is_champion(by, dispute), _("Only the compact's Champion triages disputes."))
    dispute = _lock(dispute)
    _transition(dispute, dispute.accept, by=by, description=note or "Accepted at triage")
    _start_stage_clock(dispute)
    dispute.save()
    _event(dispute, actor=by, kind=Kind.STAGE, title="Accepted into informal resolution", body=note)
    _notify_parties(dispute, "dispute_stage")
    _ask(dispute)
    return dispute


@transaction.atomic
def _close_outside_compact(*, dispute: Dispute, by, reasons: str) -> Dispute:
    """Triage: the Champion closes the dispute as outside the Compact, giving reasons."""
    require(is_champion(by, dispute), _("Only the compact's Champion triages disputes."))
    if not (reasons or "").strip():
        refuse(_("Enter the reasons the dispute is outside the Compact"), "reasons")
    dispute = _lock(dispute)
    return _close_by(
        dispute,
        dispute.close_as_outside_compact,
        by=by,
        text=reasons,
        title="Closed: outside the Compact",
    )


@transaction.atomic
def _resolve_informally(*, dispute: Dispute, by, summary: str) -> Dispute:
    require(is_champion(by, dispute), _("Only the Champion closes the informal stage."))
    if not (summary or "").strip():
        refuse(_("Enter how the dispute was resolved"), "summary")
    dispute = _lock(dispute)
    return _close_by(
        dispute, dispute.resolve_informally, by=by, text=summary, title="Resolved informally"
    )


@transaction.atomic
def _escalate_to_mediation(*, dispute: Dispute, by, reason: str) -> Dispute:
    """Informal resolution ends without agreement: the dispute goes to mediation. The
    Champion can do this at any time; either party once the stage's time limit has passed."""
    dispute = _lock(dispute)
    if not is_champion(by, dispute):
        require(is_party(by, dispute), _("Only the Champion or a party can ask for mediation."))
        if not stage_time_has_run_out(dispute):
            refuse(
                _(
                    "A party can ask for mediation once informal resolution has run past its "
                    "time limit, on %(date)s."
                )
                % {"date": date_format(dispute.due_on, "j F Y")}
                if dispute.due_on
                else _("A party can ask for mediation once the time limit has passed.")
            )
    if not (reason or "").strip():
        refuse(_("Enter why the dispute needs mediation"), "reason")
    _transition(dispute, dispute.escalate_to_mediation, by=by, description=reason)
    _start_stage_clock(dispute)
    dispute.save()
    _event(dispute, actor=by, kind=Kind.STAGE, title="Escalated to mediation", body=reason)
    _notify_parties(dispute, "dispute_stage")
    return dispute


@transaction.atomic
def _appoint_mediator(*, dispute: Dispute, by, mediator: Mediator) -> Dispute:
    """The joint body appoints a mediator from its roster; both parties are asked to accept."""
    require(
        acts_for_joint_body(by, dispute),
        _("Only joint body members who are not party to the dispute appoint mediators."),
    )
    dispute = _lock(dispute)
    if dispute.stage != DisputeStage.MEDIATION:
        refuse(_("A mediator can only be appointed while the dispute is in mediation."))
    if not eligible_mediators(dispute).filter(pk=mediator.pk).exists():
        refuse(
            _("Choose an active mediator from the roster who works for neither party"), "mediator"
        )
    dispute.mediator = mediator
    dispute.complainant_accepts_mediator = None
    dispute.respondent_accepts_mediator = None
    dispute.save()
    name = mediator.user.get_full_name() or mediator.user.username
    _event(dispute, actor=by, kind=Kind.MEDIATOR, title=f"{name} appointed as mediator")
    _notify_parties(dispute, "dispute_mediator", mediator_name=name)
    return dispute


@transaction.atomic
def _confirm_mediator(
    *, dispute: Dispute, by, party: str, accepts: bool, reason: str = ""
) -> Dispute:
    """A party accepts the appointed mediator, or objects with a reason."""
    dispute = _lock(dispute)
    if party not in ("complainant", "respondent"):
        refuse(_("Unknown party"))
    if party == "complainant":
        allowed = is_complainant(by, dispute)
    else:
        respondent_has_members = Membership.objects.filter(
            organisation=dispute.respondent_id
        ).exists()
        allowed = is_member(by, dispute.respondent) or (
            not respondent_has_members and is_champion(by, dispute)
        )
    require(
        allowed,
        _("Only the complainant can answer for the complainant.")
        if party == "complainant"
        else _("Only the respondent can answer for the respondent."),
    )
    if dispute.mediator_id is None or dispute.stage != DisputeStage.MEDIATION:
        refuse(_("There is no mediator waiting for an answer."))
    if not accepts and not (reason or "").strip():
        refuse(_("Enter why you object to the mediator"), "reason")
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
def _record_mediation_result(
    *, dispute: Dispute, by, agreed: bool, summary: str, remedies=()
) -> Dispute:
    """The mediator records an agreement (closed) or no agreement (arbitration). The summary
    is shared; mediation papers stay without prejudice."""
    dispute = _lock(dispute)
    require(is_mediator(by, dispute), _("Only the dispute's mediator records the result."))
    if not (summary or "").strip():
        refuse(_("Enter a summary of the result"), "summary")
    if remedies and not agreed:
        refuse(_("Remedies can only be set when the parties agreed"))
    if agreed:
        _close_by(
            dispute,
            dispute.record_mediated_agreement,
            by=by,
            text=summary,
            title="Mediated agreement",
        )
        _set_remedies(dispute, list(remedies), by=by)
    else:
        _transition(dispute, dispute.refer_to_arbitration, by=by, description=summary)
        _start_stage_clock(dispute)
        dispute.save()
        _event(
            dispute,
            actor=by,
            kind=Kind.STAGE,
            title="No agreement in mediation: referred to arbitration",
            body=summary,
        )
        _notify_parties(dispute, "dispute_stage")
        _ask_for_bundle(dispute)  # the papers the panel will read
    return dispute


@transaction.atomic
def _form_panel(
    *, dispute: Dispute, by, members: Iterable[JointBodyMember], chair: JointBodyMember
) -> Dispute:
    """The joint body forms an arbitration panel: both sectors, no one from either party."""
    require(
        acts_for_joint_body(by, dispute),
        _("Only joint body members who are not party to the dispute form panels."),
    )
    dispute = _lock(dispute)
    if dispute.stage != DisputeStage.ARBITRATION:
        refuse(_("A panel can only be formed while the dispute is in arbitration."))
    members = list(members)
    eligible = set(eligible_panel_members(dispute).values_list("pk", flat=True))
    errors = {}
    if any(m.pk not in eligible for m in members):
        errors["members"] = _(
            "A panel member cannot come from either party's organisation, work for either "
            "party, or be the mediator"
        )
    elif {m.organisation.sector for m in members} != {Sector.STATUTORY, Sector.VCS}:
        errors["members"] = _("Choose members from both sectors")
    if chair not in members:
        errors["chair"] = _("Choose the panel's chair from its members")
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
def _decide(*, dispute: Dispute, by, outcome: str, decision: str, remedies=()) -> Dispute:
    """The panel's chair records the panel's reasoned decision."""
    dispute = _lock(dispute)
    require(
        dispute.panel_chair_id is not None and dispute.panel_chair.user_id == by.pk,
        _("Only the chair of the dispute's panel records its decision."),
    )
    if outcome not in DisputeOutcome.arbitration_outcomes():
        refuse(_("Choose upheld, partly upheld or not upheld"), "outcome")
    if len((decision or "").strip()) < 20:
        refuse(_("Give the panel's reasons for its decision"), "decision")
    dispute.outcome = outcome
    with in_english():  # the log stays in English
        outcome_label = dispute.get_outcome_display()
    _transition(dispute, dispute.decide, by=by, description=outcome_label)
    dispute.decision = decision.strip()
    dispute.decided_at = timezone.now()
    _close(dispute, decision.strip())
    _event(
        dispute,
        actor=by,
        kind=Kind.DECISION,
        title=f"Decision: {outcome_label}",
        body=dispute.decision,
    )
    if remedies and outcome == DisputeOutcome.NOT_UPHELD:
        refuse(_("A decision that does not uphold the dispute sets no remedies"))
    _set_remedies(dispute, list(remedies), by=by)
    return dispute


@transaction.atomic
def _record_withdrawal(*, dispute: Dispute, by, reason: str = "") -> Dispute:
    """The complainant withdraws the dispute at any open stage. The caller cancels the
    workflow's open steps in the same transaction."""
    dispute = _lock(dispute)
    require(is_complainant(by, dispute), _("Only the complainant can withdraw a dispute."))
    _transition(dispute, dispute.withdraw, by=by, description=reason or "Withdrawn")
    dispute.closed_at = timezone.now()
    dispute.due_on = None
    dispute.paused_at = None
    dispute.save()
    _event(dispute, actor=by, kind=Kind.STAGE, title="Withdrawn by the complainant", body=reason)
    _notify_parties(dispute, "dispute_closed")
    return dispute


# The decision letter.


def decision_letter_queue(*, dispute: Dispute) -> None:
    """Make the decision letter off the request, once the decision is saved."""
    from cases.disputes.jobs import render_decision_letter

    transaction.on_commit(lambda: render_decision_letter.enqueue(dispute_id=dispute.pk))


def triage_complete(*, task: Task, by, accept: bool, text: str = "") -> Task:
    def record(dispute):
        if accept:
            _accept(dispute=dispute, by=by, note=text)
        else:
            _close_outside_compact(dispute=dispute, by=by, reasons=text)

    return complete_task(task, by, [DisputeFlow.triage], record)


def informal_complete(*, task: Task, by, resolved: bool, text: str) -> Task:
    def record(dispute):
        if resolved:
            _resolve_informally(dispute=dispute, by=by, summary=text)
        else:
            _escalate_to_mediation(dispute=dispute, by=by, reason=text)

    return complete_task(task, by, [DisputeFlow.informal], record)


def party_escalate(*, dispute: Dispute, by, reason: str) -> Task:
    """A party asks for mediation once informal resolution has passed its time limit.
    The Champion's informal step is completed on the party's request."""
    task = open_tasks(dispute).filter(flow_task=DisputeFlow.informal).first()
    if task is None:
        raise TaskUnavailable(_("The dispute is not in informal resolution."))

    def record(dispute):
        _escalate_to_mediation(dispute=dispute, by=by, reason=reason)

    return complete_task(task, by, [DisputeFlow.informal], record, holder=False)


def appoint_mediator_complete(*, task: Task, by, mediator) -> Task:
    def record(dispute):
        _appoint_mediator(dispute=dispute, by=by, mediator=mediator)

    return complete_task(task, by, [DisputeFlow.appoint_mediator], record)


def confirm_mediator_complete(*, task: Task, by, accepts: bool, reason: str = "") -> Task:
    party = (
        "complainant"
        if task.flow_task == DisputeFlow.complainant_confirms_mediator
        else "respondent"
    )

    def record(dispute):
        _confirm_mediator(dispute=dispute, by=by, party=party, accepts=accepts, reason=reason)

    return complete_task(
        task,
        by,
        [DisputeFlow.complainant_confirms_mediator, DisputeFlow.respondent_confirms_mediator],
        record,
    )


def mediation_complete(*, task: Task, by, agreed: bool, summary: str, remedies=()) -> Task:
    def record(dispute):
        _record_mediation_result(
            dispute=dispute, by=by, agreed=agreed, summary=summary, remedies=remedies
        )

    return complete_task(task, by, [DisputeFlow.mediation], record)


def form_panel_complete(*, task: Task, by, members, chair) -> Task:
    def record(dispute):
        _form_panel(dispute=dispute, by=by, members=members, chair=chair)

    return complete_task(task, by, [DisputeFlow.form_panel], record)


def arbitration_complete(*, task: Task, by, outcome: str, decision: str, remedies=()) -> Task:
    def record(dispute):
        _decide(dispute=dispute, by=by, outcome=outcome, decision=decision, remedies=remedies)

    return complete_task(task, by, [DisputeFlow.arbitration], record)


# The dispute's papers.


def dispute_bundle_request(*, dispute: Dispute, by) -> bool:
    """Anyone who may see the dispute asks for its papers to be made again, as it stands
    now (the worker makes them). Returns whether a new making was queued (False: one is
    already under way)."""
    require(by.has_perm("cases.view_dispute", dispute), _("You cannot see this dispute."))
    with transaction.atomic():
        return _ask_for_bundle(_lock(dispute))


# Withdrawal and the clock.


@contextmanager
def _procedure_locked(dispute: Dispute):
    """Lock the dispute's procedure, then open a transaction: the same order as completing
    a step or firing a timer (procedure, then dispute), so the two never deadlock."""
    process = DisputeProcess.objects.filter(dispute=dispute, status=STATUS.NEW).first()
    try:
        with DisputeFlow.lock(process.pk) if process else nullcontext(), transaction.atomic():
            yield process
    except FlowLockFailed as error:
        raise TaskUnavailable(BUSY) from error


def dispute_withdraw(*, dispute: Dispute, by, reason: str = "") -> Dispute:
    """The complainant withdraws: the dispute is withdrawn and every open step cancelled."""
    with _procedure_locked(dispute) as process:
        dispute = _record_withdrawal(dispute=dispute, by=by, reason=reason)
        if process is not None:
            DisputeFlow.instance.cancel(process)
    return dispute
