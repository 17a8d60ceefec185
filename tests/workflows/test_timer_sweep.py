"""The timer sweep fires many steps' timers together (`workflows.timers.fire_due`): each
notice once, the same notices as viewflow's one-at-a-time dispatcher, and in a number of
queries that does not grow with the number of timers."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task
from viewflow.workflow.timers import fire_due_timers

from cases.disputes.models import DisputeEvent, DisputeProcess
from tests.factories import DisputeWorld
from workflows.jobs import run_queued
from workflows.models import Notification, OutboundEmail
from workflows.timers import fire_due

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime.datetime(2027, 2, 1, 10, tzinfo=datetime.UTC)  # a Monday
REMINDER = datetime.datetime(2027, 2, 24, 10, tzinfo=datetime.UTC)  # 3 working days before
OVERDUE = datetime.datetime(2027, 3, 2, 1, tzinfo=datetime.UTC)  # due 1 March has passed


def _disputes(count):
    with time_machine.travel(START, tick=False):
        worlds = [DisputeWorld() for _ in range(count)]
        # Answered: the stages' timers only, not the answers' (tests/cases/disputes).
        disputes = [world.answered(world.dispute_at("informal")) for world in worlds]
    mail.outbox.clear()
    return worlds, disputes


def _timers(disputes, status):
    processes = DisputeProcess.objects.filter(dispute__in=disputes)
    return Task.objects.filter(process__in=processes, flow_task_type="TIMER", status=status)


@pytest.mark.parametrize("sweep", [fire_due, fire_due_timers], ids=["in bulk", "one at a time"])
def test_each_reminder_and_overdue_notice_goes_once_by_either_dispatcher(sweep):
    worlds, disputes = _disputes(3)
    with time_machine.travel(REMINDER, tick=False):
        assert sweep() == 3
        assert sweep() == 0  # nothing is due twice
    assert sorted(m.to for m in mail.outbox) == [["champion@example.org"]] * 3
    assert all(m.subject.startswith("Reminder") for m in mail.outbox)
    mail.outbox.clear()
    with time_machine.travel(OVERDUE, tick=False):
        assert sweep() == 3
        assert sweep() == 0
    for world, dispute in zip(worlds, disputes, strict=True):
        told = next(m for m in mail.outbox if dispute.reference in m.subject)
        assert sorted(told.to) == sorted([world.chair.user.email, world.cochair.user.email])
        assert "Overdue" in told.subject
        kinds = list(dispute.events.values_list("kind", flat=True))
        assert kinds.count(DisputeEvent.Kind.REMINDER) == 1
        assert kinds.count(DisputeEvent.Kind.ESCALATION) == 1
        dispute.refresh_from_db()
        assert dispute.reminded_at is not None and dispute.escalated_at is not None
    assert len(mail.outbox) == 3
    assert (
        not _timers(disputes, STATUS.SCHEDULED).exclude(scheduled__gt=OVERDUE).exists()
    )  # every due timer is done
    assert _timers(disputes, STATUS.DONE).count() == 6
    # Kept in the notifications too: each chair and co-chair once, each Champion once.
    assert Notification.objects.filter(subject__startswith="Overdue").count() == 6


def test_a_sweep_costs_the_same_queries_for_two_timers_or_eight(settings):
    """The e-mails are queued to the worker (50 a job), not sent in the sweep."""
    settings.JOBS_RUN_AT_ONCE = False

    def queries(count):
        _disputes(count)
        with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
            run_queued()  # the e-mails of raising the disputes
        mail.outbox.clear()
        with (
            time_machine.travel(REMINDER, tick=False),
            CaptureQueriesContext(connection) as captured,
        ):
            assert fire_due() == count
        with time_machine.travel(REMINDER + datetime.timedelta(minutes=1), tick=False):
            assert run_queued() == 1  # one job sends the sweep's e-mails
        assert OutboundEmail.objects.filter(sent_at=None).count() == 0
        assert len(mail.outbox) == count
        return len(captured)

    assert queries(2) == queries(8)


def test_a_paused_dispute_s_timer_is_done_and_sends_nothing():
    worlds, disputes = _disputes(2)
    from cases.disputes import services

    with time_machine.travel(REMINDER - datetime.timedelta(days=1), tick=False):
        services.dispute_pause_clock(dispute=disputes[0], by=worlds[0].champion, reason="Audit")
    mail.outbox.clear()
    with time_machine.travel(REMINDER, tick=False):
        fire_due()
    assert [m.subject for m in mail.outbox] == [
        m.subject for m in mail.outbox if disputes[1].reference in m.subject
    ]
    assert len(mail.outbox) == 1
    assert not disputes[0].events.filter(kind=DisputeEvent.Kind.REMINDER).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_a_timer_whose_procedure_someone_is_changing_waits_for_the_next_sweep():
    """A person finishing the step holds its procedure's lock: the sweep does not wait for
    them, fires the others, and fires this one on the next sweep if still due."""
    import psycopg

    _, disputes = _disputes(2)
    busy = DisputeProcess.objects.get(dispute=disputes[0]).pk
    settings_dict = connection.settings_dict
    other = psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
    )
    try:
        other.execute("SELECT 1 FROM viewflow_process WHERE id = %s FOR UPDATE", [busy])
        with time_machine.travel(REMINDER, tick=False):
            assert fire_due() == 1
        assert [m for m in mail.outbox if disputes[1].reference in m.subject]
        assert _timers([disputes[0]], STATUS.SCHEDULED).filter(scheduled__lte=REMINDER).exists()
    finally:
        other.rollback()
        other.close()
    with time_machine.travel(REMINDER, tick=False):
        assert fire_due() == 1
    assert len(mail.outbox) == 2
