"""Background work, run by the task worker (`manage.py db_worker`).

Each job is retried when it fails: it queues itself again with a growing delay (1, 2, 4,
8 minutes), up to five attempts, then stays failed in the task results for an
administrator to see. The change that caused the job is already saved and never depends
on it.
"""

from __future__ import annotations

from django_tasks import task

from workflows.jobs import _retry_later


@task()
def send_bid_letters(*, exercise_id: int, attempt: int = 1) -> int:
    """Write each bidder's result letter (a tagged PDF) with its feedback, and send it."""
    from cases.commissioning.letters import bid_letters_send

    try:
        return bid_letters_send(exercise_id=exercise_id)
    except Exception as error:  # noqa: BLE001
        _retry_later(send_bid_letters, attempt, {"exercise_id": exercise_id}, error)
        raise
