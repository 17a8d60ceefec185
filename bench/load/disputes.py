# The SQL here is assembled from this module's own constants, never from input.
# ruff: noqa: S608
"""The disputes: each one's plan (its story, parties and dates, in b_dispute), the
disputes themselves, the commitments they cite and the panels that heard them."""

from __future__ import annotations

from bench.load.base import FIRST_VCS, OFFICERS, insert


def load_disputes(cursor):
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
    insert(
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
