# The SQL here is assembled from this module's own constants and model metadata, never
# from input.
# ruff: noqa: S608
"""Grow the benchmark database for a while, to show that a page's time does not follow
what it does not show: ten times more open steps in every other compact (the unrelated
backlog), and ten times more done steps in the busy Champion's history. Each added step
copies a real one (same case, same holder), and is marked so `shrink` takes it all away.
"""

from __future__ import annotations

from django.db import connection

MARK = "bench-grown:"
TIMES = 10


def _task_columns() -> list[str]:
    from viewflow.workflow.models import Task

    return [
        f.column
        for f in Task._meta.local_concrete_fields
        if f.column not in ("id", "external_task_id")
    ]


def shrink() -> int:
    """Take away every step `grow` added (also after an interrupted run)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM workflows_stepentry WHERE task_id IN "
            "(SELECT id FROM viewflow_task WHERE external_task_id LIKE %s)",
            [MARK + "%"],
        )
        cursor.execute("DELETE FROM viewflow_task WHERE external_task_id LIKE %s", [MARK + "%"])
        removed = cursor.rowcount
        if removed:
            # Now, not by autovacuum in the middle of the next run's timings.
            cursor.execute("VACUUM ANALYZE viewflow_task")
            cursor.execute("VACUUM ANALYZE workflows_stepentry")
    return removed


def grow(*, champion: str, member: str) -> dict[str, int]:
    """Add TIMES copies of every open step of the compacts neither user works in, and of
    every step the Champion has done. Returns how many of each were added."""
    columns = _task_columns()
    listed = ", ".join(columns)
    copied = ", ".join(f"t.{c}" for c in columns)
    added = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(DISTINCT c.id) FROM cases_compact c JOIN auth_user u "
            "ON u.id = c.champion_id WHERE u.username = %s",
            [champion],
        )
        (theirs,) = cursor.fetchone()
        cursor.execute(
            "SELECT coalesce(array_agg(DISTINCT j.compact_id), '{}') FROM "
            "cases_jointbodymember j JOIN auth_user u ON u.id = j.user_id WHERE u.username = %s",
            [member],
        )
        (seats,) = cursor.fetchone()
        mine = list({*(theirs or []), *seats})
        cursor.execute("SELECT id FROM auth_user WHERE username = %s", [champion])
        (champion_id,) = cursor.fetchone()
        parts = {
            "open steps in other compacts": (
                "e.status IN ('NEW', 'ASSIGNED', 'STARTED') AND NOT (e.compact = ANY(%s))",
                [mine],
            ),
            "done steps in the Champion's history": (
                "e.status = 'DONE' AND e.owner_id = %s",
                [champion_id],
            ),
        }
        for label, (where, params) in parts.items():
            cursor.execute(
                f"INSERT INTO viewflow_task ({listed}, external_task_id) "
                f"SELECT {copied}, %s || t.id FROM viewflow_task t "
                "JOIN workflows_stepentry e ON e.task_id = t.id "
                f"CROSS JOIN generate_series(1, {TIMES}) WHERE {where}",
                [MARK, *params],
            )
            added[label] = cursor.rowcount
        cursor.execute(
            "INSERT INTO workflows_stepentry (task_id, kind, compact, reference, due_on, "
            "owner_id, status, queued, permission, created, finished) "
            "SELECT t.id, e.kind, e.compact, e.reference, e.due_on, e.owner_id, e.status, "
            "e.queued, e.permission, e.created, e.finished FROM viewflow_task t "
            "JOIN workflows_stepentry e ON e.task_id = "
            "substr(t.external_task_id, length(%s) + 1)::bigint "
            "WHERE t.external_task_id LIKE %s",
            [MARK, MARK + "%"],
        )
        cursor.execute("ANALYZE viewflow_task")
        cursor.execute("ANALYZE workflows_stepentry")
    return added
