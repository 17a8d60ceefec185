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

Every stage runs on a working-day clock. A reminder goes to whoever holds the step before
the stage's due date; when the due date passes the joint body's chair is told. Neither
interrupts the step. The complainant can withdraw at any open stage, which cancels
whatever step is open.

The people's steps are completed from our own pages through `workflows/services.py`; the
flow's views are never routed to.
"""

from django.http import Http404
from viewflow import this
from viewflow.workflow import flow, lock

from cases.models import DisputeStage
from workflows import clock
from workflows.models import DepartureProcess, DisputeProcess, ExerciseProcess


def not_routed(request, *args, **kwargs):
    """viewflow's View node needs a view; ours are in workflows/views.py."""
    raise Http404


def _step(title):
    return flow.View(not_routed).Annotation(title=title)


def _stage_is(stage):
    return lambda activation: activation.process.dispute.stage == stage


def _clocked(node):
    return node.OnTimeout(
        this.reminder_at, this.send_reminder, interrupting=False, title="Reminder"
    ).OnTimeout(this.escalation_at, this.send_escalation, interrupting=False, title="Overdue")


class DisputeFlow(flow.Flow):
    """Dispute procedure: triage, informal resolution, mediation, arbitration."""

    process_class = DisputeProcess
    lock_impl = lock.select_for_update_lock  # real on PostgreSQL; SQLite serialises writes

    start = flow.StartHandle(this.start_dispute).Next(this.triage)

    triage = _clocked(_step("Triage the dispute").Assign(this.champion)).Next(this.after_triage)
    after_triage = (
        flow.If(_stage_is(DisputeStage.INFORMAL)).Then(this.informal).Else(this.closed_at_triage)
    )

    informal = _clocked(_step("Work towards an informal resolution").Assign(this.champion)).Next(
        this.after_informal
    )
    after_informal = (
        flow.If(_stage_is(DisputeStage.MEDIATION))
        .Then(this.appoint_mediator)
        .Else(this.resolved_informally)
    )

    appoint_mediator = _clocked(
        _step("Appoint a mediator").Permission(auto_create=True, help_text="Appoint mediators")
    ).Next(this.complainant_confirms_mediator)
    complainant_confirms_mediator = _clocked(
        _step("Accept or object to the mediator").Assign(this.complainant_user)
    ).Next(this.after_complainant_confirms)
    after_complainant_confirms = (
        flow.If(this.complainant_accepted)
        .Then(this.respondent_confirms_mediator)
        .Else(this.appoint_mediator)
    )
    respondent_confirms_mediator = _clocked(
        _step("Accept or object to the mediator").Assign(this.respondent_user)
    ).Next(this.after_respondent_confirms)
    after_respondent_confirms = (
        flow.If(this.respondent_accepted).Then(this.mediation).Else(this.appoint_mediator)
    )

    mediation = _clocked(_step("Mediate the dispute").Assign(this.mediator_user)).Next(
        this.after_mediation
    )
    after_mediation = (
        flow.If(_stage_is(DisputeStage.ARBITRATION))
        .Then(this.form_panel)
        .Else(this.mediated_agreement)
    )

    form_panel = _clocked(
        _step("Form an arbitration panel").Permission(
            auto_create=True, help_text="Form arbitration panels"
        )
    ).Next(this.arbitration)
    arbitration = _clocked(_step("Decide the dispute").Assign(this.panel_chair_user)).Next(
        this.send_decision_letter
    )
    send_decision_letter = flow.Function(this.queue_decision_letter).Next(this.decided)

    send_reminder = flow.Function(this.remind_holder).Next(this.reminder_sent)
    send_escalation = flow.Function(this.escalate_to_chair).Next(this.escalation_sent)

    closed_at_triage = flow.End()
    resolved_informally = flow.End()
    mediated_agreement = flow.End()
    decided = flow.End()
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
        from workflows.services import respondent_contact

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

    def remind_holder(self, activation):
        from workflows.services import dispute_send_reminder

        dispute_send_reminder(process=activation.process)

    def escalate_to_chair(self, activation):
        from workflows.services import dispute_send_escalation

        dispute_send_escalation(process=activation.process)

    def queue_decision_letter(self, activation):
        from cases.services.disputes import decision_letter_queue

        decision_letter_queue(dispute=activation.process.dispute)


class StepClocks:
    """The clock methods of the commissioning and departure flows: the step's timers are
    armed as it opens, the first to ask starts its clock, and each fires one message."""

    def reminder_at(self, activation):
        from workflows.commissioning import step_reminder_at

        return step_reminder_at(timer=activation.task)

    def escalation_at(self, activation):
        from workflows.commissioning import step_escalation_at

        return step_escalation_at(timer=activation.task)

    def remind_holder(self, activation):
        from workflows.commissioning import step_send_reminder

        step_send_reminder(task=activation.task)

    def escalate_to_chair(self, activation):
        from workflows.commissioning import step_send_escalation

        step_send_escalation(task=activation.task)


class ExerciseFlow(StepClocks, flow.Flow):
    """Commissioning: the commissioner's steps, in order.

    The commissioner plans the exercise, then either opens a consultation (and, once it
    has closed, publishes what was heard and what changed, then publishes the
    opportunity) or publishes the opportunity straight away. After the bid window closes
    the commissioner opens the bids, evaluates them and confirms the award; after the
    standstill, starts the service and schedules its reviews. Giving notice, closing and
    cancelling are the commissioner's own decisions, made from the exercise's page.
    Each step's service refuses it until its time has come (bids stay sealed until the
    window closes).

    Every step after planning runs on a working-day clock counted from the exercise's own
    dates (`clock.STEP_RULES`). A reminder goes to the commissioner before the due date;
    when it passes the joint body's chair and co-chairs are told. Neither interrupts the
    step.
    """

    process_class = ExerciseProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_exercise).Next(this.plan)
    plan = (
        _step("Open a consultation or publish the opportunity")
        .Assign(this.commissioner)
        .Next(this.after_plan)
    )
    after_plan = (
        flow.If(lambda a: a.process.exercise.stage == "consultation")
        .Then(this.publish_summary)
        .Else(this.open_bids)
    )
    publish_summary = _clocked(
        _step("Publish what you heard and what changed").Assign(this.commissioner)
    ).Next(this.publish_tender)
    publish_tender = _clocked(_step("Publish the opportunity").Assign(this.commissioner)).Next(
        this.open_bids
    )
    open_bids = _clocked(
        _step("Open the bids after the window closes").Assign(this.commissioner)
    ).Next(this.evaluate)
    evaluate = _clocked(_step("Evaluate the bids").Assign(this.commissioner)).Next(
        this.confirm_award
    )
    confirm_award = _clocked(_step("Confirm the award").Assign(this.commissioner)).Next(
        this.schedule_review
    )
    schedule_review = _clocked(
        _step("Start the service and schedule its reviews").Assign(this.commissioner)
    ).Next(this.end)

    send_reminder = flow.Function(this.remind_holder).Next(this.reminder_sent)
    send_escalation = flow.Function(this.escalate_to_chair).Next(this.escalation_sent)

    end = flow.End()
    reminder_sent = flow.End()
    escalation_sent = flow.End()

    def start_exercise(self, activation, exercise):
        activation.process.exercise = exercise
        return activation.process

    def commissioner(self, activation):
        return activation.process.exercise.created_by


class DepartureFlow(StepClocks, flow.Flow):
    """A departure from the Compact: the Champion reviews it.

    The review is due a number of working days after the departure was recorded
    (`clock.STEP_RULES`). A reminder goes to the Champion before the due date; when it
    passes the joint body's chair and co-chairs are told.
    """

    process_class = DepartureProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_review).Next(this.review)
    review = _clocked(_step("Review a departure from the Compact").Assign(this.champion)).Next(
        this.end
    )

    send_reminder = flow.Function(this.remind_holder).Next(this.reminder_sent)
    send_escalation = flow.Function(this.escalate_to_chair).Next(this.escalation_sent)

    end = flow.End()
    reminder_sent = flow.End()
    escalation_sent = flow.End()

    def start_review(self, activation, departure):
        activation.process.departure = departure
        return activation.process

    def champion(self, activation):
        return activation.process.departure.exercise.compact.champion
