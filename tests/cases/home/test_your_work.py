"""Your work: each role finds its own work on one page after signing in, and nobody else's."""

import pytest
from django.urls import reverse

from tests.factories import CommissioningWorld, DisputeWorld, UserFactory
from workflows.models import Notification

pytestmark = pytest.mark.django_db


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("your-work"))
    assert response.status_code == 200
    return response.text


def test_signing_in_lands_on_your_work(client):
    user = UserFactory(username="someone")
    user.set_password("a long enough password")
    user.save()
    response = client.post(
        reverse("login"), {"username": "someone", "password": "a long enough password"}
    )
    assert response["Location"] == reverse("your-work")


def test_a_stranger_is_asked_to_sign_in(client):
    response = client.get(reverse("your-work"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.fixture
def world():
    return DisputeWorld(prefix="SWA")


def test_the_champion_sees_their_step_and_the_open_dispute(client, world):
    dispute = world.raise_dispute()
    text = _page(client, world.champion)
    assert "1</span> step assigned to you" in text
    assert dispute.reference in text
    assert "Triage" in text or "triage" in text
    assert "Open disputes you can see" in text
    assert "Your exercises" not in text  # not a commissioner
    assert "Your bids" not in text  # no bids


def test_the_complainant_sees_their_dispute_and_unread_notifications(client, world):
    dispute = world.raise_dispute()
    text = _page(client, world.complainant)
    assert dispute.reference in text
    assert "No steps are assigned to you." in text
    unread = Notification.objects.filter(user=world.complainant, read_at__isnull=True)
    assert unread.exists()
    assert unread.first().subject in text


def test_someone_else_sees_none_of_it(client, world):
    dispute = world.raise_dispute()
    stranger = UserFactory()
    text = _page(client, stranger)
    assert dispute.reference not in text
    assert "You have no open disputes." in text
    assert "0</span> steps assigned to you" in text
    assert "You have read all your notifications." in text


def test_a_joint_body_member_sees_the_queue_count(client, world):
    dispute = world.raise_dispute()
    world.stages.to(dispute, "informal")
    text = _page(client, world.vcs_member.user)
    assert "in your team&#x27;s queue" in text or "in your team's queue" in text


def test_a_commissioner_sees_their_exercises_and_a_bidder_their_bids(client):
    world = CommissioningWorld()
    exercise = world.plan()
    text = _page(client, world.commissioner)
    assert "Your exercises" in text
    assert exercise.reference in text
    assert "Your bids" not in text

    org, bidder = world.bidders[0]
    from cases.commissioning.models import Bid

    Bid.objects.create(exercise=exercise, organisation=org, created_by=bidder)
    text = _page(client, bidder)
    assert "Your bids" in text
    assert exercise.reference in text
    assert "Your exercises" not in text
    other = world.bidders[1][1]
    assert exercise.reference not in _page(client, other)


def _queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("your-work")).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_whatever_the_work(client, world):
    world.raise_dispute()
    client.force_login(world.champion)
    client.get(reverse("your-work"))
    few = _queries(client)
    for _ in range(4):
        world.raise_dispute()
    client.get(reverse("your-work"))
    assert _queries(client) == few
    assert few <= 30
