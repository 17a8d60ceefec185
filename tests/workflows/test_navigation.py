"""The header every signed-in page shows (roles, steps, overdue, unread) is worked out once
and kept until something changes it: each change below shows on the very next page."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.disputes import services
from cases.disputes.models import Dispute
from cases.disputes.selectors import stage_tasks
from tests.factories import DisputeWorld, JointBodyMemberFactory
from workflows.models import Notification, StepEntry
from workflows.services import task_claim, task_reassign, task_release

pytestmark = pytest.mark.django_db

PAGE = "/"


@pytest.fixture
def world():
    return DisputeWorld()


def _header(client):
    page = client.get(PAGE)
    assert page.status_code == 200
    counts = page.context["task_counts"]
    return page.context["user_roles"], counts["inbox"], counts["overdue"], counts["unread"]


def _due_behind_the_back(dispute, day):
    """Set a dispute's due date without the services (nor their signals) knowing."""
    Dispute.objects.filter(pk=dispute.pk).update(due_on=day)
    StepEntry.objects.filter(task__process__disputeprocess__dispute=dispute).update(due_on=day)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    return len(captured)


def test_a_kept_header_costs_no_query(client, world):
    world.raise_dispute()
    anonymous = _queries(client)
    client.force_login(world.champion)
    first = _queries(client)
    again = _queries(client)
    # Signed in, a page reads its user (its session is kept in the cache too), and nothing
    # for the header.
    assert again == anonymous + 1
    assert first > again


def test_a_new_step_and_its_completion_show_at_once(client, world):
    client.force_login(world.champion)
    assert _header(client)[1] == 0
    dispute = world.raise_dispute()
    assert _header(client)[1] == 1
    services.triage_complete(task=stage_tasks(dispute).get(), by=world.champion, accept=True)
    assert _header(client)[1] == 1  # triage done, informal resolution is the Champion's now
    services.informal_complete(
        task=stage_tasks(dispute).get(), by=world.champion, resolved=True, text="Agreed"
    )
    assert _header(client)[1] == 0


def test_claiming_releasing_and_handing_over_move_the_numbers(client, world):
    dispute = world.raise_dispute()
    world.stages.to(dispute, "mediation")
    task = stage_tasks(dispute).get()
    member, other = world.vcs_member.user, world.cochair.user
    client.force_login(member)
    assert _header(client)[1] == 0
    task_claim(task=task, by=member)
    assert _header(client)[1] == 1
    task.refresh_from_db()
    task_release(task=task, by=member)
    assert _header(client)[1] == 0
    task.refresh_from_db()
    task_claim(task=task, by=member)
    assert _header(client)[1] == 1
    task.refresh_from_db()
    task_reassign(task=task, by=world.chair.user, to=other)
    assert _header(client)[1] == 0  # handed to someone else: gone from mine
    client.force_login(other)
    assert _header(client)[1] == 1


def test_overdue_is_counted_afresh_each_day(client, world):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, tzinfo=datetime.UTC), tick=False):
        dispute = world.raise_dispute()
        # Due tomorrow (set behind the services' back, so nothing forgets the header).
        _due_behind_the_back(dispute, datetime.date(2027, 3, 2))
        client.force_login(world.champion)
        assert _header(client)[1:3] == (1, 0)
    with time_machine.travel(datetime.datetime(2027, 3, 3, 10, tzinfo=datetime.UTC), tick=False):
        assert _header(client)[1:3] == (1, 1)


def test_notifications_read_and_new_show_at_once(client, world):
    client.force_login(world.champion)
    Notification.objects.create(user=world.champion, subject="One", body="Text")
    assert _header(client)[3] == 1
    Notification.objects.create(user=world.champion, subject="Two", body="Text")
    assert _header(client)[3] == 2
    client.post(reverse("notifications"))
    assert _header(client)[3] == 0


def test_a_new_role_and_a_renamed_organisation_show_at_once(client, world):
    user = world.complainant
    client.force_login(user)
    roles = _header(client)[0]
    assert not any("chair" in role or "member," in role.lower() for role in roles[1:])
    seat = JointBodyMemberFactory(compact=world.compact, user=user, organisation=world.cvs)
    assert any(world.compact.joint_body_name in role for role in _header(client)[0])
    seat.delete()
    assert not any(world.compact.joint_body_name in role for role in _header(client)[0])
    organisation = user.memberships.get().organisation
    organisation.name = "Riverside Lunch and Supper Club"
    organisation.save()
    assert any("Lunch and Supper Club" in role for role in _header(client)[0])


def test_a_new_champion_and_the_old_one_see_it_at_once(client, world):
    old = world.champion
    client.force_login(old)
    assert any(role.startswith("Champion") for role in _header(client)[0])
    new = world.statutory_member.user
    world.compact.champion = new
    world.compact.save()
    assert not any(role.startswith("Champion") for role in _header(client)[0])
    client.force_login(new)
    assert any(role.startswith("Champion") for role in _header(client)[0])


def test_a_paused_clock_shows_at_once(client, world):
    dispute = world.raise_dispute()
    _due_behind_the_back(dispute, datetime.date(2020, 1, 6))
    client.force_login(world.champion)
    assert _header(client)[1:3] == (1, 1)
    dispute.refresh_from_db()
    services.dispute_pause_clock(dispute=dispute, by=world.champion, reason="Waiting for papers")
    assert _header(client)[1:3] == (1, 0)


def test_a_header_worked_out_before_a_change_is_never_used_after_it(client, world):
    """A page that counted before a change committed, and kept its numbers after the
    change forgot them, is not believed: each header carries its user's generation."""
    from django.core.cache import cache

    from workflows import navigation

    client.force_login(world.champion)
    assert _header(client)[1] == 0
    gen_key, _, counts_key, _lists_key = navigation._keys(world.champion.pk)
    stale = cache.get(counts_key)
    world.raise_dispute()  # forgets: the generation moves on
    cache.set(counts_key, {**stale, "value": {**stale["value"], "inbox": 99}})  # the late write
    assert _header(client)[1] == 1


def test_a_notification_to_several_people_shows_in_each_header_at_once(client, world):
    from workflows.notifications import notify

    client.force_login(world.respondent)
    assert _header(client)[3] == 0
    notify(to=[world.respondent.email], template="digest", context={"user": world.respondent})
    assert _header(client)[3] == 1


def test_a_seat_given_to_someone_else_leaves_its_old_holder_at_once(client, world):
    seat = world.vcs_member
    old, new = seat.user, world.complainant
    client.force_login(old)
    assert any(world.compact.joint_body_name in role for role in _header(client)[0])
    seat.user = new
    seat.save()
    assert not any(world.compact.joint_body_name in role for role in _header(client)[0])


def test_the_archive_position_of_someone_elses_step_starts_from_the_newest(client, world):
    mine = world.raise_dispute()
    services.triage_complete(task=stage_tasks(mine).get(), by=world.champion, accept=True)
    theirs = DisputeWorld()
    other = theirs.raise_dispute()
    step = stage_tasks(other).get()
    services.triage_complete(task=step, by=theirs.champion, accept=True)
    client.force_login(world.champion)
    newest = client.get(reverse("task-archive")).context["page"].object_list
    after_theirs = client.get(reverse("task-archive"), {"after": step.pk}).context["page"]
    assert after_theirs.object_list == newest and after_theirs.newer is None


def _queue(client) -> int:
    page = client.get(PAGE)
    assert page.status_code == 200
    return page.context["task_counts"]["queue"]


def test_the_team_queue_is_counted_and_moves_with_other_peoples_steps(client, world):
    member, other = world.vcs_member.user, world.cochair.user
    client.force_login(member)
    assert _queue(client) == 0
    dispute = world.raise_dispute()
    world.stages.to(dispute, "mediation")  # the Champion's escalation queues a step
    assert _queue(client) == 1
    assert "in your team's queue" in client.get(PAGE).text
    # Another member takes it: it leaves this member's number too, at once.
    task_claim(task=stage_tasks(dispute).get(), by=other)
    assert _queue(client) == 0
    task = stage_tasks(dispute).get()
    task_release(task=task, by=other)
    assert _queue(client) == 1


def test_a_kept_queue_number_costs_no_query(client, world):
    dispute = world.raise_dispute()
    world.stages.to(dispute, "mediation")
    anonymous = _queries(client)
    client.force_login(world.vcs_member.user)
    first = _queries(client)
    again = _queries(client)
    assert again == anonymous + 1
    assert first > again


def test_a_queue_in_another_compact_leaves_the_number_kept(client, world):
    client.force_login(world.vcs_member.user)
    _queue(client)
    kept = _queries(client)
    elsewhere = DisputeWorld()
    elsewhere.stages.to(elsewhere.raise_dispute(), "mediation")
    assert _queries(client) == kept  # nothing counted again


def test_losing_a_queue_permission_of_ones_own_or_the_group_empties_the_queue_at_once(
    client, world
):
    """Whether a permission is taken from the user, or their group is deleted, the kept
    queue is worked out again on the next page, not ten minutes later."""
    from django.contrib.auth.models import Permission

    from cases.register.services import joint_body_group
    from workflows import registry

    dispute = world.raise_dispute()
    world.stages.to(dispute, "mediation")
    member = world.vcs_member.user
    wanted = [name.split(".", 1) for name in registry.queue_permissions()]
    own = [Permission.objects.get(content_type__app_label=a, codename=c) for a, c in wanted]
    member.user_permissions.add(*own)
    client.force_login(member)
    assert dispute.reference in client.get(reverse("task-queue")).text

    member.groups.clear()  # their own permissions still give them the queue
    assert dispute.reference in client.get(reverse("task-queue")).text
    member.user_permissions.clear()
    assert dispute.reference not in client.get(reverse("task-queue")).text

    group = joint_body_group()
    member.groups.add(group)
    assert dispute.reference in client.get(reverse("task-queue")).text
    group.delete()
    assert dispute.reference not in client.get(reverse("task-queue")).text
    assert _queue(client) == 0
