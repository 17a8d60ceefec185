"""The in-service notifications list and the daily digest."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests.factories import DisputeWorld
from workflows.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def at(day, hour=7):
    return datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)


def test_every_email_to_a_user_is_also_in_their_notifications(client):
    world = DisputeWorld()
    dispute = world.raise_dispute()
    sent = [m for m in mail.outbox if world.champion.email in m.to]
    kept = Notification.objects.filter(user=world.champion)
    assert [n.subject for n in kept] == [m.subject for m in sent]
    client.force_login(world.champion)
    page = client.get(reverse("notifications"))
    assert dispute.reference in page.text
    assert page.context["task_counts"]["unread"] == kept.count()
    client.post(reverse("notifications"))
    assert not Notification.objects.filter(user=world.champion, read_at__isnull=True).exists()
    # Nobody else sees them.
    client.force_login(world.complainant)
    assert "New dispute to triage" not in client.get(reverse("notifications")).text


def test_the_daily_digest_lists_overdue_and_soon_due_steps_once_a_day():
    world = DisputeWorld()
    with time_machine.travel(at(datetime.date(2027, 2, 1)), tick=False) as clock:
        overdue = world.raise_dispute()
        clock.move_to(at(datetime.date(2027, 2, 10)))
        soon = world.raise_dispute()
        mail.outbox.clear()
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
        (digest,) = [m for m in mail.outbox if world.champion.email in m.to]
        assert digest.subject == "Your steps: 1 overdue, 1 due soon"
        assert overdue.reference in digest.body.split("Due in the next")[0]
        assert soon.reference in digest.body.split("Due in the next")[1]
        mail.outbox.clear()
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert mail.outbox == []  # once a day
        clock.move_to(at(datetime.date(2027, 2, 11)))
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert [m.to for m in mail.outbox] == [[world.champion.email]]


def test_a_sweep_after_the_first_looks_at_nobody_again(django_assert_max_num_queries):
    """The timer loop sweeps every minute from 7am: once everyone with open steps has been
    looked at today (told or, with nothing due, not), a sweep is one query whatever their
    number, and nobody is told twice."""
    from workflows.digests import send_digests
    from workflows.models import DigestSent

    world = DisputeWorld()
    with time_machine.travel(at(datetime.date(2027, 2, 1)), tick=False) as clock:
        world.raise_dispute()  # the Champion's triage, due in five working days
        world.dispute_at("mediator_appointed")  # the complainant's step, who has no e-mail
        world.complainant.email = ""
        world.complainant.save()
        clock.move_to(at(datetime.date(2027, 2, 2)))
        mail.outbox.clear()
        assert send_digests() == 1
        assert set(DigestSent.objects.values_list("user__username", "sent")) == {
            (world.champion.username, True),
            (world.complainant.username, False),
        }
        with django_assert_max_num_queries(1):
            assert send_digests() == 0
        assert [m.to for m in mail.outbox] == [[world.champion.email]]


def test_notifications_are_a_list_and_each_opens_its_message(client):
    world = DisputeWorld()
    first = Notification.objects.create(user=world.champion, subject="First", body="Body one")
    Notification.objects.create(user=world.champion, subject="Second", body="Body two")
    client.force_login(world.champion)
    page = client.get(reverse("notifications")).text
    assert "First" in page and "Second" in page and "Body one" not in page  # subjects only
    assert page.count("Unread") >= 2
    opened = client.get(reverse("notification-detail", args=[first.pk]))
    assert "Body one" in opened.text
    first.refresh_from_db()
    assert first.read_at is not None  # opening it marks it read
    unread = client.get(reverse("notifications"), {"show": "unread"}).text
    assert "Second" in unread and ">First<" not in unread
    # Someone else's is not found.
    client.force_login(world.complainant)
    assert client.get(reverse("notification-detail", args=[first.pk])).status_code == 404
