"""Keeping `StepEntry`, the task lists' read model, in step with viewflow's tasks.

- A people's step's save (viewflow's or ours) updates its entry, in the same transaction;
  a new step's entry reads its case's compact, reference and (for kinds whose steps share
  the case's clock) due date through its kind's lookups, in one query.
- A step clock's save moves its step's due date.
- A case whose clock moves says so (`case_due`): the disputes' signal handler does.
- `rebuild` fills the entries of steps that have none (the migration that adds them).
"""

from __future__ import annotations

from django.db.models import Case, F, When
from viewflow.workflow import STATUS

from workflows import registry
from workflows.models import StepEntry

BATCH = 2000


def _queued(status, owner_id, permission) -> bool:
    """Unclaimed and waiting for whoever holds its permission."""
    return status == STATUS.NEW and owner_id is None and bool(permission)


def _state(task) -> dict:
    permission = task.owner_permission or ""
    return {
        "owner_id": task.owner_id,
        "status": task.status,
        "queued": _queued(task.status, task.owner_id, permission),
        "permission": permission,
        "finished": task.finished,
    }


def _facts(kind, node=None) -> dict:
    """The lookups from a task (of `node`, if known) to what its entry keeps of its case:
    its compact, its reference and the step's due date (the case's, the step clock's, or
    for a step with a clock of its own, that clock's)."""
    facts = {
        "case_compact": F(kind.lookups["compact"]),
        "case_reference": F(kind.lookups["reference"]),
    }
    due = F(kind.lookups["due"]) if "due" in kind.lookups else F("step_clock__due_on")
    if node is not None:
        facts["case_due"] = F(kind.own_clocks[node]) if node in kind.own_clocks else due
    elif kind.own_clocks:
        facts["case_due"] = Case(
            *[When(flow_task=own, then=F(lookup)) for own, lookup in kind.own_clocks.items()],
            default=due,
        )
    else:
        facts["case_due"] = due
    return facts


def task_saved(task, created: bool) -> int | None:
    """Keep the step's entry; returns the compact whose queue the save may have changed (a
    step waiting for a permission, not a person), or None."""
    if task.flow_task_type != "HUMAN":
        return None
    state = _state(task)
    if not created and StepEntry.objects.filter(task_id=task.pk).update(**state):
        if not state["permission"]:
            return None
        return StepEntry.objects.filter(task_id=task.pk).values_list("compact", flat=True).first()
    kind = registry.kind_of(task)
    if kind is None:
        return None
    from viewflow.workflow.models import Task

    facts = Task.objects.filter(pk=task.pk).values(**_facts(kind, task.flow_task)).first() or {}
    StepEntry.objects.bulk_create(
        [
            StepEntry(
                task_id=task.pk,
                kind=kind.name,
                compact=facts.get("case_compact"),
                reference=facts.get("case_reference") or "",
                due_on=facts.get("case_due"),
                created=task.created,
                **state,
            )
        ],
        ignore_conflicts=True,
    )
    return facts.get("case_compact") if state["permission"] else None


def clock_saved(task_id: int, due_on) -> None:
    StepEntry.objects.filter(task_id=task_id).update(due_on=due_on)


def case_due(process_ids, due_on, *, kind=None) -> list[int]:
    """The case of these procedures is now due on `due_on` (None: no clock running),
    except for the steps with clocks of their own (`CaseKind.own_clocks` of `kind`).
    Returns the holders of its open steps, whose numbers may have changed."""
    entries = StepEntry.objects.filter(task__process__in=process_ids)
    if kind is not None and kind.own_clocks:
        entries = entries.exclude(task__flow_task__in=list(kind.own_clocks))
    if due_on is None:
        entries.filter(due_on__isnull=False).update(due_on=None)
    else:
        entries.exclude(due_on=due_on).update(due_on=due_on)
    return list(
        entries.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED])
        .exclude(owner=None)
        .values_list("owner", flat=True)
    )


def rebuild(Task=None, Entry=None) -> int:
    """Add the entries of every people's step that has none. Takes the models to use (a
    migration passes its own). Returns how many were added."""
    if Task is None:
        from viewflow.workflow.models import Task
    Entry = Entry or StepEntry
    added = 0
    for kind in registry.kinds():
        rows = (
            Task.objects.filter(
                flow_task_type="HUMAN", entry__isnull=True, **{f"{kind.process}__isnull": False}
            )
            .order_by("pk")
            .values(
                "pk",
                "owner_id",
                "status",
                "owner_permission",
                "created",
                "finished",
                **_facts(kind),
            )
        )
        batch = []
        for row in rows.iterator(chunk_size=BATCH):
            permission = row["owner_permission"] or ""
            batch.append(
                Entry(
                    task_id=row["pk"],
                    kind=kind.name,
                    compact=row["case_compact"],
                    reference=row["case_reference"] or "",
                    due_on=row["case_due"],
                    owner_id=row["owner_id"],
                    status=row["status"],
                    queued=_queued(row["status"], row["owner_id"], permission),
                    permission=permission,
                    created=row["created"],
                    finished=row["finished"],
                )
            )
            if len(batch) >= BATCH:
                Entry.objects.bulk_create(batch, ignore_conflicts=True)
                added += len(batch)
                batch = []
        Entry.objects.bulk_create(batch, ignore_conflicts=True)
        added += len(batch)
    return added
