"""Disputes' background work, run by the task worker: the decision letter, retried with a
growing delay like every job (`workflows.jobs`)."""

from __future__ import annotations

from workflows.jobs import job, retry_later


@job
def render_decision_letter(*, dispute_id: int, attempt: int = 1, resend: bool = False) -> str:
    """Make the decision letter as an accessible (tagged, PDF/UA) PDF, attach it to the
    dispute and send it to both parties. Safe to run again: a letter is made once."""
    from cases.disputes.letters import decision_letter_send

    try:
        return decision_letter_send(dispute_id=dispute_id, resend=resend)
    except Exception as error:  # noqa: BLE001
        kwargs = {"dispute_id": dispute_id, "resend": resend}
        retry_later(render_decision_letter, attempt, kwargs, error)
        raise


@job
def render_bundle(*, dispute_id: int, attempt: int = 1) -> str:
    """Make the dispute's papers (`cases.disputes.bundle`), retried like every job."""
    from cases.disputes.bundle import bundle_make

    try:
        return bundle_make(dispute_id=dispute_id)
    except Exception as error:  # noqa: BLE001
        retry_later(render_bundle, attempt, {"dispute_id": dispute_id}, error)
        raise
