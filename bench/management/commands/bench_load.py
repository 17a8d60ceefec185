"""Load the benchmark's volume into its own PostgreSQL database: 400 compacts and about
1,000,000 workflow tasks, in a mix a busy service would have (see `make bench`).

Everything is made by set-based SQL (INSERT ... SELECT over generate_series), so the whole
load takes a minute or two, not hours. The rows follow the service's rules: each dispute's
steps are held by whoever the flow would give them to (the Champion, the complainant, the
respondent's contact, the mediator, the panel's chair, or the joint body's queue), so the
task lists show them. Loading is idempotent: a database already loaded with the same
parameters and migrations is left alone; `--reset` loads it again from scratch.

It only ever writes to a database it was pointed at by DATABASE_URL, and refuses the
service's own and the test databases. The load itself is the `bench.load` package; this
command checks the database, migrates it, loads it and marks it loaded.
"""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from bench.load import load
from bench.load.base import FORBIDDEN
from bench.load.database import load_marker, prepare_database


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
        marker = load_marker(compacts=compacts, tasks=tasks, seed=seed)
        started = time.monotonic()
        comment = prepare_database(name, marker, reset=reset)
        if comment == marker:
            call_command("migrate", verbosity=0)
            self.stdout.write(f"{name} is already loaded ({marker}); --reset loads it again.")
            return
        self.stdout.write(f"Migrating {name}...")
        call_command("migrate", verbosity=0)
        self.stdout.write(f"Loading {compacts} compacts and about {tasks:,} tasks...")
        load(self.stdout, compacts=compacts, tasks=tasks, seed=seed)
        self.stdout.write("VACUUM ANALYZE...")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
            # A literal, not a parameter: PostgreSQL binds no parameters into COMMENT, and
            # the settings bind parameters in the server (`prepared_statements`).
            cursor.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(marker)
                )
            )
            cursor.execute("SELECT count(*) FROM viewflow_task")
            (count,) = cursor.fetchone()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {count:,} tasks into {name} in {time.monotonic() - started:.0f}s."
            )
        )
