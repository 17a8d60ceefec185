"""The dispute's clock: pausing and resuming it (moving the procedure's timers to the new
due date), and the reminder and escalation its timers fire."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.common.formats import in_english
from cases.common.services import refuse, require
from cases.common.working_days import add_working_days, working_days_between
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import (
    CLOCK_PAUSED,
    CLOCK_RESTARTED,
    Dispute,
    DisputeProcess,
)
from cases.disputes.rules import can_manage_clock, standing_aside
from cases.disputes.services._base import Kind, _event, _events, _lock, _notify_parties
from cases.disputes.services.answer import (
    ANSWER_TIMERS,
    answer_timers,
    dispute_send_answer_notices,
)
from cases.disputes.services.procedure import _procedure_locked
from cases.register.models import JointBodyMember
from workflows.clock import notices_once
from workflows.notifications import Message
from workflows.selectors import OPEN as OPEN_STATUSES


@transaction.atomic
def _record_pause(*, dispute: Dispute, by, reason: str) -> Dispute:
    """Stop the stage's clock, with a reason both parties see."""
    require(can_manage_clock(by, dispute), _("Only the Champion or the chair can pause the clock."))
    if not (reason or "").strip():
        refuse(_("Enter the reason the clock is paused; both parties will see it"), "reason")
    dispute = _lock(dispute)
    if dispute.is_paused:
        refuse(_("The clock is already paused."))
    if not dispute.is_open or dispute.due_on is None:
        refuse(_("This dispute has no clock running."))
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
        title=f"{CLOCK_PAUSED} with {dispute.working_days_left_at_pause} working days left",
        body=dispute.pause_reason,
    )
    _notify_parties(dispute, "dispute_clock", paused=True)
    return dispute


@transaction.atomic
def _record_resume(*, dispute: Dispute, by) -> Dispute:
    """Restart the stage's clock with the working days it had left."""
    require(
        can_manage_clock(by, dispute), _("Only the Champion or the chair can restart the clock.")
    )
    dispute = _lock(dispute)
    if not dispute.is_paused:
        refuse(_("The clock is not paused."))
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
        title=f"{CLOCK_RESTARTED}: due {dispute.due_on:%-d %B %Y}",
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
        if timer.flow_task.name.startswith(ANSWER_TIMERS):
            continue  # the answer keeps its own clock
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


def _holders(disputes: list[Dispute]) -> dict[int, list]:
    """Who holds each dispute's open steps: their owners, or for a queued step the joint
    body (in two queries, whatever the number of disputes)."""
    processes = dict(
        DisputeProcess.objects.filter(dispute__in=disputes).values_list("pk", "dispute_id")
    )
    tasks = (
        Task.objects.filter(
            process_id__in=processes, flow_task_type="HUMAN", status__in=OPEN_STATUSES
        )
        .exclude(flow_task=DisputeFlow.answer)  # the answer has its own clock
        .select_related("owner")
    )
    seats = defaultdict(list)
    for seat in JointBodyMember.objects.filter(
        compact_id__in={dispute.compact_id for dispute in disputes}
    ).select_related("user"):
        seats[seat.compact_id].append(seat)
    compact_of = {dispute.pk: dispute.compact_id for dispute in disputes}
    holders = defaultdict(list)
    for task in tasks.order_by("created", "pk"):
        dispute_id = processes[task.process_id]
        people = [task.owner] if task.owner_id else [s.user for s in seats[compact_of[dispute_id]]]
        holders[dispute_id] += [user for user in people if user not in holders[dispute_id]]
    return holders


def dispute_send_reminder(*, process: DisputeProcess, timers=()) -> None:
    """Remind whoever holds the open step that the stage is due soon: one reminder a
    stage, and none while the clock is stopped. Fired by the answer's timer, remind the
    respondent that its answer is due."""
    _fired(process, timers, reminder=True)


def dispute_send_escalation(*, process: DisputeProcess, timers=()) -> None:
    """Tell the joint body's chair and co-chairs (those who do not stand aside) that the
    stage has passed its due date: once a stage, and not while the clock is stopped.
    Fired by the answer's timer, tell the Champion that the answer is late."""
    _fired(process, timers, reminder=False)


def _fired(process, timers, *, reminder):
    if answer_timers(list(timers))[0]:
        dispute_send_answer_notices(processes=[process.pk], reminder=reminder)
    else:
        dispute_send_notices(processes=[process.pk], reminder=reminder)


def dispute_timer_notices(*, timers, reminder: bool, skip_locked: bool = False) -> set[int]:
    """The notices of a sweep's fired timers (`CaseKind.notices`): the answer's and the
    stages'. A procedure counts as dealt with only where every part it had a timer in
    dealt with it; the others fire again next sweep (each notice goes once whatever)."""
    answers, stages = answer_timers(timers)
    handled, missed = set(), set()
    for group, send in ((answers, dispute_send_answer_notices), (stages, dispute_send_notices)):
        if not group:
            continue
        ids = {timer.process_id for timer in group}
        done = send(processes=list(ids), reminder=reminder, skip_locked=skip_locked)
        handled |= done
        missed |= ids - done
    return handled - missed


def dispute_send_notices(
    *, processes: list[int], reminder: bool, skip_locked: bool = False
) -> set[int]:
    """The reminders (or overdue notices) of many procedures' disputes, fired by their
    timers in one sweep: each as `dispute_send_reminder` (or `..._escalation`) would send
    it, in a few queries for them all. The caller holds the procedures' locks. With
    `skip_locked` (the sweep), a dispute someone else is changing is left alone rather than
    waited for. Returns the procedures whose notices were dealt with (sent, or not due)."""
    of_dispute = dict(
        DisputeProcess.objects.filter(pk__in=processes).values_list("dispute_id", "pk")
    )
    disputes = list(
        Dispute.objects.select_for_update(of=("self",), skip_locked=skip_locked)
        .select_related("compact")
        .filter(pk__in=of_dispute)
        .order_by("pk")
    )
    handled = {of_dispute[dispute.pk] for dispute in disputes}
    field = "reminded_at" if reminder else "escalated_at"
    waiting = [
        dispute
        for dispute in disputes
        if dispute.is_open and not dispute.is_paused and getattr(dispute, field) is None
    ]
    if not waiting:
        return handled  # nothing to build: every notice went already, or none is due
    holders = _holders(waiting)
    if reminder:

        def title(dispute):
            with in_english():  # the log stays in English
                stage = dispute.get_stage_display().lower()
            return f"Reminder sent: the {stage} stage is due {dispute.due_on:%-d %B %Y}"

        def message(dispute):
            return Message(
                [user.email for user in holders[dispute.pk]],
                "dispute_reminder",
                {"dispute": dispute, "compact": dispute.compact},
            )

    else:
        chairs = defaultdict(list)
        for seat in JointBodyMember.objects.filter(
            compact_id__in={dispute.compact_id for dispute in waiting},
            role__in=["chair", "co_chair"],
        ).select_related("user"):
            chairs[seat.compact_id].append(seat.user)
        aside = standing_aside([u for users in chairs.values() for u in users], waiting)

        def title(dispute):
            with in_english():  # the log stays in English, the joint body's name too
                stage = dispute.get_stage_display().lower()
                return (
                    f"Overdue: the {stage} stage passed its due date; "
                    f"the {dispute.compact.joint_body_name}'s chair was told"
                )

        def message(dispute):
            told = [u for u in chairs[dispute.compact_id] if (u.pk, dispute.pk) not in aside]
            return Message(
                [user.email for user in told],
                "dispute_escalation",
                {"dispute": dispute, "compact": dispute.compact, "holders": holders[dispute.pk]},
            )

    def log(sent):
        kind = Kind.REMINDER if reminder else Kind.ESCALATION
        _events([(dispute, kind, title(dispute)) for dispute in sent])

    notices_once(
        waiting,
        field,
        also_save=["updated_at"],
        waiting=lambda dispute: True,
        log=log,
        message=message,
    )
    return handled
