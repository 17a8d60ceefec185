"""Reads for the task pages."""

from django.db.models import Q
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.models import DisputeStage, JointBodyMember, Membership
from workflows.models import DisputeProcess

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def _with_dispute(tasks):
    return tasks.select_related("owner", "process").order_by("created")


def _attach(tasks):
    tasks = list(tasks)
    processes = {
        p.pk: p
        for p in DisputeProcess.objects.filter(pk__in=[t.process_id for t in tasks]).select_related(
            "dispute__compact", "dispute__complainant", "dispute__respondent"
        )
    }
    for task in tasks:
        task.dispute = processes[task.process_id].dispute
    return tasks


def inbox(user):
    """Steps assigned to the user and not yet done."""
    return _attach(
        _with_dispute(Task.objects.filter(owner=user, status__in=OPEN, flow_task_type="HUMAN"))
    )


def queue(user):
    """Unclaimed steps of the user's joint bodies that the user may take: they hold the
    step's permission through their group, sit on that compact's joint body, and work for
    neither party."""
    permissions = [p for p in user.get_all_permissions() if p.startswith("workflows.")]
    compacts = JointBodyMember.objects.filter(user=user).values("compact")
    organisations = Membership.objects.filter(user=user).values("organisation")
    processes = DisputeProcess.objects.filter(dispute__compact__in=compacts).exclude(
        Q(dispute__complainant__in=organisations) | Q(dispute__respondent__in=organisations)
    )
    return _attach(
        _with_dispute(
            Task.objects.filter(
                status=STATUS.NEW,
                flow_task_type="HUMAN",
                owner__isnull=True,
                owner_permission__in=permissions,
                process__in=processes,
            )
        )
    )


def may_see_task(user, task) -> bool:
    """The holder, whoever may claim it, and anyone who may see the dispute."""
    from workflows.services import task_dispute

    if task.owner_id == user.pk:
        return True
    return user.has_perm("cases.view_dispute", task_dispute(task))


def task_history(task):
    """The other steps of the same procedure, done or open, oldest first."""
    return (
        Task.objects.filter(process_id=task.process_id, flow_task_type="HUMAN")
        .select_related("owner")
        .order_by("created")
    )


def after_completion_message(dispute) -> str:
    if dispute.stage == DisputeStage.CLOSED:
        return f"Done. The dispute is closed: {dispute.get_outcome_display().lower()}."
    if dispute.stage == DisputeStage.WITHDRAWN:
        return "Done. The dispute was withdrawn."
    return f"Done. The dispute is at {dispute.get_stage_display().lower()}" + (
        f", due by {dispute.due_on:%-d %B %Y}." if dispute.due_on else "."
    )
