# The SQL here is assembled from this module's own constants, never from input.
# ruff: noqa: S608
"""The commissioning: each compact's exercises (planned in b_exercise) and the
departures from the compact recorded against them (b_departure)."""

from __future__ import annotations

from bench.load.base import insert
from bench.load.stories import DEPARTURES_PER_EXERCISE, OPEN_DEPARTURES


def load_commissioning(cursor):
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
    insert(
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
    insert(
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
            "review_notes": "CASE WHEN p.story = 'reviewed' THEN 'Noted; justified.' ELSE '' END",
            "reviewed_at": "CASE WHEN p.story = 'reviewed' THEN p.created_at "
            "+ interval '5 days' END",
            "created_at": "p.created_at",
        },
        "FROM b_departure p",
        cursor=cursor,
    )
