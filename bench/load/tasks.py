# The SQL here is assembled from this module's own constants, never from input.
# ruff: noqa: S608
"""The workflow: one viewflow process per case (b_case), the tasks its story left
behind, each held by whoever the flow gives it to, and the due dates of the steps that
have a clock (workflows.StepClock)."""

from __future__ import annotations

from bench.load.base import DEPARTURE_FLOW, DISPUTE_FLOW, EXERCISE_FLOW, insert


def load_processes(cursor):
    """One process per case: disputes first, then exercises, then departures, so each
    process id is its case's id plus an offset."""
    from viewflow.workflow.models import Process

    from cases.commissioning.models import DepartureProcess, ExerciseProcess
    from cases.disputes.models import DisputeProcess

    cursor.execute("SELECT (SELECT count(*) FROM b_dispute), (SELECT count(*) FROM b_exercise)")
    disputes, exercises = cursor.fetchone()
    cursor.execute(
        "CREATE TEMP TABLE b_case ON COMMIT DROP AS "
        "SELECT 'dispute' AS kind, d.id AS process_id, d.id AS case_id, d.story, d.status, "
        "d.steps, d.created_at, coalesce(d.ended_at, d.stage_started_on + time '09:00') "
        "AS active_at, d.ended_at, c.champion_id AS champion, d.raised_by AS complainant, "
        "d.respondent_user AS respondent, d.mediator, "
        "d.user_base + d.chair_seat + 1 AS panel_chair, "
        "d.user_base + d.claimer_seat + 1 AS claimer, NULL::int AS commissioner, d.due_on "
        "FROM b_dispute d JOIN cases_compact c ON c.id = d.compact_id "
        "UNION ALL "
        "SELECT 'exercise', %s + e.id, e.id, e.story, e.status, s.steps, e.created_at, "
        "CASE WHEN e.status = 'NEW' THEN now() - interval '2 days' "
        "ELSE e.created_at + interval '200 days' END, "
        "CASE WHEN e.status = 'NEW' THEN NULL ELSE e.created_at + interval '200 days' END, "
        "NULL, NULL, NULL, NULL, NULL, NULL, e.user_base + e.officer + 1, NULL "
        "FROM b_exercise e JOIN b_story s ON s.kind = 'exercise' AND s.story = e.story "
        "UNION ALL "
        "SELECT 'departure', %s + p.id, p.id, p.story, s.status, s.steps, p.created_at, "
        "CASE WHEN s.status = 'NEW' THEN p.created_at + interval '1 hour' "
        "ELSE p.created_at + interval '5 days' END, "
        "CASE WHEN s.status = 'NEW' THEN NULL ELSE p.created_at + interval '5 days' END, "
        "c.champion_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
        "FROM b_departure p JOIN cases_compact c ON c.id = p.compact_id "
        "JOIN b_story s ON s.kind = 'departure' AND s.story = p.story",
        [disputes, disputes + exercises],
    )
    cursor.execute("ANALYZE b_case")
    flows = (
        f"CASE b.kind WHEN 'dispute' THEN '{DISPUTE_FLOW}' WHEN 'exercise' "
        f"THEN '{EXERCISE_FLOW}' ELSE '{DEPARTURE_FLOW}' END"
    )
    insert(
        Process,
        {
            "id": "b.process_id",
            "flow_class": flows,
            "status": "b.status",
            "created": "b.created_at",
            "finished": "b.ended_at",
        },
        "FROM b_case b",
        cursor=cursor,
    )
    for model, kind, column in (
        (DisputeProcess, "dispute", "dispute_id"),
        (ExerciseProcess, "exercise", "exercise_id"),
        (DepartureProcess, "departure", "departure_id"),
    ):
        insert(
            model,
            {"process_ptr_id": "b.process_id", column: "b.case_id"},
            f"FROM b_case b WHERE b.kind = '{kind}'",
            cursor=cursor,
        )


def load_tasks(cursor):
    from viewflow.workflow.models import Task

    flows = (
        f"CASE b.kind WHEN 'dispute' THEN '{DISPUTE_FLOW}.' WHEN 'exercise' "
        f"THEN '{EXERCISE_FLOW}.' ELSE '{DEPARTURE_FLOW}.' END"
    )
    # Each step starts a share of the way from the case's start to its last activity.
    at = "b.created_at + (b.active_at - b.created_at) * (t.seq - 1) / greatest(b.steps, 1)"
    done_at = f"{at} + (b.active_at - b.created_at) * 0.8 / greatest(b.steps, 1)"
    holder = (
        "CASE t.holder WHEN 'champion' THEN b.champion WHEN 'complainant' THEN b.complainant "
        "WHEN 'respondent' THEN b.respondent WHEN 'mediator' THEN b.mediator "
        "WHEN 'panel_chair' THEN b.panel_chair WHEN 'claimer' THEN b.claimer "
        "WHEN 'commissioner' THEN b.commissioner END"
    )
    insert(
        Task,
        {
            "flow_task": f"{flows} || t.node",
            "flow_task_type": "t.type",
            "status": "t.status",
            "created": at,
            "assigned": f"CASE WHEN t.permission IS NOT NULL AND t.status <> 'NEW' "
            f"THEN {at} + interval '1 hour' END",
            "started": f"CASE WHEN t.status = 'DONE' AND t.type NOT IN ('TIMER', "
            f"'EXCLUSIVE_GATEWAY', 'END') THEN {done_at} END",
            "finished": f"CASE WHEN t.status IN ('DONE', 'CANCELED') THEN {done_at} END",
            "scheduled": "CASE WHEN t.type <> 'TIMER' THEN NULL WHEN b.due_on IS NULL "
            "AND t.status = 'SCHEDULED' THEN timestamptz '2999-12-31 00:00+00' "
            "WHEN t.node LIKE '%%timeout_2' THEN coalesce(b.due_on, b.active_at::date) + 1 "
            "ELSE coalesce(b.due_on, b.active_at::date) - 3 + time '09:00' END",
            "token": "'start'",
            "owner_id": f"CASE WHEN t.status = 'NEW' THEN NULL ELSE {holder} END",
            "owner_permission": "t.permission",
            "process_id": "b.process_id",
        },
        "FROM b_case b JOIN b_step t ON t.kind = b.kind AND t.story = b.story",
        cursor=cursor,
    )


def load_timer_links(cursor):
    """Each timer's link to the step it is attached to (`Task.previous`), as viewflow makes
    it when the step opens: the sweep finds a commissioning step's clock through it."""
    cursor.execute(
        "INSERT INTO viewflow_task_previous (from_task_id, to_task_id) "
        "SELECT t.id, h.id FROM viewflow_task t CROSS JOIN LATERAL ("
        " SELECT h.id FROM viewflow_task h WHERE h.process_id = t.process_id"
        " AND h.flow_task = regexp_replace(t.flow_task, '__timeout(_2)?$', '')"
        " ORDER BY h.created DESC, h.id DESC LIMIT 1) h "
        "WHERE t.flow_task_type = 'TIMER'"
    )


def load_step_clocks(cursor):
    """The due dates of the commissioning steps and departure reviews that have a clock
    (workflows.StepClock, one a step, made as the step opens)."""
    from django.apps import apps

    try:
        step_clock = apps.get_model("workflows", "StepClock")
    except LookupError:
        return
    from cases.commissioning import clocks

    rules = clocks.STEP_RULES
    # Working days as calendar days, near enough for test data.
    days = " ".join(
        f"WHEN '{name}' THEN {round(rule.working_days * 7 / 5)}" for name, rule in rules.items()
    )
    node = "split_part(t.flow_task, '.', -1)"
    insert(
        step_clock,
        {
            "task_id": "t.id",
            "due_on": f"CASE WHEN {node} = 'open_bids' AND e.stage = 'tender' "
            f"THEN e.bids_close_at::date + 5 ELSE t.created::date + CASE {node} {days} "
            "ELSE 14 END END",
        },
        "FROM viewflow_task t LEFT JOIN workflows_exerciseprocess x "
        "ON x.process_ptr_id = t.process_id LEFT JOIN cases_exercise e ON e.id = x.exercise_id "
        "WHERE t.flow_task_type = 'HUMAN' AND t.process_id > (SELECT count(*) FROM b_dispute) "
        f"AND {node} IN (SELECT left(node, -9) FROM b_step WHERE kind <> 'dispute' "
        "AND node LIKE '%%__timeout')",
        cursor=cursor,
    )


def load_entries(cursor):
    """The task lists' read model (workflows.StepEntry), one row a people's step, as
    `workflows.entries` keeps it: the case's compact and reference, and the due date of
    the dispute (whose steps share its clock) or of the step's own clock."""
    from cases.commissioning.models import Departure, DepartureProcess, Exercise, ExerciseProcess
    from cases.disputes.models import Dispute, DisputeProcess
    from workflows.models import StepClock, StepEntry

    def table(model):
        return model._meta.db_table

    insert(
        StepEntry,
        {
            "task_id": "t.id",
            "kind": "CASE WHEN dp.process_ptr_id IS NOT NULL THEN 'dispute' "
            "WHEN xp.process_ptr_id IS NOT NULL THEN 'commissioning' ELSE 'departure' END",
            "compact": "coalesce(d.compact_id, e.compact_id, de.compact_id)",
            "reference": "coalesce(d.reference, e.reference, de.reference, '')",
            "due_on": "CASE WHEN dp.process_ptr_id IS NOT NULL THEN d.due_on ELSE sc.due_on END",
            "owner_id": "t.owner_id",
            "status": "t.status",
            "queued": "t.status = 'NEW' AND t.owner_id IS NULL "
            "AND coalesce(t.owner_permission, '') <> ''",
            "permission": "coalesce(t.owner_permission, '')",
            "created": "t.created",
            "finished": "t.finished",
        },
        f"FROM viewflow_task t "
        f"LEFT JOIN {table(DisputeProcess)} dp ON dp.process_ptr_id = t.process_id "
        f"LEFT JOIN {table(Dispute)} d ON d.id = dp.dispute_id "
        f"LEFT JOIN {table(ExerciseProcess)} xp ON xp.process_ptr_id = t.process_id "
        f"LEFT JOIN {table(Exercise)} e ON e.id = xp.exercise_id "
        f"LEFT JOIN {table(DepartureProcess)} pp ON pp.process_ptr_id = t.process_id "
        f"LEFT JOIN {table(Departure)} p ON p.id = pp.departure_id "
        f"LEFT JOIN {table(Exercise)} de ON de.id = p.exercise_id "
        f"LEFT JOIN {table(StepClock)} sc ON sc.task_id = t.id "
        "WHERE t.flow_task_type = 'HUMAN'",
        cursor=cursor,
    )
