"""Who does what next with any kind of case's steps: claiming, releasing, handing over,
following up and completing them.

Completing a step takes the task and the acting user, and inside the task's lock
(viewflow's `task.activation()`: a transaction and, on PostgreSQL, a row lock) checks the
step is still open and held by that user, lets the subject's service record the decision
on its case, then completes the task so the flow moves on. If anything fails, nothing is
saved: not the decision, not the task. Who may take or hand over a queued step is the
kind of case's to say (`workflows.registry`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow import STATUS
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task

from workflows import navigation, registry
from workflows.models import FollowUp

BUSY = gettext_lazy("Someone else is working on this step just now. Wait a moment and try again.")
GONE = gettext_lazy(
    "This step has already been done or taken by someone else. Nothing was changed."
)


class TaskUnavailable(ValidationError):
    """The step is not open for this action any more (claimed, done or cancelled)."""


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
    """A queued step is for holders of its permission whom its kind of case allows (for a
    dispute: on that compact's joint body and from neither party's organisation)."""
    if not task.owner_permission or not user.has_perm(task.owner_permission):
        return False
    kind = registry.kind_of(task)
    return kind is not None and kind.may_claim is not None and kind.may_claim(user, task)


def task_claim(*, task: Task, by) -> Task:
    """Take a step from the joint body's queue into your own inbox."""
    try:
        with _activation(task) as activation:
            if activation.task.status != STATUS.NEW or not activation.assign.can_proceed():
                raise TaskUnavailable(GONE)
            if not may_claim(by, activation.task):
                raise PermissionDenied(_("You cannot take this step."))
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
                raise ValidationError(_("This step is yours by role and cannot be released."))
            activation.unassign()
            activation.task.assigned = None
            activation.task.save(update_fields=["assigned"])
            navigation.forget(by.pk)  # the step left their inbox
            return activation.task
    except FlowLockFailed as error:
        raise TaskUnavailable(BUSY) from error


def reassign_candidates(task: Task) -> list:
    """Who could take this queued step: for the chair to hand it to."""
    kind = registry.kind_of(task)
    if kind is None or kind.reassign_candidates is None:
        return []
    return [user for user in kind.reassign_candidates(task) if may_claim(user, task)]


def may_reassign(user, task: Task) -> bool:
    """Whoever the kind of case allows (for a dispute, the joint body's chair or a co-chair
    who does not stand aside) may hand a queued step to someone else. Steps held by role
    (the Champion's, a party's, the mediator's, the panel chair's) are not handed round."""
    if not task.owner_permission or task.status not in (STATUS.NEW, STATUS.ASSIGNED):
        return False
    kind = registry.kind_of(task)
    return kind is not None and kind.may_reassign is not None and kind.may_reassign(user, task)


def task_reassign(*, task: Task, by, to) -> Task:
    """The chair gives a queued or claimed step to another joint body member."""
    try:
        with _activation(task) as activation:
            current = activation.task
            if current.status not in (STATUS.NEW, STATUS.ASSIGNED):
                raise TaskUnavailable(GONE)
            if not may_reassign(by, current):
                raise PermissionDenied(_("Only the joint body's chair can hand steps round."))
            if not may_claim(to, current):
                raise ValidationError(
                    {"to": _("Choose a joint body member who can take this step")}
                )
            navigation.forget(current.owner_id)  # the step leaves its holder's inbox, if any
            if current.status == STATUS.NEW:
                activation.assign(to)
            else:
                activation.reassign(user=to)
            current.assigned = timezone.now()
            current.save(update_fields=["assigned"])
            kind = registry.kind_of(current)
            if kind.on_reassign is not None:
                kind.on_reassign(task=current, process=activation.process, by=by, to=to)
            return current
    except FlowLockFailed as error:
        raise TaskUnavailable(BUSY) from error


def task_give_to(*, task: Task, to) -> Task:
    """Give a step held by role to whoever holds the role now (an action's new lead). The
    caller's service has checked that the change is allowed; the step keeps its clock."""
    try:
        with _activation(task) as activation:
            current = activation.task
            if current.status != STATUS.ASSIGNED or current.owner_id == to.pk:
                return current
            navigation.forget(current.owner_id)
            activation.reassign(user=to)
            current.assigned = timezone.now()
            current.save(update_fields=["assigned"])
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
            problems.append(
                # Translators: a step that could not be taken, its number, and why.
                _("%(step)s (%(number)s): %(reason)s")
                % {"step": task.flow_task.task_title, "number": task.pk, "reason": reason}
            )
    return taken, problems


def task_follow_up(*, task: Task, by, on) -> None:
    """Set (or with `on` of None, clear) the date the user wants to see a step again."""
    if task.owner_id != by.pk:
        raise PermissionDenied(_("You can only set a follow-up date on your own steps."))
    if on is None:
        FollowUp.objects.filter(task=task, user=by).delete()
        return
    if on < timezone.localdate():
        raise ValidationError({"on": _("The follow-up date must be today or later")})
    FollowUp.objects.update_or_create(task=task, user=by, defaults={"follow_up_on": on})


# Completing steps.


def complete_task(task: Task, by, nodes, record: Callable[[object], object], *, holder=True):
    """Complete `task` for `by`: inside the task's lock, check it is still open (and held
    by `by` unless `holder` is False, when the record's service checks who may), call
    `record` with the procedure's case (its dispute, exercise or departure), then move the
    flow on."""
    try:
        with _activation(task) as activation:
            if activation.flow_task not in nodes:
                raise TaskUnavailable(_("That is not this step."))
            if activation.task.status != STATUS.ASSIGNED or not activation.start.can_proceed():
                raise TaskUnavailable(GONE)
            if holder and activation.task.owner_id != by.pk:
                raise PermissionDenied(_("This step is in someone else's inbox."))
            record(getattr(activation.process, registry.kind_of(activation.task).case_attr))
            activation.process.refresh_from_db()
            activation.start(None)
            activation.execute()
            return activation.task
    except FlowLockFailed as error:
        raise TaskUnavailable(BUSY) from error
