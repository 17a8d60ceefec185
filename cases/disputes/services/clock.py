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
from workflows.clock import notice_once


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
    """Remind whoever holds the open step that the stage is due soon: one reminder a
    stage, and none while the clock is stopped."""
    _send_notice(process=process, reminder=True)


def dispute_send_escalation(*, process: DisputeProcess) -> None:
    """Tell the joint body's chair and co-chairs (those who do not stand aside) that the
    stage has passed its due date: once a stage, and not while the clock is stopped."""
    _send_notice(process=process, reminder=False)


def _send_notice(*, process: DisputeProcess, reminder: bool) -> None:
    dispute = Dispute.objects.select_for_update().get(pk=process.dispute_id)
    stage = dispute.get_stage_display().lower()
    if reminder:
        # Read only once the reminder goes: a paused or closed dispute has no due date.
        title = lambda: f"Reminder sent: the {stage} stage is due {dispute.due_on:%-d %B %Y}"  # noqa: E731
        people = lambda: _holders(dispute)  # noqa: E731
        extra = {}
    else:
        title = lambda: (  # noqa: E731
            f"Overdue: the {stage} stage passed its due date; "
            f"the {dispute.compact.joint_body_name}'s chair was told"
        )
        chairs = dispute.compact.joint_body.filter(role__in=["chair", "co_chair"])
        people = lambda: [  # noqa: E731
            seat.user
            for seat in chairs.select_related("user")
            if not stands_aside(seat.user, dispute)
        ]
        extra = {"holders": lambda: _holders(dispute)}
    notice_once(
        dispute,
        "reminded_at" if reminder else "escalated_at",
        also_save=["updated_at"],
        waiting=dispute.is_open and not dispute.is_paused,
        log=lambda: _event(
            dispute, actor=None, kind=Kind.REMINDER if reminder else Kind.ESCALATION, title=title()
        ),
        to=lambda: [user.email for user in people()],
        template="dispute_reminder" if reminder else "dispute_escalation",
        context=lambda: {
            "dispute": dispute,
            "compact": dispute.compact,
            **{key: value() for key, value in extra.items()},
        },
    )
