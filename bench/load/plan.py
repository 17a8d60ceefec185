# The SQL here is assembled from this module's own constants, never from input.
# ruff: noqa: S608
"""The plan of the load, in temporary tables the rest of the load works from: each
compact's size and block of ids (b_compact), how its cases spread over the stories
(b_mix), and the stories with their steps (b_story, b_step)."""

from __future__ import annotations

from bench.load.base import OFFICERS
from bench.load.stories import DISPUTE_MIX, EXERCISE_MIX


def load_plan(cursor, rows, dispute_stories, exercise_stories, departure_stories, busy_mix):
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
