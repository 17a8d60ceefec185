"""Who does what next: starting the dispute procedure, and claiming, releasing and
completing its steps.

Each step's function takes the task and the acting user, and inside the task's lock
(viewflow's `task.activation()`: a transaction and, on PostgreSQL, a row lock) it checks
the step is still open and held by that user, records the decision on the dispute through
`cases.services.disputes`, then completes the task so the flow moves on. If anything
fails, nothing is saved: not the decision, not the task.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager, nullcontext

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from viewflow.workflow import STATUS
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task

from cases.models import Dispute, DisputeEvent, Membership
from cases.notifications import notify
from cases.services import disputes as dispute_services
from workflows.flows import DisputeFlow
from workflows.models import DisputeProcess

JOINT_BODY_GROUP = "Joint body members"
# The group queue: joint body members hold these flow permissions through their group.
JOINT_BODY_PERMISSIONS = ("can_appoint_mediator_disputeprocess", "can_form_panel_disputeprocess")

BUSY = "Someone else is working on this step just now. Wait a moment and try again."
GONE = "This step has already been done or taken by someone else. Nothing was changed."


class TaskUnavailable(ValidationError):
    """The step is not open for this action any more (claimed, done or cancelled)."""


def joint_body_group() -> Group:
    group, _ = Group.objects.get_or_create(name=JOINT_BODY_GROUP)
    wanted = Permission.objects.filter(
        content_type__app_label="workflows", codename__in=JOINT_BODY_PERMISSIONS
    )
    group.permissions.add(*wanted)
    return group


def joint_body_membership_sync(user) -> None:
    """Put a user in the joint body group while they hold any joint body seat."""
    group = joint_body_group()
    if user.joint_body_seats.exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


def respondent_contact(dispute: Dispute):
    """Who answers for the respondent: its contact here, any member, or failing both the
    Champion, who records the respondent's answer for it."""
    membership = (
        Membership.objects.filter(organisation=dispute.respondent)
        .order_by("-is_contact", "pk")
        .select_related("user")
        .first()
    )
    return membership.user if membership else dispute.compact.champion


# Starting.


def dispute_raise(**kwargs) -> tuple[Dispute, bool]:
    """Raise a dispute (see `cases.services.disputes.dispute_create`) and start the
    procedure: the Champion's triage task. One transaction, so a dispute never exists
    without its procedure."""
    with transaction.atomic():
        dispute, created = dispute_services.dispute_create(**kwargs)
        if created:
            DisputeFlow.start.run(dispute=dispute)
    return dispute, created


# Reading tasks.


def open_tasks(dispute: Dispute):
    """The dispute's people's steps that are waiting to be done."""
    return (
        Task.objects.filter(
            process__in=DisputeProcess.objects.filter(dispute=dispute),
            flow_task_type="HUMAN",
            status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
        )
        .select_related("owner")
        .order_by("created")
    )


def task_dispute(task: Task) -> Dispute:
    return DisputeProcess.objects.select_related("dispute__compact").get(pk=task.process_id).dispute


# Claim and release.


def _activation(task: Task):
    try:
        return task.activation()
    except FlowLockFailed as error:
        raise TaskUnavailable(BUSY) from error


def holds(user, task: Task) -> bool:
    """The step is in the user's inbox, open for them to do."""
    return task.owner_id == user.pk and task.status == STATUS.ASSIGNED


def may_release(user, task: Task) -> bool:
    """A step taken from the queue may go back to it; one held by role may not."""
    return holds(user, task) and bool(task.owner_permission)


def may_claim(user, task: Task) -> bool:
    """A queued step is for holders of its permission who sit on that compact's joint body
    and are not from either party's organisation."""
    if not task.owner_permission or not user.has_perm(task.owner_permission):
        return False
    if not DisputeProcess.objects.filter(pk=task.process_id).exists():
        return False
    return dispute_services.acts_for_joint_body(user, task_dispute(task))


def task_claim(*, task: Task, by) -> Task:
    """Take a step from the joint body's queue into your own inbox."""
    try:
        with _activation(task) as activation:
            if activation.task.status != STATUS.NEW or not activation.assign.can_proceed():
                raise TaskUnavailable(GONE)
            if not may_claim(by, activation.task):
                raise PermissionDenied("You cannot take this step.")
            activation.assign(by)
            activation.task.assigned = timezone.now()
            activation.task.save(update_fields=["assigned"])
            return activation.task
    except FlowLockFailed as error:
        raise TaskUnavailable(BUSY) from error


def task_release(*, task: Task, by) -> Task:
    """Put a step you took from the queue back in the queue for someone else."""
    try:
        with _activation(task) as activation:
            if activation.task.status != STATUS.ASSIGNED or activation.task.owner_id != by.pk:
                raise TaskUnavailable(GONE)
            if not activation.task.owner_permission:
                raise ValidationError("This step is yours by role and cannot be released.")
            activation.unassign()
            activation.task.assigned = None
            activation.task.save(update_fields=["assigned"])
            return activation.task
    except FlowLockFailed as error:
        raise TaskUnavailable(BUSY) from error


def reassign_candidates(task: Task):
    """Joint body members who could take this queued step: for the chair to hand it to."""
    from cases.models import JointBodyMember

    dispute = task_dispute(task)
    seats = JointBodyMember.objects.filter(compact=dispute.compact).select_related("user")
    return [seat.user for seat in seats if may_claim(seat.user, task)]


def may_reassign(user, task: Task) -> bool:
    """The joint body's chair (or a co-chair) who does not stand aside may hand a queued
    step to a member. Steps held by role (the Champion's, a party's, the mediator's, the
    panel chair's) are not handed round."""
    if not task.owner_permission or task.status not in (STATUS.NEW, STATUS.ASSIGNED):
        return False
    if not DisputeProcess.objects.filter(pk=task.process_id).exists():
        return False
    return dispute_services.is_joint_body_chair(user, task_dispute(task))


def task_reassign(*, task: Task, by, to) -> Task:
    """The chair gives a queued or claimed step to another joint body member."""
    try:
        with _activation(task) as activation:
            current = activation.task
            if current.status not in (STATUS.NEW, STATUS.ASSIGNED):
                raise TaskUnavailable(GONE)
            if not may_reassign(by, current):
                raise PermissionDenied("Only the joint body's chair can hand steps round.")
            if not may_claim(to, current):
                raise ValidationError({"to": "Choose a joint body member who can take this step"})
            if current.status == STATUS.NEW:
                activation.assign(to)
            else:
                activation.reassign(user=to)
            current.assigned = timezone.now()
            current.save(update_fields=["assigned"])
            dispute = activation.process.dispute
            DisputeEvent.objects.create(
                dispute=dispute,
                actor=by,
                kind=DisputeEvent.Kind.NOTE,
                stage=dispute.stage,
                title=f"{current.flow_task.task_title}: handed to "
                f"{to.get_full_name() or to.username} by the chair",
            )
            return current
    except FlowLockFailed as error:
        raise TaskUnavailable(BUSY) from error


def tasks_claim(*, tasks, by) -> tuple[list[Task], list[str]]:
    """Take several queued steps at once. Returns the steps taken and, for each one that
    could not be, a reason."""
    taken, problems = [], []
    for task in tasks:
        try:
            taken.append(task_claim(task=task, by=by))
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(getattr(error, "messages", [str(error)]))
            problems.append(f"{task.flow_task.task_title} ({task.pk}): {reason}")
    return taken, problems


def task_follow_up(*, task: Task, by, on) -> None:
    """Set (or with `on` of None, clear) the date the user wants to see a step again."""
    from workflows.models import FollowUp

    if task.owner_id != by.pk:
        raise PermissionDenied("You can only set a follow-up date on your own steps.")
    if on is None:
        FollowUp.objects.filter(task=task, user=by).delete()
        return
    if on < timezone.localdate():
        raise ValidationError({"on": "The follow-up date must be today or later"})
    FollowUp.objects.update_or_create(task=task, user=by, defaults={"follow_up_on": on})


# Completing steps.


def complete_task(
    task: Task, by, nodes, record: Callable[[object], object], *, holder=True, case="dispute"
):
    """Complete `task` for `by`: inside the task's lock, check it is still open (and held
    by `by` unless `holder` is False, when the record's service checks who may), call
    `record` with the process's case (its dispute, exercise or departure), then move the
    flow on."""
    try:
        with _activation(task) as activation:
            if activation.flow_task not in nodes:
                raise TaskUnavailable("That is not this step.")
            if activation.task.status != STATUS.ASSIGNED or not activation.start.can_proceed():
                raise TaskUnavailable(GONE)
            if holder and activation.task.owner_id != by.pk:
                raise PermissionDenied("This step is in someone else's inbox.")
            record(getattr(activation.process, case))
            activation.process.refresh_from_db()
            activation.start(None)
            activation.execute()
            return activation.task
    except FlowLockFailed as error:
        raise TaskUnavailable(BUSY) from error


def triage_complete(*, task: Task, by, accept: bool, text: str = "") -> Task:
    def record(dispute):
        if accept:
            dispute_services.dispute_accept(dispute=dispute, by=by, note=text)
        else:
            dispute_services.dispute_close_outside_compact(dispute=dispute, by=by, reasons=text)

    return complete_task(task, by, [DisputeFlow.triage], record)


def informal_complete(*, task: Task, by, resolved: bool, text: str) -> Task:
    def record(dispute):
        if resolved:
            dispute_services.dispute_resolve_informally(dispute=dispute, by=by, summary=text)
        else:
            dispute_services.dispute_escalate_to_mediation(dispute=dispute, by=by, reason=text)

    return complete_task(task, by, [DisputeFlow.informal], record)


def party_escalate(*, dispute: Dispute, by, reason: str) -> Task:
    """A party asks for mediation once informal resolution has passed its time limit.
    The Champion's informal step is completed on the party's request."""
    task = open_tasks(dispute).filter(flow_task=DisputeFlow.informal).first()
    if task is None:
        raise TaskUnavailable("The dispute is not in informal resolution.")

    def record(dispute):
        dispute_services.dispute_escalate_to_mediation(dispute=dispute, by=by, reason=reason)

    return complete_task(task, by, [DisputeFlow.informal], record, holder=False)


def appoint_mediator_complete(*, task: Task, by, mediator) -> Task:
    def record(dispute):
        dispute_services.dispute_appoint_mediator(dispute=dispute, by=by, mediator=mediator)

    return complete_task(task, by, [DisputeFlow.appoint_mediator], record)


def confirm_mediator_complete(*, task: Task, by, accepts: bool, reason: str = "") -> Task:
    party = (
        "complainant"
        if task.flow_task == DisputeFlow.complainant_confirms_mediator
        else "respondent"
    )

    def record(dispute):
        dispute_services.dispute_confirm_mediator(
            dispute=dispute, by=by, party=party, accepts=accepts, reason=reason
        )

    return complete_task(
        task,
        by,
        [DisputeFlow.complainant_confirms_mediator, DisputeFlow.respondent_confirms_mediator],
        record,
    )


def mediation_complete(*, task: Task, by, agreed: bool, summary: str) -> Task:
    def record(dispute):
        dispute_services.dispute_record_mediation_result(
            dispute=dispute, by=by, agreed=agreed, summary=summary
        )

    return complete_task(task, by, [DisputeFlow.mediation], record)


def form_panel_complete(*, task: Task, by, members, chair) -> Task:
    def record(dispute):
        dispute_services.dispute_form_panel(dispute=dispute, by=by, members=members, chair=chair)

    return complete_task(task, by, [DisputeFlow.form_panel], record)


def arbitration_complete(*, task: Task, by, outcome: str, decision: str) -> Task:
    def record(dispute):
        dispute_services.dispute_decide(dispute=dispute, by=by, outcome=outcome, decision=decision)

    return complete_task(task, by, [DisputeFlow.arbitration], record)


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
        dispute = dispute_services._record_withdrawal(dispute=dispute, by=by, reason=reason)
        if process is not None:
            DisputeFlow.instance.cancel(process)
    return dispute


def _rearm_timers(dispute: Dispute) -> None:
    """Move the open step's reminder and escalation to the dispute's (new) due date."""
    from workflows import clock

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
        dispute = dispute_services._record_pause(dispute=dispute, by=by, reason=reason)
        _rearm_timers(dispute)
    return dispute


def dispute_resume_clock(*, dispute: Dispute, by) -> Dispute:
    with _procedure_locked(dispute):
        dispute = dispute_services._record_resume(dispute=dispute, by=by)
        _rearm_timers(dispute)
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
        if not dispute_services.stands_aside(seat.user, dispute)
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
