"""Stage clocks in working days, and the reminders and escalations the workflow timers
fire, driven with a frozen clock."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from viewflow.workflow.timers import fire_due_timers

from cases.disputes import services
from cases.disputes.models import DisputeEvent
from cases.disputes.selectors import open_tasks
from tests.factories import DisputeWorld
from workflows.timers import fire_due

pytestmark = pytest.mark.django_db(transaction=True)

UTC = datetime.UTC


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), UTC)


def fire():
    """Fire the due timers as the timer loop does (in bulk, then any left one at a time),
    without its digests."""
    fire_due()
    fire_due_timers()


@pytest.mark.parametrize(
    ("nation", "due"),
    [
        # Friday 27 November 2026 + 5 working days. Scotland keeps St Andrew's Day,
        # Monday 30 November.
        ("england_wales", datetime.date(2026, 12, 4)),
        ("northern_ireland", datetime.date(2026, 12, 4)),
        ("scotland", datetime.date(2026, 12, 7)),
    ],
)
def test_triage_is_due_in_working_days_of_the_compacts_nation(nation, due):
    with time_machine.travel(at(datetime.date(2026, 11, 27)), tick=False):
        dispute = DisputeWorld(nation=nation).raise_dispute()
    assert dispute.due_on == due


@pytest.mark.parametrize(
    ("nation", "due"),
    [
        # Informal resolution: 20 working days from Friday 4 December 2026, across
        # Christmas. Scotland also keeps 2 January (a Saturday, so Monday 4 January).
        ("england_wales", datetime.date(2027, 1, 6)),
        ("scotland", datetime.date(2027, 1, 7)),
    ],
)
def test_informal_stage_is_due_across_christmas(nation, due):
    with time_machine.travel(at(datetime.date(2026, 12, 4)), tick=False):
        dispute = DisputeWorld(nation=nation).dispute_at("informal")
    assert dispute.due_on == due


def test_a_reminder_goes_before_the_due_date_and_the_chair_is_told_when_it_passes():
    world = DisputeWorld()
    start = datetime.date(2027, 2, 1)  # a Monday, no holidays in reach
    with time_machine.travel(at(start), tick=False) as clock:
        dispute = world.answered(world.dispute_at("informal"))
        assert dispute.due_on == datetime.date(2027, 3, 1)  # 20 working days
        mail.outbox.clear()

        clock.move_to(at(datetime.date(2027, 2, 24), 8))  # before the reminder (3 days)
        fire()
        assert mail.outbox == []

        clock.move_to(at(datetime.date(2027, 2, 24), 10))  # 3 working days before, 10am
        fire()
        assert [m.to for m in mail.outbox] == [[world.champion.email]]
        assert "Reminder" in mail.outbox[0].subject
        fire()  # firing again sends nothing more
        assert len(mail.outbox) == 1

        clock.move_to(at(datetime.date(2027, 3, 1), 18))  # still the due date
        fire()
        assert len(mail.outbox) == 1

        clock.move_to(at(datetime.date(2027, 3, 2), 1))  # the due date has passed
        fire()
        escalation = mail.outbox[-1]
        assert escalation.to == [world.chair.user.email, world.cochair.user.email] or set(
            escalation.to
        ) == {world.chair.user.email, world.cochair.user.email}
        assert "Overdue" in escalation.subject
    dispute.refresh_from_db()
    assert dispute.escalated_at is not None
    kinds = list(dispute.events.values_list("kind", flat=True))
    assert kinds.count(DisputeEvent.Kind.REMINDER) == 1
    assert kinds.count(DisputeEvent.Kind.ESCALATION) == 1
    # The step is not taken away from the Champion: it is still theirs to finish.
    assert [t.owner for t in open_tasks(dispute)] == [world.champion]


def test_a_paused_clock_sends_nothing_and_resumes_with_the_days_left():
    world = DisputeWorld()
    with time_machine.travel(at(datetime.date(2027, 2, 1)), tick=False) as clock:
        dispute = world.answered(world.dispute_at("informal"))
        clock.move_to(at(datetime.date(2027, 2, 8)))  # 5 working days used, 15 left
        services.dispute_pause_clock(
            dispute=dispute, by=world.champion, reason="Waiting for the council's audit"
        )
        dispute.refresh_from_db()
        assert dispute.is_paused
        assert dispute.working_days_left_at_pause == 15
        paused_notice = mail.outbox[-1]
        assert "Waiting for the council's audit" in paused_notice.body
        assert world.respondent.email in paused_notice.to

        mail.outbox.clear()
        clock.move_to(at(datetime.date(2027, 4, 1)))  # long past the old due date
        fire()
        assert mail.outbox == []

        services.dispute_resume_clock(dispute=dispute, by=world.champion)
        dispute.refresh_from_db()
        # Thursday 1 April 2027 + 15 working days; Good Friday 26 March is already past,
        # Easter Monday 29 March too, so: 2, 5-9, 12-16, 19-22 April.
        assert dispute.due_on == datetime.date(2027, 4, 22)
        clock.move_to(at(datetime.date(2027, 4, 23), 1))
        fire()
        assert any("Overdue" in m.subject for m in mail.outbox)


def test_only_the_champion_or_chair_pauses_and_a_reason_is_needed():
    from django.core.exceptions import PermissionDenied, ValidationError

    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    with pytest.raises(PermissionDenied):
        services.dispute_pause_clock(dispute=dispute, by=world.complainant, reason="x")
    with pytest.raises(ValidationError, match="reason"):
        services.dispute_pause_clock(dispute=dispute, by=world.chair.user, reason=" ")
    services.dispute_pause_clock(dispute=dispute, by=world.chair.user, reason="Illness")
    with pytest.raises(ValidationError, match="already paused"):
        services.dispute_pause_clock(dispute=dispute, by=world.champion, reason="Again")


def test_the_timer_loop_fires_due_timers_once_asked():
    import io

    world = DisputeWorld()
    with time_machine.travel(at(datetime.date(2027, 2, 1)), tick=False) as clock:
        world.answered(world.dispute_at("informal"))
        clock.move_to(at(datetime.date(2027, 3, 2), 1))
        out = io.StringIO()
        call_command("run_timers", "--once", stdout=out)
    assert "2 timer(s) fired" in out.getvalue()  # the reminder and the escalation


def test_a_timer_that_fires_on_a_paused_dispute_sends_nothing():
    """A pause that commits while the timer loop is already firing that dispute's timers:
    the reminder and the overdue notice find the clock stopped and do nothing."""
    from cases.disputes.models import DisputeProcess

    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    services.dispute_pause_clock(dispute=dispute, by=world.champion, reason="Illness")
    mail.outbox.clear()
    process = DisputeProcess.objects.get(dispute=dispute)
    with transaction.atomic():  # as the timer's own activation does
        services.dispute_send_reminder(process=process)
        services.dispute_send_escalation(process=process)
    dispute.refresh_from_db()
    assert (dispute.reminded_at, dispute.escalated_at) == (None, None)
    assert not dispute.events.filter(
        kind__in=[DisputeEvent.Kind.REMINDER, DisputeEvent.Kind.ESCALATION]
    ).exists()
    assert mail.outbox == []
