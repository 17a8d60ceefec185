"""Each dispute's short title: asked in the form, shown in every list, task row and
e-mail; and an "Overdue" tag on the dispute list like the task lists'."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tests.factories import DisputeWorld

pytestmark = pytest.mark.django_db


def test_the_form_asks_for_a_short_title_plainly(client):
    world = DisputeWorld()
    client.force_login(world.complainant)
    client.get(reverse("dispute-new"), follow=True)
    for step, data in (
        ("compact", {"compact": world.compact.pk}),
        ("organisation", {"complainant": world.complainant_org.pk}),
        ("respondent", {"respondent": world.council.pk}),
        ("commitments", {"commitments": [world.commitment.pk]}),
    ):
        payload = {"raise_dispute_wizard-current_step": step}
        payload.update({f"{step}-{k}": v for k, v in data.items()})
        client.post(reverse("dispute-new-step", args=[step]), payload)
    payload = {
        "raise_dispute_wizard-current_step": "what-happened",
        "what-happened-what_happened": "Two weeks to bid.",
        "what-happened-happened_on_0": "1",
        "what-happened-happened_on_1": "10",
        "what-happened-happened_on_2": "2026",
        "what-happened-subject": "",
    }
    response = client.post(reverse("dispute-new-step", args=["what-happened"]), payload)
    assert response.status_code == 200
    assert "Enter a short title for the dispute" in response.content.decode()
    payload["what-happened-subject"] = "x" * 121
    response = client.post(reverse("dispute-new-step", args=["what-happened"]), payload)
    assert "The title must be 120 characters or fewer" in response.content.decode()


def test_the_title_shows_in_the_lists_the_task_rows_and_the_emails(client):
    world = DisputeWorld()
    mail.outbox.clear()
    dispute = world.raise_dispute(subject="Two weeks to bid for the lunch club grant")
    assert all(
        "Two weeks to bid for the lunch club grant" in message.body for message in mail.outbox
    )
    client.force_login(world.champion)
    for url in (reverse("dispute-list"), reverse("task-inbox"), dispute.get_absolute_url()):
        assert "Two weeks to bid for the lunch club grant" in client.get(url).content.decode()


def test_a_dispute_without_a_title_is_named_by_its_first_words():
    world = DisputeWorld()
    dispute = world.raise_dispute(
        subject="",
        what_happened="The council gave two weeks to bid for the lunch club grant in October.",
    )
    assert dispute.title == "The council gave two weeks to bid for the lunch..."


def test_the_dispute_list_tags_an_overdue_dispute(client):
    world = DisputeWorld()
    with time_machine.travel(datetime.datetime(2027, 2, 1, 10, tzinfo=datetime.UTC)):
        late = world.raise_dispute(subject="Late one")
    with time_machine.travel(datetime.datetime(2027, 2, 15, 10, tzinfo=datetime.UTC)):
        world.raise_dispute(subject="On time one")
        client.force_login(world.champion)
        html = client.get(reverse("dispute-list")).content.decode()
    assert late.due_on < datetime.date(2027, 2, 15)
    assert html.count(">Overdue<") == 1
    row = html[html.index("Late one") :]
    assert row.index(">Overdue<") < row.index("</tr>")
