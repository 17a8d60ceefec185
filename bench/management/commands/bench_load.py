# The SQL here is assembled from this module's own constants, never from input.
# ruff: noqa: S608
"""Load the benchmark's volume into its own PostgreSQL database: 400 compacts and about
1,000,000 workflow tasks, in a mix a busy service would have (see `make bench`).

Everything is made by set-based SQL (INSERT ... SELECT over generate_series), so the whole
load takes a minute or two, not hours. The rows follow the service's rules: each dispute's
steps are held by whoever the flow would give them to (the Champion, the complainant, the
respondent's contact, the mediator, the panel's chair, or the joint body's queue), so the
task lists show them. Loading is idempotent: a database already loaded with the same
parameters and migrations is left alone; `--reset` loads it again from scratch.

It only ever writes to a database it was pointed at by DATABASE_URL, and refuses the
service's own and the test databases.
"""

from __future__ import annotations

import hashlib
import random
import time
from dataclasses import dataclass, field

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

LOADER_VERSION = 3
MARKER = "compact-casework bench data"
FORBIDDEN = {"compact_casework", "cc_dev", "postgres", "template0", "template1"}
PASSWORD = "bench-password"  # noqa: S105 (a throwaway login for a local benchmark database)

# Officers of each compact, by their place j in the compact's block of user ids (the user
# id is the block's base + j + 1): 0 the Champion; 1-8 the joint body's seats (1-4
# statutory, 1 the chair; 5-8 voluntary sector, 5 the co-chair); 9-11 mediators; 12-14
# commissioners (12 and 13 at the council, 14 at the NHS trust); 15-19 the contact of
# each statutory organisation. Each voluntary organisation's administrator follows.
OFFICERS = 20

# Organisations of each compact, by their place in the compact's block of ids.
STATUTORY = ["Council", "NHS Trust", "Police", "Fire and Rescue Service", "College"]
LEGAL_FORMS = ["local_authority", "health", "police", "fire", "education"]
CVS = 5  # the council for voluntary service, which hosts the Champion
FIRST_VCS = 6

DISPUTE_FLOW = "cases/disputes.flow.DisputeFlow"
EXERCISE_FLOW = "cases/commissioning.flow.ExerciseFlow"
DEPARTURE_FLOW = "cases/commissioning.flow.DepartureFlow"
APPOINT = "cases.can_appoint_mediator_disputeprocess"
PANEL = "cases.can_form_panel_disputeprocess"


# The stories: how far each case got, and the steps that left behind.


@dataclass
class Story:
    name: str
    stage: str
    outcome: str = ""
    status: str = "DONE"  # the process's status
    steps: list = field(default_factory=list)  # (node, type, status, holder, permission)


def _clocked(node, state, holder, permission=None):
    """A people's step with its reminder and escalation timers."""
    timers = {"DONE": "CANCELED", "CANCELED": "CANCELED"}.get(state, "SCHEDULED")
    return [
        (node, "HUMAN", state, holder, permission),
        (f"{node}__timeout", "TIMER", timers, None, None),
        (f"{node}__timeout_2", "TIMER", timers, None, None),
    ]


def _gateway(node):
    return [(node, "EXCLUSIVE_GATEWAY", "DONE", None, None)]


def _end(node, kind="END"):
    return [(node, kind, "DONE", None, None)]


def _dispute_stories() -> list[Story]:
    """Each dispute story, from the procedure in cases/disputes/flow.py."""
    triage = _clocked("triage", "DONE", "champion")
    informal = [*triage, *_gateway("after_triage"), *_clocked("informal", "DONE", "champion")]
    appointed = [
        *informal,
        *_gateway("after_informal"),
        *_clocked("appoint_mediator", "DONE", "claimer", APPOINT),
    ]
    complainant_ok = [
        *appointed,
        *_clocked("complainant_confirms_mediator", "DONE", "complainant"),
        *_gateway("after_complainant_confirms"),
    ]
    both_ok = [
        *complainant_ok,
        *_clocked("respondent_confirms_mediator", "DONE", "respondent"),
        *_gateway("after_respondent_confirms"),
    ]
    mediated = [*both_ok, *_clocked("mediation", "DONE", "mediator"), *_gateway("after_mediation")]
    panel = [*mediated, *_clocked("form_panel", "DONE", "claimer", PANEL)]
    stories = [
        Story(
            "submitted", "submitted", status="NEW", steps=_clocked("triage", "ASSIGNED", "champion")
        ),
        Story(
            "informal",
            "informal",
            status="NEW",
            steps=[
                *triage,
                *_gateway("after_triage"),
                *_clocked("informal", "ASSIGNED", "champion"),
            ],
        ),
        Story(
            "appoint",
            "mediation",
            status="NEW",
            steps=[
                *informal,
                *_gateway("after_informal"),
                *_clocked("appoint_mediator", "NEW", None, APPOINT),
            ],
        ),
        Story(
            "confirm_complainant",
            "mediation",
            status="NEW",
            steps=[
                *appointed,
                *_clocked("complainant_confirms_mediator", "ASSIGNED", "complainant"),
            ],
        ),
        Story(
            "confirm_respondent",
            "mediation",
            status="NEW",
            steps=[
                *complainant_ok,
                *_clocked("respondent_confirms_mediator", "ASSIGNED", "respondent"),
            ],
        ),
        Story(
            "mediation",
            "mediation",
            status="NEW",
            steps=[*both_ok, *_clocked("mediation", "ASSIGNED", "mediator")],
        ),
        Story(
            "panel",
            "arbitration",
            status="NEW",
            steps=[*mediated, *_clocked("form_panel", "NEW", None, PANEL)],
        ),
        Story(
            "arbitration",
            "arbitration",
            status="NEW",
            steps=[*panel, *_clocked("arbitration", "ASSIGNED", "panel_chair")],
        ),
        Story(
            "outside",
            "closed",
            "outside_compact",
            steps=[*triage, *_gateway("after_triage"), *_end("closed_at_triage")],
        ),
        Story(
            "resolved",
            "closed",
            "resolved_informally",
            steps=[*informal, *_gateway("after_informal"), *_end("resolved_informally")],
        ),
        Story(
            "withdrawn",
            "withdrawn",
            status="CANCELED",
            steps=[
                *triage,
                *_gateway("after_triage"),
                *_clocked("informal", "CANCELED", "champion"),
            ],
        ),
        Story(
            "agreed",
            "closed",
            "mediated_agreement",
            steps=[*mediated, *_end("mediated_agreement")],
        ),
        Story(
            "decided",
            "closed",
            "partly_upheld",
            steps=[
                *panel,
                *_clocked("arbitration", "DONE", "panel_chair"),
                *_end("send_decision_letter", "FUNCTION"),
                *_end("decided"),
            ],
        ),
    ]
    for story in stories:
        story.steps.insert(0, ("start", "START", "DONE", None, None))
    return stories


def _exercise_stories() -> list[Story]:
    def step(node, state="DONE"):
        # Every step after planning has its own clock (see cases/commissioning/clocks.py).
        if node == "plan":
            return [(node, "HUMAN", state, "commissioner", None)]
        return _clocked(node, state, "commissioner")

    start = [("start", "START", "DONE", None, None)]
    planned = [*start, *step("plan"), *_gateway("after_plan")]
    opened = [*planned, *step("open_bids")]
    evaluated = [*opened, *step("evaluate"), *step("confirm_award")]
    done = [*evaluated, *step("schedule_review"), *_end("end")]
    return [
        Story("planned", "planned", status="NEW", steps=[*start, *step("plan", "ASSIGNED")]),
        Story(
            "consultation",
            "consultation",
            status="NEW",
            steps=[*planned, *step("publish_summary", "ASSIGNED")],
        ),
        Story("tender", "tender", status="NEW", steps=[*planned, *step("open_bids", "ASSIGNED")]),
        Story(
            "tender_consulted",
            "tender",
            status="NEW",
            steps=[
                *planned,
                *step("publish_summary"),
                *step("publish_tender"),
                *step("open_bids", "ASSIGNED"),
            ],
        ),
        Story(
            "evaluation",
            "evaluation",
            status="NEW",
            steps=[*opened, *step("evaluate", "ASSIGNED")],
        ),
        Story(
            "award",
            "award",
            status="NEW",
            steps=[*evaluated, *step("schedule_review", "ASSIGNED")],
        ),
        Story("review", "review", steps=done),
        Story("decommission", "decommission", steps=done),
        Story("closed", "closed", steps=done),
        Story(
            "cancelled", "cancelled", status="CANCELED", steps=[*start, *step("plan", "CANCELED")]
        ),
    ]


def _departure_stories() -> list[Story]:
    start = [("start", "START", "DONE", None, None)]
    return [
        Story(
            "open", "", status="NEW", steps=[*start, *_clocked("review", "ASSIGNED", "champion")]
        ),
        Story(
            "reviewed",
            "",
            steps=[*start, *_clocked("review", "DONE", "champion"), *_end("end")],
        ),
    ]


def _as_flows_have_them(stories: list[Story], flow) -> list[Story]:
    """Keep the steps the flow really has (a step without a clock has no timers), and stop
    if a story names a step the flow does not have: the flows have changed under us."""
    nodes = {node.name for node in flow.instance.nodes()}
    for story in stories:
        story.steps = [step for step in story.steps if step[0] in nodes or step[1] != "TIMER"]
        missing = {step[0] for step in story.steps} - nodes
        if missing:
            raise CommandError(f"{flow.__name__} has no steps {sorted(missing)}: update bench_load")
    return stories


# How cases spread over the stories: a typical compact, and the busy compact with a backlog.
DISPUTE_MIX = {
    "submitted": 0.015,
    "informal": 0.03,
    "appoint": 0.01,
    "confirm_complainant": 0.003,
    "confirm_respondent": 0.003,
    "mediation": 0.008,
    "panel": 0.006,
    "arbitration": 0.005,
    "outside": 0.18,
    "resolved": 0.37,
    "withdrawn": 0.09,
    "agreed": 0.14,
    "decided": 0.14,
}
# Open disputes of the busy compact (for a 1,000,000-task load; scaled with --tasks).
BUSY_OPEN = {
    "submitted": 150,
    "informal": 200,
    "appoint": 250,
    "confirm_complainant": 50,
    "confirm_respondent": 50,
    "mediation": 80,
    "panel": 150,
    "arbitration": 50,
}
BUSY_DISPUTES = 4000
BUSY_EXERCISES = 300
EXERCISE_MIX = {
    "planned": 0.03,
    "consultation": 0.03,
    "tender": 0.03,
    "tender_consulted": 0.02,
    "evaluation": 0.03,
    "award": 0.02,
    "review": 0.45,
    "decommission": 0.05,
    "closed": 0.24,
    "cancelled": 0.10,
}
EXERCISES_PER_DISPUTE = 0.4
DEPARTURES_PER_EXERCISE = 0.25  # of exercises past planning
OPEN_DEPARTURES = 0.6  # of the departures of exercises still under way: not yet reviewed


def _busy_mix(disputes: int, scale: float) -> dict[str, float]:
    open_counts = {k: max(1, round(v * scale)) for k, v in BUSY_OPEN.items()}
    closed = {k: v for k, v in DISPUTE_MIX.items() if k not in BUSY_OPEN}
    rest = max(0, disputes - sum(open_counts.values()))
    total_closed = sum(closed.values())
    mix = {k: v / disputes for k, v in open_counts.items()}
    mix.update({k: rest * v / total_closed / disputes for k, v in closed.items()})
    return mix


def _expected(stories, mix) -> float:
    steps = {s.name: len(s.steps) for s in stories}
    return sum(steps[k] * v for k, v in mix.items())


def _insert(model, columns: dict[str, str], rest: str, params=(), cursor=None):
    """INSERT INTO the model's table the columns given as SQL expressions over `rest` (a
    FROM clause), filling every other NOT NULL column with the model field's default, so a
    field someone adds later with a default does not break the load."""
    cols, exprs, defaults = [], [], []
    for f in model._meta.local_concrete_fields:
        if f.column in columns:
            cols.append(f.column)
            exprs.append(columns[f.column])
        elif f.primary_key or f.null:
            continue
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            cols.append(f.column)
            exprs.append("now()")
        else:
            default = f.get_default()
            if default is None:
                raise CommandError(f"bench_load does not fill {model.__name__}.{f.name}")
            cols.append(f.column)
            exprs.append("%s")
            defaults.append(f.get_db_prep_save(default, connection))
    unknown = set(columns) - set(cols)
    if unknown:
        raise CommandError(f"{model.__name__} has no columns {sorted(unknown)}")
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(cols)}) SELECT {', '.join(exprs)} {rest}"
    (cursor or connection.cursor()).execute(sql, [*defaults, *params])


class _Cursor:
    """A cursor that always passes parameters, so `%%` in the SQL always means `%`."""

    def __init__(self, cursor):
        self.cursor = cursor

    def execute(self, sql, params=()):
        self.cursor.execute(sql, list(params))

    def executemany(self, sql, rows):
        self.cursor.executemany(sql, rows)

    def fetchone(self):
        return self.cursor.fetchone()


class Command(BaseCommand):
    help = (
        "Load about 1,000,000 workflow tasks across 400 compacts into a PostgreSQL database "
        "of its own (DATABASE_URL, by default cc_bench), for `make bench`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--compacts", type=int, default=400)
        parser.add_argument("--tasks", type=int, default=1_000_000, help="about this many")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reset", action="store_true", help="drop the database and load it again"
        )

    def handle(self, *args, compacts, tasks, seed, reset, **options):
        if compacts < 2 or tasks < 10_000:
            raise CommandError("Load at least 2 compacts and 10,000 tasks.")
        settings_dict = connection.settings_dict
        name = settings_dict["NAME"]
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL: set DATABASE_URL to postgres://...")
        if name in FORBIDDEN or name.startswith("test_") or not name.startswith("cc_bench"):
            raise CommandError(
                f"Refusing to load benchmark data into {name!r}: use a database of its own "
                "whose name starts cc_bench (DATABASE_URL=postgres://.../cc_bench)."
            )
        marker = self._marker(compacts=compacts, tasks=tasks, seed=seed)
        started = time.monotonic()
        comment = self._prepare_database(name, marker, reset=reset)
        if comment == marker:
            call_command("migrate", verbosity=0)
            self.stdout.write(f"{name} is already loaded ({marker}); --reset loads it again.")
            return
        self.stdout.write(f"Migrating {name}...")
        call_command("migrate", verbosity=0)
        self.stdout.write(f"Loading {compacts} compacts and about {tasks:,} tasks...")
        self._load(compacts=compacts, tasks=tasks, seed=seed)
        self.stdout.write("VACUUM ANALYZE...")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
            cursor.execute(f"COMMENT ON DATABASE {connection.ops.quote_name(name)} IS %s", [marker])
            cursor.execute("SELECT count(*) FROM viewflow_task")
            (count,) = cursor.fetchone()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {count:,} tasks into {name} in {time.monotonic() - started:.0f}s."
            )
        )

    # The database.

    def _marker(self, **params) -> str:
        from django.db.migrations.loader import MigrationLoader

        leaves = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).graph.leaf_nodes())
        schema = hashlib.sha256(" ".join(leaves).encode()).hexdigest()[:12]
        args = " ".join(f"{k}={v}" for k, v in sorted(params.items()))
        return f"{MARKER} v{LOADER_VERSION} {args} schema={schema}"

    def _admin(self):
        import psycopg

        s = connection.settings_dict
        return psycopg.connect(
            dbname="postgres",
            host=s["HOST"] or None,
            port=s["PORT"] or None,
            user=s["USER"] or None,
            password=s["PASSWORD"] or None,
            autocommit=True,
        )

    def _prepare_database(self, name: str, marker: str, *, reset: bool) -> str | None:
        """Make sure the database exists and is ours; drop and re-create it unless it already
        holds this very load. Returns the database's comment (the marker of its load)."""
        from psycopg import sql

        connection.close()
        with self._admin() as admin:
            row = admin.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname=%s",
                [name],
            ).fetchone()
            comment = row[0] if row else None
            if row and comment == marker and not reset:
                return comment
            if row:
                if not (comment or "").startswith(MARKER) and not reset and self._has_tables():
                    raise CommandError(
                        f"{name} has tables but no benchmark data; pass --reset to replace it."
                    )
                connection.close()
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname=%s AND pid <> pg_backend_pid()",
                    [name],
                )
                admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            admin.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(f"{MARKER}: loading")
                )
            )
        return None

    def _has_tables(self) -> bool:
        with connection.cursor() as cursor:
            return bool(connection.introspection.table_names(cursor))

    # The load.

    def _load(self, *, compacts: int, tasks: int, seed: int):
        rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
        scale = tasks / 1_000_000
        from cases.commissioning.flow import DepartureFlow, ExerciseFlow
        from cases.disputes.flow import DisputeFlow

        dispute_stories = _as_flows_have_them(_dispute_stories(), DisputeFlow)
        exercise_stories = _as_flows_have_them(_exercise_stories(), ExerciseFlow)
        departure_stories = _as_flows_have_them(_departure_stories(), DepartureFlow)
        busy_disputes = max(200, round(BUSY_DISPUTES * scale))
        busy_mix = _busy_mix(busy_disputes, scale)
        per_dispute = _expected(dispute_stories, DISPUTE_MIX)
        per_exercise = _expected(exercise_stories, EXERCISE_MIX)
        per_departure = _expected(departure_stories, {"open": 0.1, "reviewed": 0.9})
        per_case = per_dispute + EXERCISES_PER_DISPUTE * (
            per_exercise + 0.97 * DEPARTURES_PER_EXERCISE * per_departure
        )
        busy_tasks = busy_disputes * _expected(dispute_stories, busy_mix)
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
            self.stdout.write(f"  {label}: {now - steps.get('last', steps['total']):.1f}s")
            steps["last"] = now

        with transaction.atomic(), connection.cursor() as raw:
            cursor = _Cursor(raw)
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
            self._plan(cursor, rows, dispute_stories, exercise_stories, departure_stories, busy_mix)
            done("plan")
            self._register(cursor)
            done("compacts, organisations, people")
            self._disputes(cursor)
            done("disputes")
            self._commissioning(cursor)
            done("exercises and departures")
            self._processes(cursor)
            done("processes")
            self._tasks(cursor)
            done("tasks")
            self._step_clocks(cursor)
            done("step clocks")
            self._extras(cursor)
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

    def _plan(self, cursor, rows, dispute_stories, exercise_stories, departure_stories, busy_mix):
        """Temporary tables: each compact's size, the stories and their steps."""
        cursor.execute(
            "CREATE TEMP TABLE b_compact (id int PRIMARY KEY, disputes int, exercises int, "
            "vcs int, mix text, org_base int, user_base int) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO b_compact (id, disputes, exercises, vcs, mix) VALUES (%s, %s, %s, %s, %s)",
            rows,
        )
        # Each compact's organisations and officers take a block of ids.
        cursor.execute(
            f"UPDATE b_compact b SET org_base = s.base, user_base = (b.id - 1) * {OFFICERS} "
            "FROM (SELECT id, coalesce(sum(vcs + 6) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED "
            "PRECEDING AND 1 PRECEDING), 0) AS base FROM b_compact) s WHERE s.id = b.id"
        )
        cursor.execute(
            "CREATE TEMP TABLE b_mix (kind text, mix text, story text, lo float, hi float) "
            "ON COMMIT DROP"
        )
        mixes = [
            ("dispute", "normal", DISPUTE_MIX),
            ("dispute", "busy", busy_mix),
            ("exercise", "normal", EXERCISE_MIX),
            ("exercise", "busy", EXERCISE_MIX),
        ]
        mix_rows = []
        for kind, mix, shares in mixes:
            total = sum(shares.values())
            lo = 0.0
            for story, share in shares.items():
                hi = lo + share / total
                mix_rows.append((kind, mix, story, lo, hi))
                lo = hi
            mix_rows[-1] = (*mix_rows[-1][:4], 1.01)
        cursor.executemany("INSERT INTO b_mix VALUES (%s, %s, %s, %s, %s)", mix_rows)
        cursor.execute(
            "CREATE TEMP TABLE b_story (kind text, story text, stage text, outcome text, "
            "status text, steps int) ON COMMIT DROP"
        )
        cursor.execute(
            "CREATE TEMP TABLE b_step (kind text, story text, seq int, node text, type text, "
            "status text, holder text, permission text) ON COMMIT DROP"
        )
        story_rows, step_rows = [], []
        for kind, stories in (
            ("dispute", dispute_stories),
            ("exercise", exercise_stories),
            ("departure", departure_stories),
        ):
            for s in stories:
                story_rows.append((kind, s.name, s.stage, s.outcome, s.status, len(s.steps)))
                for seq, step in enumerate(s.steps, start=1):
                    step_rows.append((kind, s.name, seq, *step))
        cursor.executemany("INSERT INTO b_story VALUES (%s, %s, %s, %s, %s, %s)", story_rows)
        cursor.executemany("INSERT INTO b_step VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", step_rows)

    def _register(self, cursor):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password

        from cases.register.models import (
            Commitment,
            Compact,
            JointBodyMember,
            Mediator,
            Membership,
            Organisation,
            Signatory,
        )
        from cases.register.services import joint_body_group

        _insert(
            Compact,
            {
                "id": "c.id",
                "slug": "'bench-' || lpad(c.id::text, 3, '0')",
                "prefix": "chr(65 + (c.id / 676) %% 26) || chr(65 + (c.id / 26) %% 26) "
                "|| chr(65 + c.id %% 26)",
                "name": "'Bench Area ' || lpad(c.id::text, 3, '0') || ' Compact'",
                "area": "'Bench Area ' || lpad(c.id::text, 3, '0')",
                "nation": "CASE WHEN c.id %% 10 = 0 THEN 'scotland' WHEN c.id %% 17 = 0 "
                "THEN 'northern_ireland' ELSE 'england_wales' END",
                "summary": "'A benchmark compact.'",
                "adopted_year": "2005 + c.id %% 15",
                "created_at": "now() - interval '6 years'",
                "updated_at": "now() - interval '6 years'",
            },
            "FROM b_compact c",
            cursor=cursor,
        )
        # Organisations: five statutory bodies, the CVS, then the voluntary organisations.
        cursor.execute(
            "CREATE TEMP TABLE b_org ON COMMIT DROP AS "
            "SELECT c.org_base + k + 1 AS id, c.id AS compact_id, k, "
            "CASE WHEN k < 5 THEN 'statutory' ELSE 'vcs' END AS sector "
            "FROM b_compact c CROSS JOIN LATERAL generate_series(0, c.vcs + 5) k"
        )
        names = "ARRAY[" + ", ".join(f"'{n}'" for n in STATUTORY) + "]"
        forms = "ARRAY[" + ", ".join(f"'{n}'" for n in LEGAL_FORMS) + "]"
        org_name = (
            f"CASE WHEN o.k < 5 THEN 'Bench Area ' || lpad(o.compact_id::text, 3, '0') || ' ' "
            f"|| ({names})[o.k + 1] WHEN o.k = {CVS} THEN 'Bench Area ' "
            "|| lpad(o.compact_id::text, 3, '0') || ' CVS' ELSE 'Community Group ' "
            "|| lpad(o.compact_id::text, 3, '0') || '-' || lpad((o.k - 5)::text, 3, '0') END"
        )
        _insert(
            Organisation,
            {
                "id": "o.id",
                "name": org_name,
                "slug": f"lower(replace({org_name}, ' ', '-'))",
                "sector": "o.sector",
                "legal_form": f"CASE WHEN o.k < 5 THEN ({forms})[o.k + 1] WHEN o.k = {CVS} "
                "THEN 'infrastructure' ELSE 'charity' END",
                "area_of_benefit": "'Bench Area ' || lpad(o.compact_id::text, 3, '0')",
                "created_at": "now() - interval '5 years'",
                "updated_at": "now() - interval '5 years'",
            },
            "FROM b_org o",
            cursor=cursor,
        )
        _insert(
            Signatory,
            {
                "compact_id": "o.compact_id",
                "organisation_id": "o.id",
                "signed_on": "DATE '2012-06-01' + o.k",
            },
            "FROM b_org o",
            cursor=cursor,
        )
        _insert(
            Commitment,
            {
                "compact_id": "c.id",
                "ref": "'F' || n",
                "code": "'funding'",
                "title": "'Commitment ' || n",
                "text": "'The council will give at least twelve weeks to consult on funding.'",
                "undertaken_by": "CASE WHEN n %% 2 = 0 THEN 'statutory' ELSE 'both' END",
                "position": "n",
            },
            "FROM b_compact c CROSS JOIN generate_series(1, 8) n",
            cursor=cursor,
        )
        # People: twenty officers a compact, then one administrator per organisation from
        # the CVS on.
        cursor.execute(
            "CREATE TEMP TABLE b_user (id int, username text, first text, last text) ON COMMIT DROP"
        )
        roles = (
            "CASE WHEN j = 0 THEN 'champion' WHEN j <= 8 THEN 'jb' "
            "WHEN j <= 11 THEN 'mediator' WHEN j <= 14 THEN 'commissioner' ELSE 'contact' END"
        )
        cursor.execute(
            "INSERT INTO b_user SELECT c.user_base + j + 1, "
            f"{roles} || '-' || lpad(c.id::text, 3, '0') || CASE WHEN j = 0 THEN '' "
            "ELSE '-' || j END, initcap(" + roles + "), 'Area ' || lpad(c.id::text, 3, '0') "
            f"FROM b_compact c CROSS JOIN generate_series(0, {OFFICERS - 1}) j"
        )
        cursor.execute("SELECT count(*) FROM b_compact")
        (compacts,) = cursor.fetchone()
        admin_base = compacts * OFFICERS
        cursor.execute(
            "INSERT INTO b_user SELECT %s + o.id, 'member-' || o.id, 'Member', "
            "'Organisation ' || o.id FROM b_org o WHERE o.k >= %s",
            [admin_base, CVS],
        )
        _insert(
            get_user_model(),
            {
                "id": "u.id",
                "password": "p.hash",
                "username": "u.username",
                "first_name": "u.first",
                "last_name": "u.last",
                "email": "u.username || '@example.org'",
                "is_active": "true",
                "date_joined": "now() - interval '5 years'",
            },
            "FROM b_user u CROSS JOIN (SELECT %s::text AS hash) p",
            [make_password(PASSWORD)],
            cursor=cursor,
        )
        cursor.execute(
            "UPDATE cases_compact c SET champion_id = b.user_base + 1 "
            "FROM b_compact b WHERE b.id = c.id"
        )
        # Seats 1-4 represent the council, NHS, police and fire; 5-8 the first four
        # voluntary organisations. The chair is statutory, the co-chair voluntary.
        seat_org = f"c.org_base + CASE WHEN s <= 4 THEN s ELSE {FIRST_VCS} + s - 4 END"
        _insert(
            JointBodyMember,
            {
                "compact_id": "c.id",
                "user_id": "c.user_base + s + 1",
                "organisation_id": seat_org,
                "role": "CASE s WHEN 1 THEN 'chair' WHEN 5 THEN 'co_chair' ELSE 'member' END",
                "joined_on": "DATE '2020-01-01'",
            },
            "FROM b_compact c CROSS JOIN generate_series(1, 8) s",
            cursor=cursor,
        )
        group = joint_body_group()
        cursor.execute(
            "INSERT INTO auth_user_groups (user_id, group_id) "
            "SELECT user_id, %s FROM cases_jointbodymember",
            [group.pk],
        )
        _insert(
            Mediator,
            {"compact_id": "c.id", "user_id": "c.user_base + m + 1", "accreditation": "'CMC'"},
            "FROM b_compact c CROSS JOIN generate_series(9, 11) m",
            cursor=cursor,
        )
        memberships = [
            # The joint body members work for the organisations they represent.
            (
                "jb",
                f"SELECT c.user_base + s + 1, {seat_org}, 'member', false "
                "FROM b_compact c CROSS JOIN generate_series(1, 8) s",
            ),
            # Commissioners: two at the council, one at the NHS trust.
            (
                "commissioners",
                "SELECT c.user_base + j + 1, c.org_base + CASE WHEN j < 14 THEN 1 "
                "ELSE 2 END, 'commissioner', false FROM b_compact c "
                "CROSS JOIN generate_series(12, 14) j",
            ),
            # Each statutory body's contact, who answers its disputes.
            (
                "contacts",
                "SELECT c.user_base + j + 1, c.org_base + j - 14, 'member', true "
                "FROM b_compact c CROSS JOIN generate_series(15, 19) j",
            ),
            # The Champion is hosted by the CVS.
            (
                "champion",
                f"SELECT c.user_base + 1, c.org_base + {CVS + 1}, 'member', false FROM b_compact c",
            ),
            (
                "administrators",
                f"SELECT {admin_base} + o.id, o.id, 'administrator', true "
                f"FROM b_org o WHERE o.k >= {CVS}",
            ),
        ]
        for _label, select in memberships:
            _insert(
                Membership,
                {"user_id": "m.u", "organisation_id": "m.o", "role": "m.r", "is_contact": "m.c"},
                f"FROM ({select}) AS m(u, o, r, c)",
                cursor=cursor,
            )

    def _disputes(self, cursor):
        from cases.disputes.models import Dispute

        # The plan of each dispute: its story, its parties and its dates.
        cursor.execute("SELECT count(*) FROM b_compact")
        (compacts,) = cursor.fetchone()
        admin_base = compacts * OFFICERS
        cursor.execute(
            "CREATE TEMP TABLE b_dispute ON COMMIT DROP AS "
            "SELECT row_number() OVER (ORDER BY c.id, n)::int AS id, c.id AS compact_id, n, "
            "c.org_base, c.user_base, c.vcs, m.story, s.stage, s.outcome, s.status, s.steps, "
            # The complainant: any voluntary organisation but the CVS; the respondent: the
            # council mostly, else another statutory body.
            f"c.org_base + {FIRST_VCS} + 1 + floor(random() * c.vcs)::int AS complainant, "
            "CASE WHEN r < 0.6 THEN 0 WHEN r < 0.75 THEN 1 WHEN r < 0.85 "
            "THEN 2 WHEN r < 0.9 THEN 3 ELSE 4 END AS respondent_k, "
            "random() AS r2, random() AS r3 "
            "FROM b_compact c CROSS JOIN LATERAL generate_series(1, c.disputes) n "
            "CROSS JOIN LATERAL (SELECT random() AS r) rr "
            "JOIN b_mix m ON m.kind = 'dispute' AND m.mix = c.mix "
            "AND ((n::bigint * 7919) %% c.disputes + 0.5) / c.disputes >= m.lo "
            "AND ((n::bigint * 7919) %% c.disputes + 0.5) / c.disputes < m.hi "
            "JOIN b_story s ON s.kind = 'dispute' AND s.story = m.story"
        )
        # Dates: open disputes are recent, closed ones spread over five years.
        cursor.execute(
            "ALTER TABLE b_dispute ADD COLUMN created_at timestamptz, "
            "ADD COLUMN ended_at timestamptz, ADD COLUMN stage_started_on date, "
            "ADD COLUMN due_on date, ADD COLUMN paused boolean, ADD COLUMN respondent int, "
            "ADD COLUMN respondent_user int, ADD COLUMN raised_by int, ADD COLUMN mediator int, "
            "ADD COLUMN chair_seat int, ADD COLUMN claimer_seat int"
        )
        cursor.execute(
            "UPDATE b_dispute SET "
            "created_at = now() - make_interval(days => CASE story "
            "WHEN 'submitted' THEN 0 WHEN 'informal' THEN 8 WHEN 'appoint' THEN 40 "
            "WHEN 'confirm_complainant' THEN 45 WHEN 'confirm_respondent' THEN 50 "
            "WHEN 'mediation' THEN 55 WHEN 'panel' THEN 90 WHEN 'arbitration' THEN 100 "
            "ELSE 200 END) - r2 * CASE WHEN status = 'NEW' THEN interval '10 days' "
            "ELSE interval '1800 days' END, "
            "paused = status = 'NEW' AND r3 < 0.03, "
            "respondent = org_base + respondent_k + 1, "
            "raised_by = %s + complainant, "
            "respondent_user = user_base + 16 + respondent_k, "
            "mediator = user_base + 10 + n %% 3, "
            # The chair of the panel and whoever took the queued steps: voluntary sector
            # seats, never the complainant's own organisation.
            f"chair_seat = CASE WHEN complainant = org_base + {FIRST_VCS} + 1 + n %% 4 "
            "THEN 5 + (n + 1) %% 4 ELSE 5 + n %% 4 END, "
            f"claimer_seat = CASE WHEN complainant = org_base + {FIRST_VCS} + 1 + (n + 2) %% 4 "
            "THEN 5 + (n + 3) %% 4 ELSE 5 + (n + 2) %% 4 END",
            [admin_base],
        )
        cursor.execute(
            "UPDATE b_dispute SET "
            "ended_at = CASE WHEN status = 'NEW' THEN NULL ELSE created_at + make_interval("
            "days => CASE story WHEN 'outside' THEN 6 WHEN 'resolved' THEN 35 WHEN 'withdrawn' "
            "THEN 20 WHEN 'agreed' THEN 90 ELSE 150 END) END, "
            "stage_started_on = CASE WHEN story = 'submitted' THEN created_at::date "
            "ELSE (now() - r3 * (now() - created_at))::date END"
        )
        cursor.execute(
            "UPDATE b_dispute SET due_on = CASE WHEN status <> 'NEW' OR paused THEN NULL "
            "WHEN story = 'submitted' THEN stage_started_on + 7 ELSE stage_started_on + 28 END"
        )
        cursor.execute("CREATE INDEX ON b_dispute (id)")
        cursor.execute("ANALYZE b_dispute")
        year = "extract(year FROM d.created_at)::int"
        _insert(
            Dispute,
            {
                "id": "d.id",
                "reference": f"c.prefix || '-D-' || {year} || '-' || lpad(row_number() OVER "
                f"(PARTITION BY d.compact_id, {year} ORDER BY d.created_at, d.id)::text, 4, '0')",
                "compact_id": "d.compact_id",
                "raised_by_id": "d.raised_by",
                "complainant_id": "d.complainant",
                "respondent_id": "d.respondent",
                "what_happened": "'The council opened a grant round with ten days to bid and "
                "did not publicise it beyond its website.'",
                "happened_on": "(d.created_at - interval '30 days')::date",
                "already_tried": "'We wrote to the grants team and had no reply.'",
                "outcome_sought": "'Reopen the round for six weeks.'",
                "submission_key": "'bench-' || d.id",
                "stage": "d.stage",
                "outcome": "d.outcome",
                "outcome_reasons": "CASE WHEN d.outcome <> '' THEN 'See the decision.' ELSE '' END",
                "stage_started_on": "d.stage_started_on",
                "due_on": "d.due_on",
                "paused_at": "CASE WHEN d.paused THEN now() - interval '3 days' END",
                "pause_reason": "CASE WHEN d.paused THEN 'Waiting for the council''s "
                "papers.' ELSE '' END",
                "working_days_left_at_pause": "CASE WHEN d.paused THEN 8 END",
                "mediator_id": "CASE WHEN d.story IN ('confirm_complainant', "
                "'confirm_respondent', 'mediation', 'agreed', 'panel', 'arbitration', "
                "'decided') THEN (SELECT id FROM cases_mediator WHERE user_id = d.mediator) END",
                "complainant_accepts_mediator": "CASE WHEN d.story IN ('confirm_respondent', "
                "'mediation', 'agreed', 'panel', 'arbitration', 'decided') THEN true END",
                "respondent_accepts_mediator": "CASE WHEN d.story IN ('mediation', 'agreed', "
                "'panel', 'arbitration', 'decided') THEN true END",
                "panel_chair_id": "CASE WHEN d.story IN ('arbitration', 'decided') THEN "
                "(SELECT id FROM cases_jointbodymember WHERE user_id = d.user_base + "
                "d.chair_seat + 1) END",
                "decision": "CASE WHEN d.story = 'decided' THEN 'Partly upheld: the round was "
                "too short.' ELSE '' END",
                "decided_at": "CASE WHEN d.story = 'decided' THEN d.ended_at END",
                "closed_at": "d.ended_at",
                "created_at": "d.created_at",
                "updated_at": "coalesce(d.ended_at, d.stage_started_on::timestamptz)",
            },
            "FROM b_dispute d JOIN cases_compact c ON c.id = d.compact_id",
            cursor=cursor,
        )
        cursor.execute(
            "INSERT INTO cases_dispute_commitments (dispute_id, commitment_id) "
            "SELECT d.id, cm.id FROM b_dispute d JOIN cases_commitment cm "
            "ON cm.compact_id = d.compact_id AND cm.ref = 'F' || (1 + d.n %% 8)"
        )
        cursor.execute(
            "INSERT INTO cases_dispute_panel (dispute_id, jointbodymember_id) "
            "SELECT d.id, j.id FROM b_dispute d JOIN cases_jointbodymember j "
            "ON j.compact_id = d.compact_id AND j.user_id IN (d.user_base + 2, "
            "d.user_base + d.chair_seat + 1, d.user_base + 4) "
            "WHERE d.story IN ('arbitration', 'decided')"
        )

    def _commissioning(self, cursor):
        from cases.commissioning.models import Departure, Exercise

        cursor.execute(
            "CREATE TEMP TABLE b_exercise ON COMMIT DROP AS "
            "SELECT row_number() OVER (ORDER BY c.id, n)::int AS id, c.id AS compact_id, n, "
            "c.org_base, c.user_base, m.story, s.stage, s.status, "
            "now() - make_interval(days => CASE WHEN s.status = 'NEW' THEN 0 ELSE 400 END) "
            "- random() * CASE WHEN s.status = 'NEW' THEN interval '120 days' "
            "ELSE interval '1500 days' END AS created_at, "
            # Two commissioners at the council, one at the NHS trust.
            "12 + n %% 3 AS officer "
            "FROM b_compact c CROSS JOIN LATERAL generate_series(1, c.exercises) n "
            "JOIN b_mix m ON m.kind = 'exercise' AND m.mix = c.mix "
            "AND ((n::bigint * 7919) %% c.exercises + 0.5) / c.exercises >= m.lo "
            "AND ((n::bigint * 7919) %% c.exercises + 0.5) / c.exercises < m.hi "
            "JOIN b_story s ON s.kind = 'exercise' AND s.story = m.story"
        )
        cursor.execute("ANALYZE b_exercise")
        year = "extract(year FROM e.created_at)::int"
        later = "e.stage NOT IN ('planned', 'consultation', 'cancelled')"
        _insert(
            Exercise,
            {
                "id": "e.id",
                "reference": f"c.prefix || '-C-' || {year} || '-' || lpad(row_number() OVER "
                f"(PARTITION BY e.compact_id, {year} ORDER BY e.created_at, e.id)::text, 4, '0')",
                "compact_id": "e.compact_id",
                "commissioner_id": "e.org_base + CASE WHEN e.officer < 14 THEN 1 ELSE 2 END",
                "created_by_id": "e.user_base + e.officer + 1",
                "title": "(ARRAY['Community transport', 'Advice services', 'Carers support', "
                "'Youth work', 'Befriending'])[1 + e.n %% 5] || ' ' || e.n",
                "service": "'A service for the people of the area.'",
                "outcomes": "'Fewer people isolated at home.'",
                "funding_type": "(ARRAY['grant', 'sla', 'contract'])[1 + e.n %% 3]",
                "estimated_value": "10000 + (e.n * 7717) %% 400000",
                "term_years": "1 + e.n %% 5",
                "stage": "e.stage",
                "tender_opens_on": f"CASE WHEN e.stage = 'tender' OR {later} "
                "THEN (e.created_at + interval '20 days')::date END",
                "bids_close_at": "CASE WHEN e.stage = 'tender' THEN now() + make_interval("
                f"days => 5 + e.n %% 40) WHEN {later} THEN e.created_at + interval '60 days' END",
                "bids_opened_at": f"CASE WHEN {later} AND e.stage <> 'tender' "
                "THEN e.created_at + interval '61 days' END",
                "awarded_on": "CASE WHEN e.stage IN ('award', 'review', 'decommission', 'closed') "
                "THEN (e.created_at + interval '80 days')::date END",
                "cancel_reasons": "CASE WHEN e.stage = 'cancelled' THEN 'The funding was "
                "withdrawn.' ELSE '' END",
                "created_at": "e.created_at",
                "updated_at": "e.created_at",
            },
            "FROM b_exercise e JOIN cases_compact c ON c.id = e.compact_id",
            cursor=cursor,
        )
        cursor.execute(
            "CREATE TEMP TABLE b_departure ON COMMIT DROP AS "
            "SELECT row_number() OVER (ORDER BY e.id)::int AS id, e.id AS exercise_id, "
            "e.compact_id, e.user_base, e.officer, "
            "e.created_at + interval '10 days' AS created_at, "
            # The Champion has reviewed the departures of exercises that have ended, and
            # most of the others.
            "CASE WHEN e.status = 'NEW' AND random() < %s THEN 'open' ELSE 'reviewed' END "
            "AS story FROM b_exercise e WHERE e.stage NOT IN ('planned') AND random() < %s",
            [OPEN_DEPARTURES, DEPARTURES_PER_EXERCISE],
        )
        _insert(
            Departure,
            {
                "id": "p.id",
                "exercise_id": "p.exercise_id",
                "rule": "(ARRAY['consultation', 'bid_window', 'term', 'notice'])[1 + p.id %% 4]",
                "required": "'12 weeks'",
                "actual": "'6 weeks'",
                "justification": "'The funding had to be spent this year.'",
                "commitment_id": "(SELECT id FROM cases_commitment WHERE compact_id = "
                "p.compact_id AND ref = 'F1')",
                "recorded_by_id": "p.user_base + p.officer + 1",
                "reviewed_by_id": "CASE WHEN p.story = 'reviewed' THEN p.user_base + 1 END",
                "review_notes": "CASE WHEN p.story = 'reviewed' THEN 'Noted; justified.' "
                "ELSE '' END",
                "reviewed_at": "CASE WHEN p.story = 'reviewed' THEN p.created_at "
                "+ interval '5 days' END",
                "created_at": "p.created_at",
            },
            "FROM b_departure p",
            cursor=cursor,
        )

    def _processes(self, cursor):
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
        _insert(
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
            _insert(
                model,
                {"process_ptr_id": "b.process_id", column: "b.case_id"},
                f"FROM b_case b WHERE b.kind = '{kind}'",
                cursor=cursor,
            )

    def _tasks(self, cursor):
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
        _insert(
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

    def _step_clocks(self, cursor):
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
        _insert(
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

    def _extras(self, cursor):
        """The busy people's follow-up dates and notifications."""
        from workflows.models import FollowUp, Notification

        _insert(
            FollowUp,
            {
                "task_id": "t.id",
                "user_id": "t.owner_id",
                "follow_up_on": "current_date + (t.id %% 20)::int - 5",
            },
            "FROM viewflow_task t WHERE t.owner_id IN (SELECT champion_id FROM cases_compact) "
            "AND t.status = 'ASSIGNED' AND t.id %% 10 = 0",
            cursor=cursor,
        )
        _insert(
            Notification,
            {
                "user_id": "u.id",
                "subject": "'A dispute needs your attention'",
                "body": "'See your tasks.'",
                "created_at": "now() - make_interval(days => n)",
                "read_at": "CASE WHEN n > 12 THEN now() - make_interval(days => n) END",
            },
            "FROM auth_user u CROSS JOIN generate_series(1, 60) n "
            "WHERE u.id IN (SELECT champion_id FROM cases_compact UNION "
            "SELECT user_id FROM cases_jointbodymember)",
            cursor=cursor,
        )
