"""Regression tests from a security review of commissioning."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.commissioning import services
from cases.register.models import Membership
from tests.factories import CommissioningWorld, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), UTC)


def _tendered(world):
    exercise = world.plan()
    services.exercise_publish_tender(
        exercise=exercise,
        by=world.commissioner,
        opens_on=D(2027, 1, 4),
        bids_close_at=at(D(2027, 2, 15), 12),
    )
    exercise.refresh_from_db()
    return exercise


def _sent(world, exercise, n):
    org, user = world.bidders[n]
    bid = services.bid_save(
        exercise=exercise,
        by=user,
        organisation=org,
        data={
            "proposal": f"Secret plan of {org}",
            "direct_costs": Decimal(100),
            "overheads": Decimal(10),
        },
    )
    services.bid_add_document(bid=bid, by=user, upload=SimpleUploadedFile("p.txt", b"plan"))
    return services.bid_submit(bid=bid, by=user)


def test_a_withdrawn_bid_stays_closed_to_the_commissioner():
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = _tendered(world)
        kept = _sent(world, exercise, 0)
        gone = _sent(world, exercise, 1)
        services.bid_withdraw(bid=gone, by=world.bidders[1][1])
        clock.move_to(at(D(2027, 2, 16)))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
    from django.test import Client

    client = Client()
    client.force_login(world.commissioner)
    page = client.get(exercise.get_absolute_url())
    assert str(world.bidders[0][0]) in page.text
    assert f"Secret plan of {world.bidders[1][0]}" not in page.text
    assert (
        client.get(reverse("exercise-bid", args=[exercise.reference, gone.pk])).status_code == 404
    )
    document = gone.documents.get()
    assert client.get(reverse("bid-document", args=[gone.pk, document.pk])).status_code == 404
    assert (
        client.get(reverse("exercise-bid", args=[exercise.reference, kept.pk])).status_code == 200
    )


def test_the_service_dates_must_follow_the_standstill_and_fit_the_term():
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = _tendered(world)
        bid = _sent(world, exercise, 0)
        clock.move_to(at(D(2027, 2, 16)))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        services.bid_evaluate(bid=bid, by=world.commissioner, score=70, notes="", feedback="OK")
        services.exercise_award(exercise=exercise, by=world.commissioner, winners=[bid])
        clock.move_to(at(D(2027, 4, 1)))
        for starts, ends, message in (
            (D(2027, 2, 20), D(2028, 2, 1), "after the standstill"),
            (D(2027, 4, 5), D(9999, 12, 31), "within the 3-year term"),
            (D(1, 1, 1), D(2999, 1, 1), "after the standstill"),
        ):
            with pytest.raises(ValidationError, match=message):
                services.exercise_start_service(
                    exercise=exercise, by=world.commissioner, starts_on=starts, ends_on=ends
                )
        services.exercise_start_service(
            exercise=exercise, by=world.commissioner, starts_on=D(2027, 4, 5), ends_on=D(2030, 4, 4)
        )
    assert exercise.reviews.count() == 5


def test_a_second_press_of_a_step_says_so_plainly(client):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = _tendered(world)
        _sent(world, exercise, 0)
        clock.move_to(at(D(2027, 2, 16)))
        client.force_login(world.commissioner)
        url = f"/exercises/{exercise.reference}/do/open_bids/"
        client.post(url, {"confirmed": "yes"})
        again = client.post(url, {"confirmed": "yes"}, follow=True)
    assert again.status_code == 200
    assert "That step is not open now. Nothing was changed." in again.text
    client.force_login(UserFactory())
    assert client.post(url, {"confirmed": "yes"}).status_code == 403


def test_hostile_award_and_departure_values_are_plain_errors(client):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = _tendered(world)
        _sent(world, exercise, 0)
        clock.move_to(at(D(2027, 2, 16)))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        client.force_login(world.commissioner)
        response = client.post(
            f"/exercises/{exercise.reference}/do/award/",
            {"award-winners": "99999999999999999999999999", "confirmed": "yes"},
        )
    assert response.status_code == 400
    assert "Choose from the submitted bids" in response.text
    client.force_login(world.bidders[0][1])
    assert client.get("/disputes/new/?departure=%C2%B2", follow=True).status_code == 200


def test_steps_follow_the_role_not_the_person():
    world = CommissioningWorld()
    from workflows import selectors

    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan(term_years=1)
        assert selectors.inbox(world.commissioner).exists()
        Membership.objects.filter(user=world.commissioner).delete()
        assert not selectors.inbox(world.commissioner).exists()
        successor = Membership.objects.create(
            user=UserFactory(), organisation=world.council, role="commissioner"
        ).user
        services.exercise_publish_tender(
            exercise=exercise,
            by=successor,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 3, 1)),
            term_justification="A pilot.",
        )
    departure = exercise.departures.get()
    old_champion = world.compact.champion
    new_champion = UserFactory()
    world.compact.champion = new_champion
    world.compact.save()
    assert not selectors.inbox(old_champion).exists()
    services.departure_review(departure=departure, by=new_champion, notes="Acceptable pilot.")
    departure.refresh_from_db()
    assert departure.reviewed_by == new_champion


def test_bid_page_errors_are_summarised(client):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = _tendered(world)
        bid = _sent(world, exercise, 0)
        client.force_login(world.bidders[0][1])
        response = client.post(
            bid.get_absolute_url(),
            {"action": "document", "document-file": SimpleUploadedFile("x.exe", b"MZ\x90\x00")},
        )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "must be a PDF" in response.text


def test_an_opportunity_is_not_listed_or_open_before_its_opening_date(client):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 2, 1),
            bids_close_at=at(D(2027, 3, 15)),
        )
        assert exercise.title not in client.get(reverse("opportunity-list")).text.split("<main")[1]
        org, user = world.bidders[0]
        with pytest.raises(ValidationError, match="opens on 1 February 2027"):
            services.bid_save(exercise=exercise, by=user, organisation=org, data={})
