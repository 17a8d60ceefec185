"""Reads for the task pages: the inbox, the queue and the archive, over every registered
kind of case (`workflows.registry`). Each list is one query, filtered, sorted and paged in
the database whatever its size."""

import copy
import datetime
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.common.working_days import working_days_between
from workflows import lines as case_lines
from workflows import navigation, registry
from workflows.models import FollowUp, Notification, StepClock, StepEntry

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def attach(tasks):
    """Attach each task's case line (for one page of a list), with the step's due date and
    the working days left before it: the case's due date where its steps share one (a
    dispute's), or the step's own (`case_due` in the lists below; looked up for others)."""
    tasks = list(tasks)
    _holders(tasks)
    ids = {}  # the procedures of each kind on this page (from each step's flow: no query)
    for task in tasks:
        kind = registry.kind_of(task) if task.flow_task is not None else None
        if kind is not None:
            ids.setdefault(kind.name, []).append(task.process_id)
    lines = case_lines.lines_for(ids, lambda name, pks: registry.KINDS[name].lines(pks))
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


def _holders(tasks) -> None:
    """Each task's holder, read for the page's rows after paging (joined before paging,
    the planner would read every user to sort a few rows)."""
    ids = {t.owner_id for t in tasks if t.owner_id is not None}
    if not ids:
        return
    # Only the names the lists show of a holder.
    holders = get_user_model().objects.only("username", "first_name", "last_name").in_bulk(ids)
    for task in tasks:
        if task.owner_id is not None:
            task.owner = holders.get(task.owner_id)


# The task's own columns a list shows (not its data, token and the rest).
LISTED = ("pk", "process_id", "flow_task", "flow_task_type", "status", "created", "finished")
LISTED += ("owner_id", "owner_permission")


def _annotated(tasks):
    """What the lists sort and filter by, from each step's entry (`StepEntry`), with only
    the task's columns a list shows."""
    return tasks.only(*LISTED).annotate(
        case_due=F("entry__due_on"),
        case_compact=F("entry__compact"),
        case_reference=F("entry__reference"),
    )


def _of_kind(kind) -> Q:
    return Q(entry__kind=kind.name)


def _still_theirs(user) -> Q:
    """Steps of cases the user still holds the role for (each kind says what that is).
    The steps of the others wait for someone who does. Checked row by row on the user's
    own steps, never by listing every case the user may not see."""
    return reduce(
        and_,
        (~_of_kind(kind) | kind.still_theirs(user) for kind in registry.kinds()),
        Q(),
    )


def _theirs(user, entries) -> set[int]:
    """Of these (step id, kind) pairs, the steps of cases the user still holds the role for,
    checked kind by kind on these steps only: each kind's conditions are planned alone,
    not as one OR across every kind's joins."""
    by_kind: dict[str, list[int]] = {}
    for pk, name in entries:
        by_kind.setdefault(name, []).append(pk)
    theirs: set[int] = set()
    for name, ids in by_kind.items():
        kind = registry.KINDS.get(name)
        if kind is None:
            continue
        theirs.update(
            Task.objects.filter(kind.still_theirs(user), pk__in=ids).values_list("pk", flat=True)
        )
    return theirs


def open_steps(user) -> dict:
    """The user's open steps, from their own index, checked once against the cases they
    still hold the role for: how many are theirs and overdue, and the ids of those that
    are no longer theirs (`hidden`). The navigation keeps this with the header."""
    rows = list(
        StepEntry.objects.filter(owner=user, status__in=OPEN).values_list(
            "task_id", "kind", "due_on"
        )
    )
    theirs = _theirs(user, [(pk, kind) for pk, kind, _due in rows])
    today = timezone.localdate()
    return {
        "inbox": len(theirs),
        "overdue": sum(1 for pk, _kind, due in rows if pk in theirs and due and due < today),
        "hidden": sorted(pk for pk, _kind, _due in rows if pk not in theirs),
    }


def _follow_up(user, step: str = "task_id"):
    """The user's follow-up date for each row's step (`step`: the row's task id)."""
    dates = FollowUp.objects.filter(task=OuterRef(step), user=user).values("follow_up_on")
    return Subquery(dates[:1])


def inbox_entries(user, *, live: bool = False):
    """The entries (`StepEntry`) of the steps assigned to the user and not yet done, with
    the user's follow-up date: read from their own index, less those of cases no longer
    theirs. Which those are is kept with the header (`navigation.lists`), forgotten
    whenever the user's steps or roles change; `live` checks them now instead (the
    digests, which run for many people once)."""
    hidden = open_steps(user)["hidden"] if live else navigation.lists(user)["hidden"]
    mine = StepEntry.objects.filter(owner=user, status__in=OPEN)
    if hidden:
        mine = mine.exclude(task_id__in=hidden)
    return mine.annotate(follow_up_on=_follow_up(user))


def inbox(user, *, live: bool = False):
    """The steps of `inbox_entries`, as tasks with what the lists show of them."""
    return tasks_of(inbox_entries(user, live=live), user=user)


def tasks_of(entries, *, user=None):
    """The tasks of these entries (a queryset, or task ids), with what the lists sort and
    show from each entry, and `user`'s follow-up dates."""
    if not isinstance(entries, list | tuple):
        entries = entries.values("task_id")
    tasks = _annotated(Task.objects.filter(pk__in=entries))
    return tasks.annotate(follow_up_on=_follow_up(user, "pk")) if user is not None else tasks


def page_rows(ids, *, user) -> list:
    """The tasks with these ids (one page of a list), in the same order, annotated as
    `tasks_of` says, with their case lines attached (`attach`)."""
    ids = list(ids)
    found = tasks_of(ids, user=user).order_by().in_bulk()  # by id: no order to compile
    return attach(found[pk] for pk in ids if pk in found)


def queue_parts(user) -> tuple[list[str], dict]:
    """What the user's queue is made of: the queue permissions they hold, and for each kind
    of case with a queue, the compacts whose queue of that kind they work."""
    permissions = [p for p in registry.queue_permissions() if user.has_perm(p)]
    if not permissions:
        return [], {}
    parts: dict = {}
    compacts_of: dict = {}  # kinds often share where their queues are: asked once
    for kind in registry.kinds():
        if kind.queue is None:
            continue
        if kind.queue_compacts not in compacts_of:
            compacts_of[kind.queue_compacts] = list(kind.queue_compacts(user))
        if compacts_of[kind.queue_compacts]:
            parts[kind.name] = compacts_of[kind.queue_compacts]
    return permissions, parts


def _queued(kind, compacts, permissions, *conditions):
    """The queued steps of one kind in these compacts, for these permissions (and these
    conditions, in the same filter)."""
    return Task.objects.filter(
        *conditions,
        entry__compact__in=compacts,
        entry__queued=True,
        entry__kind=kind.name,
        entry__permission__in=permissions,
    )


def queue_of(user, parts=None) -> dict:
    """The user's queue, kind by kind (`parts` from `queue_parts`, if read): `ids`, the
    steps they may take, and `aside`, the other steps waiting in the same queues (of cases
    they stand aside from, or that their kind keeps from them)."""
    permissions, by_kind = parts if parts is not None else queue_parts(user)
    ids: set[int] = set()
    waiting: set[int] = set()
    for name, compacts in by_kind.items():
        kind = registry.KINDS[name]
        queued = _queued(kind, compacts, permissions)
        waiting.update(queued.values_list("pk", flat=True))
        ids.update(queued.filter(kind.queue(user)).values_list("pk", flat=True))
    return {"ids": ids, "aside": waiting - ids}


def queue(user, *, live: bool = False):
    """Unclaimed steps the user may take: they hold the step's permission through their
    group, and the step's kind of case says they may (for a dispute: they sit on that
    compact's joint body and work for neither party). Kind by kind, from the index of the
    queued entries of the compacts whose queues the user works, not from every queued
    step there is; each kind's rules are planned alone, on those entries only. Which steps
    those are is kept with the header (`navigation.lists`) until a step joins or leaves
    one of those queues or the user's roles change; `live` reads them now."""
    return tasks_of(queue_entries(user, live=live))


def queue_entries(user, *, live: bool = False):
    """The entries of the steps in the user's queue (`queue`): the queued entries of the
    compacts whose queues the user works, from their index, less those the user may not
    take. What the queue is made of and which steps those are is kept with the header
    (`navigation.lists`); `live` works them out now."""
    if live:
        parts = queue_parts(user)
        aside = queue_of(user, parts)["aside"]
    else:
        kept = navigation.lists(user)
        parts, aside = kept["queue_parts"], kept["queue_aside"]
    permissions, by_kind = parts
    if not by_kind:
        return StepEntry.objects.none()
    where = reduce(or_, (Q(kind=name, compact__in=ids) for name, ids in by_kind.items()))
    entries = StepEntry.objects.filter(where, queued=True, permission__in=permissions)
    return entries.exclude(task_id__in=sorted(aside)) if aside else entries


def archive(user, *, checked: bool = True):
    """Steps the user has done, of cases they may still see: someone who has lost the role
    (left the joint body, the organisation) no longer reads the case's stage and parties
    here either. Walked newest first from the index of the user's done entries, a page at
    a time (`newest_first`, which checks the rows it shows: `checked=False`), never counted
    whole."""
    return tasks_of(archive_entries(user, checked=checked))


def archive_entries(user, *, checked: bool = True):
    """The entries of the user's done steps (`archive`)."""
    entries = StepEntry.objects.filter(owner=user, status=STATUS.DONE)
    if not checked:
        return entries
    done = Task.objects.filter(entry__owner=user, entry__status=STATUS.DONE)
    return entries.filter(task_id__in=done.filter(_still_theirs(user)).values("pk"))


@dataclass
class NewestFirst:
    """One page of a list walked newest first by when each step was done, from a position
    rather than a page number (keyset paging): the page costs the same however long the
    user's history is, and nothing counts it whole."""

    object_list: list
    older: int | None = None  # the position to ask for the next page from (`after`)
    newer: int | None = None  # the position to ask for the previous page from (`before`)
    keyset = True


def _position(user, pk) -> tuple | None:
    """Where one of the user's own done steps stands: a position elsewhere is none."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    finished = (
        StepEntry.objects.filter(task_id=pk, owner=user, status=STATUS.DONE)
        .values_list("finished", flat=True)
        .first()
    )
    return (finished, pk) if finished is not None else None


def _first_theirs(user, rows, need: int) -> list:
    """The first `need` entries of `rows` (an ordered queryset) of cases still the user's,
    checked on the rows read only: a few more are read when some are not."""
    size = need
    while True:
        read = list(rows[:size])
        theirs = _theirs(user, [(e.task_id, e.kind) for e in read])
        kept = [e for e in read if e.task_id in theirs]
        if len(kept) >= need or len(read) < size:
            return kept[:need]
        size *= 4


def newest_first(entries, *, user, after=None, before=None, size: int = 25) -> NewestFirst:
    """The page of `entries` (the user's done steps, unchecked: `archive_entries(checked=
    False)`) after or before a position, newest first, showing only cases still the
    user's; its rows are entries. A position that is not one of the user's done steps
    starts from the newest."""
    # Only what `entry_by_owner_done` holds: read from the index alone, in its order.
    entries = entries.only("task_id", "kind", "finished")
    if (at := _position(user, before)) is not None:
        finished, pk = at
        rows = _first_theirs(
            user,
            entries.filter(
                Q(finished__gt=finished) | Q(finished=finished, task_id__gt=pk)
            ).order_by("finished", "task_id"),
            size + 1,
        )
        more = len(rows) > size
        rows = list(reversed(rows[:size]))
        return NewestFirst(
            rows,
            older=rows[-1].task_id if rows else None,
            newer=rows[0].task_id if more else None,
        )
    rows = entries.order_by("-finished", "-task_id")
    if (at := _position(user, after)) is not None:
        finished, pk = at
        rows = rows.filter(Q(finished__lt=finished) | Q(finished=finished, task_id__lt=pk))
    rows = _first_theirs(user, rows, size + 1)
    more = len(rows) > size
    rows = rows[:size]
    return NewestFirst(
        rows,
        older=rows[-1].task_id if more else None,
        newer=rows[0].task_id if at is not None and rows else None,
    )


SORTS = {
    "due": (F("due_on").asc(nulls_last=True), "created", "task_id"),
    "created": ("created", "task_id"),
    "-created": ("-created", "-task_id"),
    "case": ("reference", "created", "task_id"),
    "finished": ("-finished", "-task_id"),
}


def filtered(entries, *, compact=None, kind="", step="", due="", query="", sort="due"):
    """Apply the task list's filters and sort to a list's entries (`inbox_entries`,
    `queue_entries`, `archive_entries`): each reads the entry alone, but the step and the
    text search, which join its task."""
    if compact is not None:
        entries = entries.filter(compact=compact.pk)
    if kind in registry.KINDS:
        entries = entries.filter(kind=kind)
    if step:
        entries = entries.filter(task__flow_task__in=step_nodes(step))
    today = timezone.localdate()
    if due == "overdue":
        entries = entries.filter(due_on__lt=today)
    elif due == "follow_up":
        # Follow-up dates are on one's own open steps: the queue and archive have none.
        if "follow_up_on" in entries.query.annotations:
            entries = entries.filter(follow_up_on__lte=today)
        else:
            entries = entries.none()
    elif due == "week":
        entries = entries.filter(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=6 - today.weekday())
        )
    if query:
        lookups = [lookup for k in registry.kinds() for lookup in k.search]
        entries = entries.filter(
            reduce(
                or_,
                (Q(**{f"task__{lookup}__icontains": query}) for lookup in lookups),
                Q(reference__icontains=query),
            )
        )
    return entries.order_by(*SORTS.get(sort, SORTS["due"]))


_STEP_CHOICES: dict[str, list] = {}


def step_choices():
    """(value, label) for every people's step, by title: the same for every page in a
    language, so sorted once a language."""
    language = get_language()
    if language not in _STEP_CHOICES:
        titles = {}
        for node in registry.human_nodes():
            titles.setdefault(str(node.task_title), node.task_title)
        _STEP_CHOICES[language] = sorted(titles.items(), key=lambda item: str(item[1]))
    return _STEP_CHOICES[language]


def step_nodes(title):
    return registry.human_nodes(title)


def unread(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def standing_aside(user) -> int:
    """How many queued steps of the compacts whose queues the user works they may not
    take, because they stand aside from those cases (their organisation's, or one their
    seat represents): to say why a queue is empty."""
    return len(navigation.lists(user)["queue_aside"])


def queue_count(user) -> int:
    return navigation.header_counts(user)["queue"]


def queue_compacts(parts) -> list[int]:
    """The ids of the compacts whose queues the user works (`parts` from `queue_parts`)."""
    _permissions, by_kind = parts
    return sorted({getattr(c, "pk", c) for compacts in by_kind.values() for c in compacts})


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
    "inbox": (inbox_entries, _("Assigned to you")),
    "queue": (queue_entries, _("Your team's queue")),
    "archive": (archive_entries, _("Done")),
}
