"""Background jobs are retried with a growing delay: a mail server that is down for a while
loses no e-mail, and an e-mail goes once however often its job runs. (The jobs run at once
in these tests; tests/workflows/test_worker_faults.py runs real workers.)"""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django_q.models import Failure, Schedule, Success
from django_q.scheduler import scheduler

from workflows import jobs

pytestmark = pytest.mark.django_db(transaction=True)

DOWN = mock.patch(
    "django.core.mail.backends.locmem.EmailBackend.send_messages",
    side_effect=ConnectionRefusedError("smtp down"),
)


def test_an_email_that_fails_is_sent_on_a_later_attempt():
    start = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        with DOWN:
            email = jobs.email(to=["chair@example.org"], subject="Overdue", body="It is overdue.")
        assert mail.outbox == []
        assert Failure.objects.count() == 1
        retry = Schedule.objects.get()
        assert "'attempt': 2" in retry.kwargs
        assert retry.next_run == start + datetime.timedelta(minutes=1)

        scheduler()  # too early: the retry waits a minute
        assert jobs.run_queued() == 0
        assert mail.outbox == []

        clock.move_to(start + datetime.timedelta(minutes=2))
        scheduler()
        clock.shift(1)  # a queued job is taken once its moment has passed
        assert jobs.run_queued() == 1
    assert [m.subject for m in mail.outbox] == ["Overdue"]
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 2
    assert Success.objects.count() == 1


def test_a_job_gives_up_after_five_attempts():
    start = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock, DOWN:
        email = jobs.email(to=["a@example.org"], subject="S", body="B")
        for minutes in (2, 4, 8, 16, 32, 64):
            clock.move_to(start + datetime.timedelta(minutes=minutes))
            scheduler()
            clock.shift(1)
            jobs.run_queued()
    assert Failure.objects.count() == 5
    assert not Schedule.objects.exclude(repeats=0).filter(next_run__gt=start).exists()
    email.refresh_from_db()
    assert email.sent_at is None


def test_an_email_job_that_runs_twice_sends_once():
    email = jobs.email(to=["a@example.org"], subject="Once", body="B")
    jobs.send_email(email_id=email.pk)  # the same job, run again (say, after a lease ran out)
    jobs.send_email.enqueue(email_id=email.pk)
    assert [m.subject for m in mail.outbox] == ["Once"]


def test_a_batch_of_emails_sends_the_good_ones_and_retries_only_the_failed():
    """The timer sweep's e-mails go 50 to a job: one that the server refuses does not stop
    the others, and only it is tried again."""
    from django.db import transaction

    from workflows.models import OutboundEmail

    real_send = mail.backends.locmem.EmailBackend.send_messages

    def refuse_bad(self, messages):
        if any("bad@example.org" in m.to for m in messages):
            raise ConnectionRefusedError("recipient refused")
        return real_send(self, messages)

    start = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        with mock.patch.object(mail.backends.locmem.EmailBackend, "send_messages", refuse_bad):
            with transaction.atomic():
                made = jobs.email_all(
                    [
                        jobs.Email(["a@example.org"], "One", "B"),
                        jobs.Email(["bad@example.org"], "Two", "B"),
                        jobs.Email(["c@example.org"], "Three", "B"),
                    ]
                )
            assert sorted(m.subject for m in mail.outbox) == ["One", "Three"]
            retry = Schedule.objects.get()
            assert f"'email_ids': [{made[1].pk}]" in retry.kwargs
            assert jobs.send_emails(email_ids=[made[0].pk, made[2].pk]) == 0  # none twice
            assert len(mail.outbox) == 2
        clock.move_to(start + datetime.timedelta(minutes=2))
        scheduler()
        clock.shift(1)
        assert jobs.run_queued() == 1
    assert sorted(m.subject for m in mail.outbox) == ["One", "Three", "Two"]
    assert not OutboundEmail.objects.filter(sent_at=None).exists()


def test_an_email_whose_job_was_lost_is_queued_again_by_the_timer_loop(settings):
    """The process dies between the commit and queueing the job: the e-mail is kept, and
    the timer loop queues it again half an hour later; sent once."""
    from django_q.models import OrmQ

    from workflows.models import OutboundEmail

    settings.JOBS_RUN_AT_ONCE = False
    start = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        email = jobs.email(to=["a@example.org"], subject="Kept", body="B")
        OrmQ.objects.all().delete()  # the job never reached the queue
        clock.shift(29 * 60)
        assert jobs.requeue_unsent() == 0  # its job may still be coming
        clock.shift(2 * 60)
        assert jobs.requeue_unsent() == 1
        assert jobs.requeue_unsent() == 0  # once a half hour, not every minute
        clock.shift(1)
        assert jobs.run_queued() == 1
        clock.shift(31 * 60)
        assert jobs.requeue_unsent() == 0  # sent: nothing more to do
    assert [m.subject for m in mail.outbox] == ["Kept"]
    email.refresh_from_db()
    assert email.sent_at is not None
    assert OutboundEmail.objects.filter(sent_at=None).count() == 0
