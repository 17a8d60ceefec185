"""The Compact's year as workflows: a lead's report on an action that is due soon or
late, and the Champion's review of an impact assessment. Each step is done on its
record's own page; the task lists show it, with its clock."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases.year.models import ActionProcess, ImpactProcess, ReviewProcess
from workflows.nodes import clocked, step


class YearClocks:
    """The steps' timers, from their own due dates (`cases.year.clocks`)."""

    def _rules(self):
        from cases.year.clocks import RULES

        return RULES

    def reminder_at(self, activation):
        from workflows.step_clocks import reminder_at

        return reminder_at(activation.task, self._rules())

    def escalation_at(self, activation):
        from workflows.step_clocks import escalation_at

        return escalation_at(activation.task, self._rules())

    def remind_holder(self, activation):
        from workflows.step_clocks import send_notice

        send_notice(activation.task, self._rules(), reminder=True)

    def escalate_to_chair(self, activation):
        from workflows.step_clocks import send_notice

        send_notice(activation.task, self._rules(), reminder=False)


class ActionFlow(YearClocks, flow.Flow):
    """An action of the plan is due soon (or late): its lead reports on it.

    The step opens a few weeks before the action's target date (`services.DUE_SOON_DAYS`)
    and is due on that date. The lead is reminded before it; when it passes the joint
    body's chair and co-chairs are told. It ends when the action is done or dropped."""

    process_class = ActionProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_action).Next(this.report)
    report = clocked(step(_("Report on an action that is due")).Assign(this.lead)).Next(this.end)

    send_reminder = flow.Function(this.remind_holder).Next(this.reminder_sent)
    send_escalation = flow.Function(this.escalate_to_chair).Next(this.escalation_sent)

    end = flow.End()
    reminder_sent = flow.End()
    escalation_sent = flow.End()

    def start_action(self, activation, action):
        activation.process.action = action
        return activation.process

    def lead(self, activation):
        action = activation.process.action
        return action.lead_person or action.compact.champion


class ImpactReviewFlow(YearClocks, flow.Flow):
    """A Compact impact assessment: the Champion reviews it, within two weeks of its being
    recorded (reminded before, the joint body's chair told after)."""

    process_class = ImpactProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_review).Next(this.review)
    review = clocked(step(_("Review an impact assessment")).Assign(this.champion)).Next(this.end)

    send_reminder = flow.Function(this.remind_holder).Next(this.reminder_sent)
    send_escalation = flow.Function(this.escalate_to_chair).Next(this.escalation_sent)

    end = flow.End()
    reminder_sent = flow.End()
    escalation_sent = flow.End()

    def start_review(self, activation, assessment):
        activation.process.assessment = assessment
        return activation.process

    def champion(self, activation):
        return activation.process.assessment.compact.champion


class AnnualReviewFlow(flow.Flow):
    """The joint body's annual review of the Compact, worked from its queue: record the
    meeting, agree the Compact's changes and next year's actions, and (the chair)
    publish the outcome. Its dates are the joint body's own, so its steps have no clock."""

    process_class = ReviewProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_review).Next(this.record_meeting)
    record_meeting = (
        step(_("Record the annual review meeting"))
        .Permission(auto_create=True, help_text=_("Work the annual review"))
        .Next(this.agree_changes)
    )
    agree_changes = (
        step(_("Agree the Compact's changes and next year's actions"))
        .Permission(auto_create=True, help_text=_("Agree the annual review's changes"))
        .Next(this.publish)
    )
    publish = (
        step(_("Publish the annual review's outcome"))
        .Permission(auto_create=True, help_text=_("Publish the annual review"))
        .Next(this.end)
    )
    end = flow.End()

    def start_review(self, activation, review):
        activation.process.review = review
        return activation.process
