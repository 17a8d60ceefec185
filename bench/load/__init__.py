"""Load the benchmark's volume into its own PostgreSQL database (`manage.py bench_load`):
the plan of the load, then each kind of row in turn, in one transaction.

By noun: `base` (shared constants and `insert`), `stories` (how far each case got and
its steps), `database` (the marker and the database itself), `plan` (the temporary
tables the load works from), `people` (compacts, organisations, people and joint
bodies), `disputes`, `commissioning` (exercises and departures), `tasks` (viewflow
processes and tasks, and the steps' clocks) and `extras` (follow-ups and
notifications)."""

from __future__ import annotations

import random
import time

from django.core.management.color import no_style
from django.db import connection, transaction

from bench.load import stories
from bench.load.base import Cursor
from bench.load.commissioning import load_commissioning
from bench.load.disputes import load_disputes
from bench.load.extras import load_extras
from bench.load.people import load_people
from bench.load.plan import load_plan
from bench.load.references import load_reference_counters
from bench.load.stories import (
    BUSY_DISPUTES,
    BUSY_EXERCISES,
    DEPARTURES_PER_EXERCISE,
    DISPUTE_MIX,
    EXERCISE_MIX,
    EXERCISES_PER_DISPUTE,
    as_flows_have_them,
    busy_mix_for,
    expected,
)
from bench.load.tasks import (
    load_entries,
    load_processes,
    load_step_clocks,
    load_tasks,
    load_timer_links,
)


def load(stdout, *, compacts: int, tasks: int, seed: int):
    """Size the compacts (the busy one, then the others at random about an average that
    makes `tasks` in all), then load every table in one transaction, reporting each part's
    time to `stdout`."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    scale = tasks / 1_000_000
    from cases.commissioning.flow import DepartureFlow, ExerciseFlow
    from cases.disputes.flow import DisputeFlow

    dispute_stories = as_flows_have_them(stories.dispute_stories(), DisputeFlow)
    exercise_stories = as_flows_have_them(stories.exercise_stories(), ExerciseFlow)
    departure_stories = as_flows_have_them(stories.departure_stories(), DepartureFlow)
    busy_disputes = max(200, round(BUSY_DISPUTES * scale))
    busy_mix = busy_mix_for(busy_disputes, scale)
    per_dispute = expected(dispute_stories, DISPUTE_MIX)
    per_exercise = expected(exercise_stories, EXERCISE_MIX)
    per_departure = expected(departure_stories, {"open": 0.1, "reviewed": 0.9})
    per_case = per_dispute + EXERCISES_PER_DISPUTE * (
        per_exercise + 0.97 * DEPARTURES_PER_EXERCISE * per_departure
    )
    busy_tasks = busy_disputes * expected(dispute_stories, busy_mix)
    others = max(compacts - 1, 1)
    average = max(10, (tasks - busy_tasks) / per_case / others)
    weights = [rng.uniform(0.3, 1.7) for _ in range(others)]
    norm = others / sum(weights)
    rows = [(1, busy_disputes, max(20, round(BUSY_EXERCISES * scale)), 200, "busy")]
    for c, w in enumerate(weights, start=2):
        disputes = max(5, round(average * w * norm))
        rows.append(
            (
                c,
                disputes,
                round(disputes * EXERCISES_PER_DISPUTE),
                rng.randint(20, 60),
                "normal",
            )
        )
    steps = {"total": time.monotonic()}

    def done(label):
        now = time.monotonic()
        stdout.write(f"  {label}: {now - steps.get('last', steps['total']):.1f}s")
        steps["last"] = now

    with transaction.atomic(), connection.cursor() as raw:
        cursor = Cursor(raw)
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        load_plan(cursor, rows, dispute_stories, exercise_stories, departure_stories, busy_mix)
        done("plan")
        load_people(cursor)
        done("compacts, organisations, people")
        load_disputes(cursor)
        done("disputes")
        load_commissioning(cursor)
        done("exercises and departures")
        load_reference_counters(cursor)
        done("reference counters")
        load_processes(cursor)
        done("processes")
        load_tasks(cursor)
        done("tasks")
        load_timer_links(cursor)
        done("timers' links to their steps")
        load_step_clocks(cursor)
        done("step clocks")
        load_entries(cursor)
        done("task list entries")
        load_extras(cursor)
        done("follow-ups and notifications")
        from django.contrib.auth import get_user_model
        from viewflow.workflow.models import Process

        from cases.commissioning.models import Departure, Exercise
        from cases.disputes.models import Dispute
        from cases.register.models import Compact, Organisation

        for statement in connection.ops.sequence_reset_sql(
            no_style(),
            [Compact, Organisation, get_user_model(), Dispute, Exercise, Departure, Process],
        ):
            cursor.execute(statement)
