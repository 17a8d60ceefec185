"""The commissioner's home: every exercise of their organisations, with its stage, next
step, due date and the number of bids sent, paged, filtered and sorted."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from cases.commissioning import services
from tests.factories import CommissioningWorld, MembershipFactory, StatutoryOrganisationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _rows(page: str) -> list[str]:
    body = page.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("</tr>")[:-1]]


def test_a_commissioner_sees_every_exercise_of_their_organisation_and_nobody_else_s(client):
    world = CommissioningWorld()
    other = CommissioningWorld()  # another council's exercise: never listed
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        client.force_login(world.commissioner)
        planned = world.plan(title="Lunch clubs")
        tender = world.plan(title="Carers' breaks")
        services.exercise_publish_tender(
            exercise=tender,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 2, 15), 12),
        )
        org, tenderer = world.bidders[0]
        bid = services.bid_save(
            exercise=tender,
            by=tenderer,
            organisation=org,
            data={"proposal": "Breaks.", "direct_costs": Decimal(100), "overheads": Decimal(10)},
        )
        services.bid_submit(bid=bid, by=tenderer)
        services.bid_save(  # a draft: not sent, not counted
            exercise=tender,
            by=world.bidders[1][1],
            organisation=world.bidders[1][0],
            data={"proposal": "Draft.", "direct_costs": Decimal(1), "overheads": Decimal(0)},
        )
        hidden = other.plan(title="Not yours")

        page = client.get("/exercises/")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'href="/exercises/new/"' in html  # "Plan an exercise"
        assert 'href="/exercises/"' in html  # the navigation's "Exercises"
        rows = _rows(html)
        assert len(rows) == 2
        assert hidden.reference not in html
        newest, oldest = rows
        assert tender.reference in newest and "Open for bids" in newest
        assert "Bidding closes 15 February 2027" in newest
        assert newest.endswith("1 sealed")  # one bid sent, the draft not counted
        assert planned.reference in oldest
        assert "Open a consultation, or publish the opportunity" in oldest

        # Filters and sorts.
        only = _rows(client.get("/exercises/", {"stage": "tender"}).content.decode())
        assert len(only) == 1 and tender.reference in only[0]
        by_title = _rows(client.get("/exercises/", {"sort": "title"}).content.decode())
        assert tender.reference in by_title[0]  # "Carers' breaks" before "Lunch clubs"
        assert (
            "No exercises match" in client.get("/exercises/", {"stage": "closed"}).content.decode()
        )

        # The exercise page leads back to the list.
        assert (
            'href="/exercises/">Your exercises'
            in client.get(tender.get_absolute_url()).content.decode()
        )


def test_the_list_pages_and_costs_the_same_queries_for_more_exercises(
    client, django_assert_max_num_queries
):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        client.force_login(world.commissioner)
        for n in range(23):
            world.plan(title=f"Exercise {n:02}")
        first = client.get("/exercises/").content.decode()
        assert len(_rows(first)) == 20
        assert "Showing 1 to 20 of 23" in first
        assert len(_rows(client.get("/exercises/", {"page": 2}).content.decode())) == 3
        with django_assert_max_num_queries(14):
            client.get("/exercises/")


def test_only_commissioners_have_a_list_of_exercises(client):
    world = CommissioningWorld()
    officer = MembershipFactory(organisation=StatutoryOrganisationFactory(), role="officer").user
    client.force_login(officer)
    assert client.get("/exercises/").status_code == 403
    assert 'href="/exercises/"' not in client.get("/").content.decode()
    client.force_login(world.bidders[0][1])
    assert client.get("/exercises/").status_code == 403
    client.logout()
    assert client.get("/exercises/").status_code == 302
