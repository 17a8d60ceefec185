# The SQL here is assembled from this module's own constants, never from input.
# ruff: noqa: S608
"""What every part of the benchmark load shares: the loader's version and the marker
its databases carry, the throwaway password, where each compact's officers and
organisations sit in its block of ids, the flows' names, and `insert`, which fills a
model's table with one INSERT ... SELECT."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import connection

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


def insert(model, columns: dict[str, str], rest: str, params=(), cursor=None):
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


class Cursor:
    """A cursor that always passes parameters, so `%%` in the SQL always means `%`."""

    def __init__(self, cursor):
        self.cursor = cursor

    def execute(self, sql, params=()):
        self.cursor.execute(sql, list(params))

    def executemany(self, sql, rows):
        self.cursor.executemany(sql, rows)

    def fetchone(self):
        return self.cursor.fetchone()
