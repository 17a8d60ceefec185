"""The dispute's clock: pausing and resuming it (moving the procedure's timers to the new
due date), and the reminder and escalation its timers fire."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.common.services import refuse, require
from cases.common.working_days import add_working_days, working_days_between
from cases.disputes.models import (
    Dispute,
    DisputeEvent,
    DisputeProcess,
)
from cases.disputes.rules import (
    can_manage_clock,
    stands_aside,
)
from cases.disputes.selectors import (
    open_tasks,
)
from cases.disputes.services._base import Kind, _event, _lock, _notify_parties
from cases.disputes.services.procedure import _procedure_locked
from workflows.notifications import notify


@transaction.atomic
def _record_pause(*, dispute: Dispute, by, reason: str) -> Dispute:
    """Stop the stage's clock, with a reason both parties see."""
    require(can_manage_clock(by, dispute), "Only the Champion or the chair can pause the clock.")
    if not (reason or "").strip():
        refuse("Enter the reason the clock is paused; both parties will see it", "reason")
    dispute = _lock(dispute)
    if dispute.is_paused:
        refuse("The clock is already paused.")
    if not dispute.is_open or dispute.due_on is None:
        refuse("This dispute has no clock running.")
    dispute.working_days_left_at_pause = working_days_between(
        timezone.localdate(), dispute.due_on, dispute.compact.nation
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
    require(can_manage_clock(by, dispute), "Only the Champion or the chair can restart the clock.")
    dispute = _lock(dispute)
    if not dispute.is_paused:
        refuse("The clock is not paused.")
    days_left = max(dispute.working_days_left_at_pause or 0, 0)
    dispute.due_on = add_working_days(timezone.localdate(), days_left, dispute.compact.nation)
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


def dispute_timers_refresh(*, dispute: Dispute) -> None:
    """Move the open step's reminder and escalation to the dispute's (new) due date."""
    from cases.disputes import clock

    timers = Task.objects.filter(
        process__in=DisputeProcess.objects.filter(dispute=dispute),
        flow_task_type="TIMER",
        status=STATUS.SCHEDULED,
    )
    for timer in timers:
        is_reminder = timer.flow_task.name.endswith("__timeout")
        timer.scheduled = (clock.reminder_at if is_reminder else clock.escalation_at)(dispute)
        timer.save(update_fields=["scheduled"])


def dispute_pause_clock(*, dispute: Dispute, by, reason: str) -> Dispute:
    with _procedure_locked(dispute):
        dispute = _record_pause(dispute=dispute, by=by, reason=reason)
        dispute_timers_refresh(dispute=dispute)
    return dispute


def dispute_resume_clock(*, dispute: Dispute, by) -> Dispute:
    with _procedure_locked(dispute):
        dispute = _record_resume(dispute=dispute, by=by)
        dispute_timers_refresh(dispute=dispute)
    return dispute


# Reminders and escalations, fired by the workflow timers.


def _holders(dispute: Dispute) -> list:
    """Who holds the open steps: their owners, or for a queued step the joint body."""
    users = []
    for task in open_tasks(dispute):
        if task.owner_id:
            users.append(task.owner)
        else:
            users += [seat.user for seat in dispute.compact.joint_body.select_related("user")]
    return users


def dispute_send_reminder(*, process: DisputeProcess) -> None:
    dispute = Dispute.objects.select_for_update().get(pk=process.dispute_id)
    if dispute.reminded_at or not dispute.is_open or dispute.is_paused:
        return  # one reminder a stage, and none while the clock is stopped
    dispute.reminded_at = timezone.now()
    dispute.save(update_fields=["reminded_at", "updated_at"])
    holders = _holders(dispute)
    DisputeEvent.objects.create(
        dispute=dispute,
        kind=DisputeEvent.Kind.REMINDER,
        stage=dispute.stage,
        title=f"Reminder sent: the {dispute.get_stage_display().lower()} stage is due "
        f"{dispute.due_on:%-d %B %Y}",
    )
    notify(
        to=[u.email for u in holders],
        template="dispute_reminder",
        context={"dispute": dispute, "compact": dispute.compact},
    )


def dispute_send_escalation(*, process: DisputeProcess) -> None:
    dispute = Dispute.objects.select_for_update().get(pk=process.dispute_id)
    if dispute.escalated_at or not dispute.is_open or dispute.is_paused:
        return
    dispute.escalated_at = timezone.now()
    dispute.save(update_fields=["escalated_at", "updated_at"])
    chairs = [
        seat
        for seat in dispute.compact.joint_body.filter(
            role__in=["chair", "co_chair"]
        ).select_related("user")
        if not stands_aside(seat.user, dispute)
    ]
    DisputeEvent.objects.create(
        dispute=dispute,
        kind=DisputeEvent.Kind.ESCALATION,
        stage=dispute.stage,
        title=f"Overdue: the {dispute.get_stage_display().lower()} stage passed its due date; "
        f"the {dispute.compact.joint_body_name}'s chair was told",
    )
    notify(
        to=[seat.user.email for seat in chairs],
        template="dispute_escalation",
        context={"dispute": dispute, "compact": dispute.compact, "holders": _holders(dispute)},
    )
