"""The Compact's dispute procedure, as a workflow.

A member of a signatory organisation raises a dispute. The compact's Champion triages it:
outside the Compact (closed, with reasons) or accepted into informal resolution. The
Champion works the informal stage with both parties; it ends resolved, or escalates to
mediation. The joint body appoints a mediator from its roster; the complainant and then
the respondent accept the mediator or object (an objection sends it back for another
appointment). The mediator records an agreement, or no agreement, which sends the dispute
to arbitration. The joint body forms a panel with both sectors represented and no member
from either party's organisation; the panel's chair records the reasoned decision, and a
decision letter goes to both parties.

When the Champion accepts a dispute, the respondent is asked for its answer, beside the
informal stage and on its own working-day clock (`DisputeAnswer`); the procedure ends when
both branches have. Every stage runs on a working-day clock. A reminder goes to whoever
holds the step before the stage's due date; when the due date passes the joint body's
chair is told. Neither interrupts the step. The complainant can withdraw at any open
stage, which cancels whatever step is open.

The people's steps are completed from our own pages through `cases/disputes/services/`;
the flow's views are never routed to."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases.disputes import clock
from cases.disputes.models import DisputeProcess, DisputeStage, RemedyProcess
from workflows.nodes import clocked, step


def _stage_is(stage):
    return lambda activation: activation.process.dispute.stage == stage


class DisputeFlow(flow.Flow):
    """Dispute procedure: triage, informal resolution, mediation, arbitration."""

    process_class = DisputeProcess
    lock_impl = lock.select_for_update_lock  # real on PostgreSQL; SQLite serialises writes

    start = flow.StartHandle(this.start_dispute).Next(this.triage)
    # A remedy not carried out: the joint body reopens the dispute, with the Champion.
    reopen = flow.StartHandle(this.start_dispute).Next(this.informal)

    triage = clocked(step(_("Triage the dispute")).Assign(this.champion)).Next(this.after_triage)
    after_triage = (
        flow.If(_stage_is(DisputeStage.INFORMAL)).Then(this.accepted).Else(this.closed_at_triage)
    )
    # Accepted: informal resolution starts, and beside it the respondent is asked to answer.
    accepted = flow.Split().Next(this.informal).Next(this.answer)

    answer = (
        step(_("Answer the dispute"))
        .Assign(this.respondent_user)
        .OnTimeout(
            this.answer_reminder_at, this.send_reminder, interrupting=False, title=_("Reminder")
        )
        .OnTimeout(
            this.answer_escalation_at, this.send_escalation, interrupting=False, title=_("Late")
        )
        .Next(this.answered)
    )

    informal = clocked(step(_("Work towards an informal resolution")).Assign(this.champion)).Next(
        this.after_informal
    )
    after_informal = (
        flow.If(_stage_is(DisputeStage.MEDIATION))
        .Then(this.appoint_mediator)
        .Else(this.resolved_informally)
    )

    appoint_mediator = clocked(
        step(_("Appoint a mediator")).Permission(auto_create=True, help_text=_("Appoint mediators"))
    ).Next(this.complainant_confirms_mediator)
    complainant_confirms_mediator = clocked(
        step(_("Accept or object to the mediator")).Assign(this.complainant_user)
    ).Next(this.after_complainant_confirms)
    after_complainant_confirms = (
        flow.If(this.complainant_accepted)
        .Then(this.respondent_confirms_mediator)
        .Else(this.appoint_mediator)
    )
    respondent_confirms_mediator = clocked(
        step(_("Accept or object to the mediator")).Assign(this.respondent_user)
    ).Next(this.after_respondent_confirms)
    after_respondent_confirms = (
        flow.If(this.respondent_accepted).Then(this.mediation).Else(this.appoint_mediator)
    )

    mediation = clocked(step(_("Mediate the dispute")).Assign(this.mediator_user)).Next(
        this.after_mediation
    )
    after_mediation = (
        flow.If(_stage_is(DisputeStage.ARBITRATION))
        .Then(this.form_panel)
        .Else(this.mediated_agreement)
    )

    form_panel = clocked(
        step(_("Form an arbitration panel")).Permission(
            auto_create=True, help_text=_("Form arbitration panels")
        )
    ).Next(this.arbitration)
    arbitration = clocked(step(_("Decide the dispute")).Assign(this.panel_chair_user)).Next(
        this.send_decision_letter
    )
    send_decision_letter = flow.Function(this.queue_decision_letter).Next(this.decided)

    send_reminder = flow.Function(this.remind_holder).Next(this.reminder_sent)
    send_escalation = flow.Function(this.escalate_to_chair).Next(this.escalation_sent)

    closed_at_triage = flow.End()
    resolved_informally = flow.End()
    mediated_agreement = flow.End()
    decided = flow.End()
    answered = flow.End()  # the procedure goes on; it ends when its other branch does
    reminder_sent = flow.End()
    escalation_sent = flow.End()

    def start_dispute(self, activation, dispute):
        activation.process.dispute = dispute
        return activation.process

    # Who holds each step.

    def champion(self, activation):
        return activation.process.dispute.compact.champion

    def complainant_user(self, activation):
        return activation.process.dispute.raised_by

    def respondent_user(self, activation):
        from cases.disputes.selectors import respondent_contact

        return respondent_contact(activation.process.dispute)

    def mediator_user(self, activation):
        mediator = activation.process.dispute.mediator
        return mediator.user if mediator else None

    def panel_chair_user(self, activation):
        chair = activation.process.dispute.panel_chair
        return chair.user if chair else None

    # Routing, from what the step's service recorded on the dispute.

    def complainant_accepted(self, activation):
        return bool(activation.process.dispute.complainant_accepts_mediator)

    def respondent_accepted(self, activation):
        return bool(activation.process.dispute.respondent_accepts_mediator)

    # Clocks.

    def reminder_at(self, activation):
        return clock.reminder_at(activation.process.dispute)

    def escalation_at(self, activation):
        return clock.escalation_at(activation.process.dispute)

    def answer_reminder_at(self, activation):
        return clock.answer_reminder_at(activation.process.dispute)

    def answer_escalation_at(self, activation):
        return clock.answer_escalation_at(activation.process.dispute)

    def remind_holder(self, activation):
        from cases.disputes.services import dispute_send_reminder

        dispute_send_reminder(process=activation.process, timers=activation.task.previous.all())

    def escalate_to_chair(self, activation):
        from cases.disputes.services import dispute_send_escalation

        dispute_send_escalation(process=activation.process, timers=activation.task.previous.all())

    def queue_decision_letter(self, activation):
        from cases.disputes.services import decision_letter_queue

        decision_letter_queue(dispute=activation.process.dispute)


class RemedyFlow(flow.Flow):
    """The follow-up of one remedy a decision or mediated agreement asked for: the party
    that owes it carries it out by its due date (reminded before, the joint body's chair
    told after), then the joint body confirms compliance or reopens the dispute. The
    complainant can say, meanwhile, that it was not done."""

    process_class = RemedyProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_remedy).Next(this.carry_out)
    carry_out = clocked(step(_("Carry out the remedy")).Assign(this.owing_contact)).Next(this.check)
    check = (
        step(_("Confirm the remedy was carried out"))
        .Permission(auto_create=True, help_text=_("Confirm compliance with remedies"))
        .Next(this.followed_up)
    )
    followed_up = flow.End()

    send_reminder = flow.Function(this.remind_holder).Next(this.reminder_sent)
    send_escalation = flow.Function(this.escalate_to_chair).Next(this.escalation_sent)
    reminder_sent = flow.End()
    escalation_sent = flow.End()

    def start_remedy(self, activation, remedy):
        activation.process.remedy = remedy
        return activation.process

    def owing_contact(self, activation):
        from cases.disputes.selectors import contact_of

        remedy = activation.process.remedy
        return contact_of(remedy.owed_by) or remedy.dispute.compact.champion

    def reminder_at(self, activation):
        return clock.remedy_reminder_at(activation.process.remedy)

    def escalation_at(self, activation):
        return clock.remedy_escalation_at(activation.process.remedy)

    def remind_holder(self, activation):
        from cases.disputes.services import remedy_send_notices

        remedy_send_notices(processes=[activation.process.pk], reminder=True)

    def escalate_to_chair(self, activation):
        from cases.disputes.services import remedy_send_notices

        remedy_send_notices(processes=[activation.process.pk], reminder=False)
