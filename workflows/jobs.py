"""Background work, run by the worker (`manage.py qcluster`, Django Q2 on the database).

A job is queued in the same database as the change that caused it (after that change
commits). A worker takes it for a lease (`Q_CLUSTER["retry"]` seconds, longer than any
job's `timeout`) and removes it only when the job has finished: if the worker dies, the
job is presented again when the lease runs out, to this worker once restarted or to any
other (docs/decisions/0014-background-work-that-survives.md). So a job may run more than
once, and each job's effect is made once whatever runs it: an e-mail is an `OutboundEmail`
row, sent and marked under its row lock.

A job that raises is retried with a growing delay (1, 2, 4, 8 minutes), up to five
attempts, then stays in the failed tasks for an administrator to see and resubmit. The
change that caused the job is already saved and never depends on it.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import time
import uuid
from collections.abc import Callable
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


class Job:
    """A function the worker runs: `job.enqueue(**kwargs)` queues it now, and
    `job.later(delay, **kwargs)` after `delay`. Calling it runs it here and now. With
    `settings.JOBS_RUN_AT_ONCE` (the tests), `enqueue` runs it at once (`run_at_once`)."""

    def __init__(self, func: Callable):
        self.func = func
        self.name = f"{func.__module__}.{func.__qualname__}"
        self.__doc__ = func.__doc__

    def __call__(self, **kwargs):
        return self.func(**kwargs)

    def enqueue(self, **kwargs) -> str:
        from django.conf import settings
        from django_q.tasks import async_task

        if getattr(settings, "JOBS_RUN_AT_ONCE", False):
            return run_at_once(self.name, self._label(kwargs), kwargs)
        return async_task(self.name, q_options={"task_name": self._label(kwargs)}, **kwargs)

    def later(self, delay: datetime.timedelta, **kwargs) -> None:
        from django_q.models import Schedule
        from django_q.tasks import schedule

        at = f"{timezone.now():%Y-%m-%d %H:%M:%S}"
        schedule(
            self.name,
            name=f"{self._label(kwargs)} at {at} ({uuid.uuid4().hex[:6]})",
            schedule_type=Schedule.ONCE,
            repeats=1,
            next_run=timezone.now() + delay,
            **kwargs,
        )

    def _label(self, kwargs) -> str:
        short = self.func.__name__
        attempt = kwargs.get("attempt", 1)
        return f"{short} (attempt {attempt})" if attempt > 1 else short


@contextlib.contextmanager
def _keeping_connections():
    """A worker closes its database connections between jobs; a job run in the caller's
    process must keep the caller's (and its open transaction)."""
    from django_q.conf import Conf

    previous, Conf.SYNC = Conf.SYNC, True
    try:
        yield
    finally:
        Conf.SYNC = previous


def run_at_once(path: str, label: str, kwargs: dict) -> str:
    """Run a job here and now, through the worker's own code (as the tests do): its result
    or failure is recorded as a worker's would be, and a failure is not raised into the
    caller."""
    from django_q.humanhash import uuid
    from django_q.signing import SignedPackage
    from django_q.tasks import _sync

    tag = uuid()
    task = {  # not "sync": a failure is recorded as a worker's is, not raised
        "id": tag[1],
        "name": label,
        "func": path,
        "args": (),
        "kwargs": kwargs,
        "started": timezone.now(),
        "ack_failure": True,
    }
    with _keeping_connections():
        return _sync(SignedPackage.dumps(task))


def run_queued(*, limit: int = 1000) -> int:
    """Run the jobs waiting in the queue, here and now, as a worker would (for tests and
    for an operator's one-off `manage.py shell`). Returns how many ran."""
    from django_q.brokers import get_broker
    from django_q.signing import SignedPackage
    from django_q.tasks import _sync

    broker = get_broker()
    ran = 0
    while ran < limit and (taken := broker.dequeue()):
        for ack_id, package in taken:
            task = SignedPackage.loads(package)
            task["ack_id"] = ack_id
            with _keeping_connections():
                _sync(SignedPackage.dumps(task))
            ran += 1
    return ran


def job(func: Callable) -> Job:
    return Job(func)


def retry_later(job: Job, attempt: int, kwargs: dict, error: Exception) -> None:
    """Queue `job` again after a delay, unless this was the last attempt. Re-raises the
    error either way, so this attempt is recorded as failed."""
    if attempt < MAX_ATTEMPTS:
        delay = datetime.timedelta(minutes=2 ** (attempt - 1))
        job.later(delay, **kwargs, attempt=attempt + 1)
        logger.warning(
            "%s failed (attempt %s of %s), retrying in %s: %s",
            job.name,
            attempt,
            MAX_ATTEMPTS,
            delay,
            error,
        )
    raise error


@job
def send_email(*, email_id: int, attempt: int = 1) -> bool:
    """Send one queued e-mail (`OutboundEmail`), once: under the row's lock (PostgreSQL),
    an e-mail already sent is not sent again, however many times this job runs."""
    try:
        return _send_once(email_id, attempt)
    except Exception as error:  # noqa: BLE001 - any failure is retried
        retry_later(send_email, attempt, {"email_id": email_id}, error)
        raise


def _send_once(email_id: int, attempt: int) -> bool:
    from workflows.models import OutboundEmail

    if connection.vendor == "sqlite":
        # SQLite's write lock is the whole database's: not held across a slow send.
        email = OutboundEmail.objects.filter(pk=email_id, sent_at__isnull=True).first()
        if email is None:
            return False
        _send(email)
        OutboundEmail.objects.filter(pk=email_id).update(sent_at=timezone.now(), attempts=attempt)
        return True
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.sent_at is not None:
            return False
        _send(email)
        email.sent_at = timezone.now()
        email.attempts = attempt
        email.save(update_fields=["sent_at", "attempts"])
        return True


def _send(email) -> None:
    from django.conf import settings
    from django.core.mail import EmailMessage

    from cases.common.storage import private_storage

    message = EmailMessage(
        subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL, to=email.to
    )
    if email.attachment:
        with private_storage().open(email.attachment, "rb") as attached:
            message.attach(email.attachment_name, attached.read(), "application/pdf")
    message.send(fail_silently=False)


class Email(NamedTuple):
    to: list[str]
    subject: str
    body: str
    attachment: str = ""  # a PDF's name in private storage
    attachment_name: str = ""


def email(*, to: list[str], subject: str, body: str, attachment: str = "", name: str = ""):
    """Queue an e-mail (with a PDF from private storage, if any), sent by the worker once
    this transaction commits."""
    (outbound,) = email_all([Email(to, subject, body, attachment, name)])
    return outbound


EMAILS_A_JOB = 50


def email_all(emails: list[Email]) -> list:
    """Queue many e-mails in one insert, sent by the worker once this transaction commits,
    `EMAILS_A_JOB` to a job (the timer sweep's reminders: thousands at once)."""
    from workflows.models import OutboundEmail

    made = OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=sorted(set(email.to)),
            subject=email.subject,
            body=email.body,
            attachment=email.attachment,
            attachment_name=email.attachment_name,
        )
        for email in emails
    )
    if len(made) == 1:
        transaction.on_commit(lambda: send_email.enqueue(email_id=made[0].pk))
        return made
    ids = [outbound.pk for outbound in made]
    for start in range(0, len(ids), EMAILS_A_JOB):
        chunk = ids[start : start + EMAILS_A_JOB]
        transaction.on_commit(lambda chunk=chunk: send_emails.enqueue(email_ids=chunk))
    return made


REQUEUE_AFTER = datetime.timedelta(minutes=30)
GIVE_UP_AFTER = datetime.timedelta(days=1)


def requeue_unsent(*, batch: int = 500) -> int:
    """Queue again the e-mails still unsent `REQUEUE_AFTER` after their job was queued
    (a job lost between the commit and the queue, or one that used up its attempts), for a
    day after they were made. Sending stays once per e-mail, so an e-mail whose first job
    is only slow is not sent twice. Run by the timer loop; several loops take different
    e-mails. Returns how many were queued."""
    from workflows.models import OutboundEmail

    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.filter(
                sent_at=None,
                queued_at__lt=now - REQUEUE_AFTER,
                created_at__gt=now - GIVE_UP_AFTER,
            )
            .order_by("queued_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch]
        )
        OutboundEmail.objects.filter(pk__in=ids).update(queued_at=now)
        for start in range(0, len(ids), EMAILS_A_JOB):
            chunk = ids[start : start + EMAILS_A_JOB]
            transaction.on_commit(lambda chunk=chunk: send_emails.enqueue(email_ids=chunk))
    if ids:
        logger.warning("%s unsent e-mail(s) queued again", len(ids))
    return len(ids)


@job
def send_emails(*, email_ids: list[int], attempt: int = 1) -> int:
    """Send several queued e-mails, each once (as `send_email`). One that fails does not
    stop the rest; the failed ones are tried again together later (so a job that runs
    twice sends nothing twice). Returns how many went."""
    from django.conf import settings

    # A slow mail server must not hold the job past its timeout: what is left then is
    # tried again later, with the failures.
    deadline = time.monotonic() + settings.Q_CLUSTER["timeout"] / 2
    sent, failed, error = 0, [], None
    for number, email_id in enumerate(email_ids):
        if time.monotonic() > deadline:
            failed += email_ids[number:]
            error = error or TimeoutError("The mail server is slow; the rest go later.")
            break
        try:
            sent += _send_once(email_id, attempt)
        except Exception as failure:  # noqa: BLE001 - tried again below
            failed.append(email_id)
            error = failure
    if failed:
        retry_later(send_emails, attempt, {"email_ids": failed}, error)
    return sent
