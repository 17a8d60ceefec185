"""Background work, run by the task worker (`manage.py db_worker`).

Each job is retried when it fails: it queues itself again with a growing delay (1, 2, 4,
8 minutes), up to five attempts, then stays failed in the task results for an
administrator to see. The change that caused the job is already saved and never depends
on it.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task
from django_tasks.exceptions import InvalidTaskError

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def _retry_later(job, attempt: int, kwargs: dict, error: Exception) -> None:
    """Queue `job` again after a delay, unless this was the last attempt. Re-raises the
    error either way, so this attempt is recorded as failed."""
    if attempt < MAX_ATTEMPTS:
        delay = datetime.timedelta(minutes=2 ** (attempt - 1))
        try:
            job.using(run_after=timezone.now() + delay).enqueue(**kwargs, attempt=attempt + 1)
        except InvalidTaskError:
            logger.warning("%s cannot be retried on this task backend", job.name)
        else:
            logger.warning(
                "%s failed (attempt %s of %s), retrying in %s: %s",
                job.name,
                attempt,
                MAX_ATTEMPTS,
                delay,
                error,
            )
    raise error


@task()
def send_email(*, to: list[str], subject: str, body: str, attempt: int = 1) -> int:
    """Send one plain-text e-mail."""
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any failure is retried
        _retry_later(send_email, attempt, {"to": to, "subject": subject, "body": body}, error)
        raise
