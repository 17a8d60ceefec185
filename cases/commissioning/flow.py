"""Commissioning as workflows: the commissioner's steps of an exercise, and the Champion's
review of a departure from the Compact. Each is declared below in plain words."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases.commissioning.models import DepartureProcess, ExerciseProcess
from workflows.nodes import clocked, step


class StepClocks:
    """The clock methods of the commissioning and departure flows: the step's timers are
    armed as it opens, the first to ask starts its clock, and each fires one message."""

    def reminder_at(self, activation):
        from cases.commissioning.clocks import step_reminder_at

        return step_reminder_at(timer=activation.task)

    def escalation_at(self, activation):
        from cases.commissioning.clocks import step_escalation_at

        return step_escalation_at(timer=activation.task)

    def remind_holder(self, activation):
        from cases.commissioning.clocks import step_send_reminder

        step_send_reminder(task=activation.task)

    def escalate_to_chair(self, activation):
        from cases.commissioning.clocks import step_send_escalation

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
        step(_("Open a consultation or publish the opportunity"))
        .Assign(this.commissioner)
        .Next(this.after_plan)
    )
    after_plan = (
        flow.If(lambda a: a.process.exercise.stage == "consultation")
        .Then(this.publish_summary)
        .Else(this.open_bids)
    )
    publish_summary = clocked(
        step(_("Publish what you heard and what changed")).Assign(this.commissioner)
    ).Next(this.publish_tender)
    publish_tender = clocked(step(_("Publish the opportunity")).Assign(this.commissioner)).Next(
        this.open_bids
    )
    open_bids = clocked(
        step(_("Open the bids after the window closes")).Assign(this.commissioner)
    ).Next(this.evaluate)
    evaluate = clocked(step(_("Evaluate the bids")).Assign(this.commissioner)).Next(
        this.confirm_award
    )
    confirm_award = clocked(step(_("Confirm the award")).Assign(this.commissioner)).Next(
        this.schedule_review
    )
    schedule_review = clocked(
        step(_("Start the service and schedule its reviews")).Assign(this.commissioner)
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
    review = clocked(step(_("Review a departure from the Compact")).Assign(this.champion)).Next(
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
