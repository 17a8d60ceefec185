# The SQL here is assembled from this module's own constants, never from input.
# ruff: noqa: S608
"""The busy people's extras: follow-up dates on some of the Champions' tasks, and sixty
days of notifications for each Champion and joint body member."""

from __future__ import annotations

from bench.load.base import insert


def load_extras(cursor):
    """The busy people's follow-up dates and notifications."""
    from workflows.models import FollowUp, Notification

    insert(
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
    insert(
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
