"""Background work for the register, run by the task worker (`manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text e-mail. Runs off the request so a slow or failing mail server
    never holds up, or undoes, the change that caused it."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


@task()
def render_decision_letter(*, dispute_id: int) -> str:
    """Make the decision letter as an accessible (tagged, PDF/UA) PDF, attach it to the
    dispute and send it to both parties. Safe to run again: it replaces the letter."""
    from cases.letters import decision_letter_send

    return decision_letter_send(dispute_id=dispute_id)


@task()
def send_bid_letters(*, exercise_id: int) -> int:
    """Write each bidder's result letter (a tagged PDF) with its feedback, and send it."""
    from cases.letters import bid_letters_send

    return bid_letters_send(exercise_id=exercise_id)
