"""What the task lists show of each case is kept between pages (`workflows.lines`) and
forgotten the moment anything it was read from changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.disputes.services.clock import dispute_pause_clock
from tests.factories import DisputeWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return DisputeWorld()


def _reads_of_disputes(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        text = client.get(url).text
    return text, sum('"cases_dispute"' in q["sql"] for q in queries.captured_queries)


def test_a_list_shown_again_reads_no_case_again(client, world):
    dispute = world.raise_dispute()
    client.force_login(world.champion)
    first, reads = _reads_of_disputes(client, reverse("task-inbox"))
    assert dispute.reference in first and reads >= 1
    again, reads = _reads_of_disputes(client, reverse("task-inbox"))
    assert again.count(dispute.reference) == first.count(dispute.reference)
    assert reads == 0  # the row's case line was kept


def test_a_renamed_party_and_a_paused_clock_show_at_once(client, world):
    dispute = world.raise_dispute()
    client.force_login(world.champion)
    page = client.get(reverse("task-inbox")).text
    assert world.complainant_org.name in page and "Clock paused" not in page

    world.complainant_org.name = "Renamed Community Trust"
    world.complainant_org.save()
    dispute_pause_clock(dispute=dispute, by=world.champion, reason="Waiting for a report")

    page = client.get(reverse("task-inbox")).text
    assert "Renamed Community Trust" in page
    assert "Clock paused" in page


def test_each_language_keeps_its_own_lines(client, world):
    world.raise_dispute()
    client.force_login(world.champion)
    assert "Dispute:" in client.get(reverse("task-inbox")).text
    welsh = client.get("/cy" + reverse("task-inbox")).text
    assert "Dispute:" not in welsh and "Anghydfod:" in welsh


def test_the_compact_filter_offers_a_compact_as_soon_as_ones_organisation_signs_it(client, world):
    from tests.factories import CompactFactory, SignatoryFactory

    client.force_login(world.complainant)
    other = CompactFactory(area="Lakeside")
    assert f'value="{other.slug}"' not in client.get(reverse("task-inbox")).text
    SignatoryFactory(compact=other, organisation=world.complainant_org)
    assert f'value="{other.slug}"' in client.get(reverse("task-inbox")).text
