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
def render_decision_letter(*, dispute_id: int, attempt: int = 1) -> str:
    """Make the decision letter as an accessible (tagged, PDF/UA) PDF, attach it to the
    dispute and send it to both parties. Safe to run again: it replaces the letter."""
    from cases.disputes.letters import decision_letter_send

    try:
        return decision_letter_send(dispute_id=dispute_id)
    except Exception as error:  # noqa: BLE001
        _retry_later(render_decision_letter, attempt, {"dispute_id": dispute_id}, error)
        raise
