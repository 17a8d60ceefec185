"""Commissioning's background work, run by the task worker: the bid letters after an
award, retried with a growing delay like every job (`workflows.jobs`)."""

from __future__ import annotations

from workflows.jobs import job, retry_later


@job
def send_bid_letters(*, exercise_id: int, attempt: int = 1, resend: bool = False) -> int:
    """Write each bidder's result letter (a tagged PDF) with its feedback, and send it."""
    from cases.commissioning.letters import bid_letters_send

    try:
        return bid_letters_send(exercise_id=exercise_id, resend=resend)
    except Exception as error:  # noqa: BLE001
        kwargs = {"exercise_id": exercise_id, "resend": resend}
        retry_later(send_bid_letters, attempt, kwargs, error)
        raise
