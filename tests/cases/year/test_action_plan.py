"""A compact's action plan: the joint body keeps it on pages, leads report progress, and an
action due soon (or late) is a step in its lead's inbox with the usual clocks."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from viewflow.workflow.models import Task

from cases.register.models import AuditEvent
from cases.year import services
from cases.year.flow import ActionFlow
from cases.year.models import ActionPlanItem, ActionProcess
from tests.factories import DisputeWorld, UserFactory
from workflows.models import StepClock
from workflows.selectors import inbox
from workflows.timers import fire_due

pytestmark = pytest.mark.django_db(transaction=True)

AGREED = datetime.datetime(2027, 1, 4, 10, tzinfo=datetime.UTC)  # a Monday


def _steps(action):
    return Task.objects.filter(
        process__in=ActionProcess.objects.filter(action=action), flow_task=ActionFlow.report
    )


def _plan(world, **data):
    with time_machine.travel(AGREED, tick=False):
        return services.action_save(
            compact=world.compact,
            by=world.chair.user,
            data={
                "action": "Run a Compact awareness session for new commissioners.",
                "term": "short",
                "lead_person": world.vcs_member.user,
                **data,
            },
        )


def test_the_joint_body_adds_an_action_its_target_follows_the_term_and_it_is_logged():
    world = DisputeWorld()
    action = _plan(world)
    assert action.reference.startswith(f"{world.compact.prefix}-A-2027-")
    assert action.agreed_on == datetime.date(2027, 1, 4)
    assert action.target_date == datetime.date(2027, 7, 4)  # short term: six months
    assert action.status == "not_started"
    assert AuditEvent.objects.filter(action="added to the action plan").count() == 1
    with pytest.raises(Exception, match="keep the action plan"):
        services.action_save(compact=world.compact, by=UserFactory(), data={"action": "x"})
    with pytest.raises(Exception, match="on or after the day it was agreed"):
        services.action_save(
            compact=world.compact,
            by=world.chair.user,
            data={
                "action": "x",
                "agreed_on": datetime.date(2027, 5, 1),
                "target_date": datetime.date(2027, 4, 1),
            },
        )


def test_a_due_action_is_in_its_lead_s_inbox_once_reminded_then_overdue_then_done():
    world = DisputeWorld()
    action = _plan(world, target_date=datetime.date(2027, 3, 1))
    lead = world.vcs_member.user
    # Two months ahead: not yet due soon.
    with time_machine.travel(datetime.datetime(2027, 1, 11, 8, tzinfo=datetime.UTC), tick=False):
        assert services.actions_open_due() == ""
    assert not _steps(action).exists()
    # Within twenty working days of the target date: in the lead's inbox, once.
    with time_machine.travel(datetime.datetime(2027, 2, 5, 8, tzinfo=datetime.UTC), tick=False):
        assert "1 action now due" in services.actions_open_due()
        assert services.actions_open_due() == ""
    step = _steps(action).get()
    assert step.owner == lead
    assert StepClock.objects.get(task=step).due_on == datetime.date(2027, 3, 1)
    assert list(inbox(lead).values_list("pk", flat=True)) == [step.pk]
    mail.outbox.clear()
    # Reminded three working days before, then the chair and co-chair told when it passes.
    with time_machine.travel(datetime.datetime(2027, 2, 24, 10, tzinfo=datetime.UTC), tick=False):
        assert fire_due() == 1
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert "Report on an action that is due" in mail.outbox[0].subject
    assert (
        action.reference in mail.outbox[0].body or action.get_absolute_url() in mail.outbox[0].body
    )
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2027, 3, 2, 1, tzinfo=datetime.UTC), tick=False):
        assert fire_due() == 1
    [told] = mail.outbox
    assert told.subject.startswith("Overdue")
    assert sorted(told.to) == sorted([world.chair.user.email, world.cochair.user.email])
    # The lead reports: progress keeps the step; done closes it and the action.
    services.action_report(action=action, by=lead, status="at_risk", note="Trainer left.")
    assert _steps(action).get().status == "ASSIGNED"
    services.action_report(action=action, by=lead, status="done", note="Session ran.")
    action.refresh_from_db()
    assert action.status == "done" and action.closed_on is not None
    assert _steps(action).get().status == "DONE"
    with pytest.raises(Exception, match="updates are closed"):
        services.action_report(action=action, by=lead, status="on_track", note="More")
    # Done actions are not put in an inbox again.
    assert services.actions_open_due() == ""


def test_moving_the_target_date_moves_the_lead_s_step():
    world = DisputeWorld()
    action = _plan(world, target_date=datetime.date(2027, 3, 1))
    with time_machine.travel(datetime.datetime(2027, 2, 5, 8, tzinfo=datetime.UTC), tick=False):
        services.actions_open_due()
        services.action_save(
            compact=world.compact,
            by=world.chair.user,
            data={"target_date": datetime.date(2027, 4, 30)},
            action=action,
        )
    step = _steps(action).get()
    assert StepClock.objects.get(task=step).due_on == datetime.date(2027, 4, 30)
    timers = Task.objects.filter(previous=step, flow_task_type="TIMER", status="SCHEDULED")
    assert timers.count() == 2
    assert all(
        timer.scheduled.date() >= datetime.date(2027, 4, 27) for timer in timers
    )  # the reminder three working days before the new date, the overdue notice after it


def test_only_the_lead_or_the_joint_body_reports_and_the_pages_check_it(client):
    world = DisputeWorld()
    action = _plan(world)
    with pytest.raises(Exception, match="Only the action's lead"):
        services.action_report(action=action, by=world.complainant, status="done", note="x")
    url = action.get_absolute_url()
    page = client.get(url).text  # public
    assert "Run a Compact awareness session" in page and "Report progress" not in page
    client.force_login(world.complainant)
    assert client.post(url, {"status": "done", "note": "x"}).status_code == 403
    client.force_login(world.vcs_member.user)
    response = client.post(url, {"status": "on_track"})
    assert "Say what has happened since the last update" in response.text
    assert client.post(url, {"status": "on_track", "note": "Booked"}).status_code == 302
    assert ActionPlanItem.objects.get(pk=action.pk).status == "on_track"
    # The joint body adds an action on its page; anyone else may not.
    add = reverse("action-add", args=[world.compact.slug])
    client.force_login(world.complainant)
    assert client.get(add).status_code == 403
    client.force_login(world.chair.user)
    response = client.post(add, {"term": "medium"})
    assert "Enter what will be done" in response.text
    response = client.post(
        add,
        {
            "action": "Map the organisations not yet signed up.",
            "term": "long",
            "lead_person": world.vcs_member.user.pk,
            "commitment": world.commitment.pk,
        },
    )
    assert response.status_code == 302
    added = ActionPlanItem.objects.get(action__startswith="Map the organisations")
    assert added.commitment == world.commitment and added.term == "long"
    # The public plan filters by status.
    plan = reverse("action-plan", args=[world.compact.slug])
    assert "Map the organisations" in client.get(plan, {"status": "not_started"}).text
    assert "Map the organisations" not in client.get(plan, {"status": "on_track"}).text


def test_a_new_lead_takes_the_action_s_open_step():
    world = DisputeWorld()
    action = _plan(world, target_date=datetime.date(2027, 3, 1))
    with time_machine.travel(datetime.datetime(2027, 2, 5, 8, tzinfo=datetime.UTC), tick=False):
        services.actions_open_due()
        services.action_save(
            compact=world.compact,
            by=world.chair.user,
            data={"lead_person": world.cochair.user},
            action=action,
        )
    step = _steps(action).get()
    assert step.owner == world.cochair.user
    assert step.pk in set(inbox(world.cochair.user).values_list("pk", flat=True))
    assert not inbox(world.vcs_member.user).filter(pk=step.pk).exists()
