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
