"""Reads for the task pages: the inbox, the queue and the archive, over every registered
kind of case (`workflows.registry`). Each list is one query, filtered, sorted and paged in
the database whatever its size."""

import copy
import datetime
from functools import reduce
from operator import and_, or_

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.common.working_days import working_days_between
from workflows import registry
from workflows.models import FollowUp, Notification, StepClock

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def attach(tasks):
    """Attach each task's case line (for one page of a list), with the step's due date and
    the working days left before it: the case's due date where its steps share one (a
    dispute's), or the step's own (`case_due` in the lists below; looked up for others)."""
    tasks = list(tasks)
    ids = [t.process_id for t in tasks]
    lines = {}
    for kind in registry.kinds():
        lines.update(kind.lines(ids))
    bare = [t.pk for t in tasks if not hasattr(t, "case_due")]
    clocks = (
        dict(StepClock.objects.filter(task__in=bare).values_list("task", "due_on")) if bare else {}
    )
    today = timezone.localdate()
    for task in tasks:
        # A step whose flow no longer loads (its code was moved without a migration) is
        # left out rather than breaking the whole list.
        line = lines.get(task.process_id) if task.flow_task is not None else None
        if line is not None:
            line = copy.copy(line)  # each step of the procedure has its own line
            if hasattr(task, "case_due"):
                line.due_on = task.case_due
            elif line.due_on is None:
                line.due_on = clocks.get(task.pk)
            line.days_left = (
                working_days_between(today, line.due_on, line.nation)
                if line.due_on and not line.paused
                else None
            )
        task.line = line
    return [t for t in tasks if t.line is not None]


def _coalesce(name: str):
    fields = [F(kind.lookups[name]) for kind in registry.kinds() if name in kind.lookups]
    return Coalesce(*fields) if len(fields) > 1 else fields[0]


def _annotated(tasks):
    due = [F(k.lookups["due"]) for k in registry.kinds() if "due" in k.lookups]
    return tasks.annotate(
        # Some kinds' steps share their case's clock; the others each have their own.
        case_due=Coalesce(*due, F("step_clock__due_on")),
        case_compact=_coalesce("compact"),
        case_reference=_coalesce("reference"),
    ).select_related("owner")


def _of_kind(kind) -> Q:
    return Q(**{f"{kind.process}__isnull": False})


def _still_theirs(user) -> Q:
    """Steps of cases the user still holds the role for (each kind says what that is).
    The steps of the others wait for someone who does. Checked row by row on the user's
    own steps, never by listing every case the user may not see."""
    return reduce(
        and_,
        (
            Q(**{f"{kind.process}__isnull": True}) | kind.still_theirs(user)
            for kind in registry.kinds()
        ),
        Q(),
    )


def inbox(user):
    """Steps assigned to the user and not yet done, with the user's follow-up date."""
    follow_up = FollowUp.objects.filter(task=OuterRef("pk"), user=user).values("follow_up_on")
    return _annotated(
        Task.objects.filter(
            _still_theirs(user), owner=user, status__in=OPEN, flow_task_type="HUMAN"
        )
    ).annotate(follow_up_on=Subquery(follow_up[:1]))


def queue(user):
    """Unclaimed steps the user may take: they hold the step's permission through their
    group, and the step's kind of case says they may (for a dispute: they sit on that
    compact's joint body and work for neither party)."""
    permissions = [p for p in registry.queue_permissions() if user.has_perm(p)]
    takeable = [_of_kind(k) & k.queue(user) for k in registry.kinds() if k.queue is not None]
    if not permissions or not takeable:
        return _annotated(Task.objects.none())
    return _annotated(
        Task.objects.filter(
            reduce(or_, takeable),
            status=STATUS.NEW,
            flow_task_type="HUMAN",
            owner__isnull=True,
            owner_permission__in=permissions,
        )
    )


def archive(user):
    """Steps the user has done, of cases they may still see: someone who has lost the role
    (left the joint body, the organisation) no longer reads the case's stage and parties
    here either."""
    return _annotated(
        Task.objects.filter(
            _still_theirs(user), owner=user, status=STATUS.DONE, flow_task_type="HUMAN"
        )
    )


SORTS = {
    "due": (F("case_due").asc(nulls_last=True), "created"),
    "created": ("created",),
    "-created": ("-created",),
    "case": ("case_reference", "created"),
    "finished": ("-finished",),
}


def filtered(tasks, *, compact=None, kind="", step="", due="", query="", sort="due"):
    """Apply the task list's filters and sort."""
    if compact is not None:
        tasks = tasks.filter(case_compact=compact.pk)
    if kind in registry.KINDS:
        tasks = tasks.filter(_of_kind(registry.KINDS[kind]))
    if step:
        tasks = tasks.filter(flow_task__in=step_nodes(step))
    today = timezone.localdate()
    if due == "overdue":
        tasks = tasks.filter(case_due__lt=today)
    elif due == "follow_up":
        # Follow-up dates are on one's own open steps: the queue and archive have none.
        if "follow_up_on" in tasks.query.annotations:
            tasks = tasks.filter(follow_up_on__lte=today)
        else:
            tasks = tasks.none()
    elif due == "week":
        tasks = tasks.filter(
            case_due__gte=today, case_due__lte=today + datetime.timedelta(days=6 - today.weekday())
        )
    if query:
        lookups = [lookup for k in registry.kinds() for lookup in k.search]
        tasks = tasks.filter(
            reduce(
                or_,
                (Q(**{f"{lookup}__icontains": query}) for lookup in lookups),
                Q(case_reference__icontains=query),
            )
        )
    return tasks.order_by(*SORTS.get(sort, SORTS["due"]))


def step_choices():
    """(value, label) for every people's step, by title."""
    titles = {}
    for node in registry.human_nodes():
        titles.setdefault(node.task_title, node.task_title)
    return sorted(titles.items())


def step_nodes(title):
    return registry.human_nodes(title)


def counts(user) -> dict:
    """The numbers in every page's navigation: my inbox, my overdue steps (counted in one
    query) and my unread notifications. Kept per user by `workflows.navigation`; the
    queue's number is counted only where it is shown (`queue_count`)."""
    mine = inbox(user).aggregate(
        inbox=Count("pk"), overdue=Count("pk", filter=Q(case_due__lt=timezone.localdate()))
    )
    return {
        "inbox": mine["inbox"],
        "overdue": mine["overdue"],
        "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }


def queue_count(user) -> int:
    return queue(user).count()


def may_see_task(user, task) -> bool:
    """Whoever may see the case now, as its kind says: a holder who has lost that right
    loses the step page too."""
    kind = registry.kind_of(task)
    return kind is not None and kind.may_see(user, task)


def visible_task(user, pk: int):
    """The people's step with this id if the user may see it (`may_see_task`), else None."""
    task = Task.objects.select_related("owner").filter(pk=pk, flow_task_type="HUMAN").first()
    if task is None or not may_see_task(user, task):
        return None
    return task


def task_history(task):
    """The other steps of the same procedure, done or open, oldest first."""
    return (
        Task.objects.filter(process_id=task.process_id, flow_task_type="HUMAN")
        .select_related("owner")
        .order_by("created")
    )


# The three task lists, by name: where each comes from and its heading.
LISTS = {
    "inbox": (inbox, "Assigned to you"),
    "queue": (queue, "Your team's queue"),
    "archive": (archive, "Done"),
}
