"""Background jobs are retried through the real database queue and worker: a mail server
that is down for a while loses no e-mail."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from workflows.jobs import send_email

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _work():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_an_email_that_fails_is_sent_on_a_later_attempt(database_queue):
    start = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        send_email.enqueue(to=["chair@example.org"], subject="Overdue", body="It is overdue.")
        with mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=ConnectionRefusedError("smtp down"),
        ):
            _work()
        assert mail.outbox == []
        assert DBTaskResult.objects.filter(status="FAILED").count() == 1
        waiting = DBTaskResult.objects.get(status="READY")
        assert waiting.args_kwargs["kwargs"]["attempt"] == 2

        _work()  # too early: the retry waits a minute
        assert mail.outbox == []

        clock.move_to(start + datetime.timedelta(minutes=2))
        _work()
    assert [m.subject for m in mail.outbox] == ["Overdue"]
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


def test_a_job_gives_up_after_five_attempts(database_queue):
    start = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    with (
        time_machine.travel(start, tick=False) as clock,
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=ConnectionRefusedError("smtp down"),
        ),
    ):
        send_email.enqueue(to=["a@example.org"], subject="S", body="B")
        for minutes in (0, 2, 4, 8, 16, 32, 64):
            clock.move_to(start + datetime.timedelta(minutes=minutes))
            _work()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 5
    assert not DBTaskResult.objects.filter(status="READY").exists()
