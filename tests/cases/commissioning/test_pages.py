"""Commissioning pages: opportunities, the exercise page's guarded steps, sealed bids
through every page and download, and the tenderer's tracker."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.commissioning import selectors, services
from cases.commissioning.models import Bid, ExerciseStage
from cases.disputes.models import Dispute
from tests.factories import CommissioningWorld, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), UTC)


@pytest.fixture
def world():
    return CommissioningWorld()


def _tender(world, **changes):
    exercise = world.plan(**changes)
    services.exercise_publish_tender(
        exercise=exercise,
        by=world.commissioner,
        opens_on=D(2027, 1, 4),
        bids_close_at=at(D(2027, 2, 15), 12),
    )
    exercise.refresh_from_db()
    return exercise


def _bid(world, exercise, n=0):
    org, user = world.bidders[n]
    bid = services.bid_save(
        exercise=exercise,
        by=user,
        organisation=org,
        data={
            "proposal": f"Secret plan of {org}",
            "direct_costs": Decimal(1000),
            "overheads": Decimal(100),
        },
    )
    services.bid_add_document(
        bid=bid, by=user, upload=SimpleUploadedFile("plan.txt", f"Plan of {org}".encode())
    )
    return services.bid_submit(bid=bid, by=user)


@time_machine.travel(at(D(2027, 1, 4)), tick=False)
def test_open_opportunities_are_listed_and_filtered(client, world):
    open_one = _tender(world, title="Carers' breaks", funding_type="grant")
    world.plan(title="Not yet public")
    response = client.get(reverse("opportunity-list"))
    assert "Carers&#x27; breaks" in response.text
    assert "Not yet public" not in response.text
    assert (
        "Carers"
        not in client.get(reverse("opportunity-list"), {"funding_type": "contract"}).text.split(
            "<main"
        )[1]
    )
    assert (
        client.get(reverse("opportunity-list"), {"closes_before": "not a date"}).status_code == 200
    )
    assert client.get(open_one.get_absolute_url()).status_code == 200


def test_a_planned_exercise_is_private(client, world):
    exercise = world.plan()
    assert client.get(exercise.get_absolute_url()).status_code == 404
    client.force_login(world.bidders[0][1])
    assert client.get(exercise.get_absolute_url()).status_code == 404
    client.force_login(world.commissioner)
    assert client.get(exercise.get_absolute_url()).status_code == 200


@time_machine.travel(at(D(2027, 1, 4)), tick=False)
def test_the_bid_window_guard_on_the_page_then_allowed_with_a_reason(client, world):
    exercise = world.plan()
    client.force_login(world.commissioner)
    data = {
        "action": "tender",
        "tender-opens_on_0": "4",
        "tender-opens_on_1": "1",
        "tender-opens_on_2": "2027",
        "tender-closes_on_0": "18",
        "tender-closes_on_1": "1",
        "tender-closes_on_2": "2027",
        "tender-closes_at": "12:00",
    }
    url = f"/exercises/{exercise.reference}/do/tender/"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "the compact asks for 30 days to bid and this gives 14 days" in refused.text
    exercise.refresh_from_db()
    assert exercise.stage == ExerciseStage.PLANNED
    allowed = client.post(url, {**data, "tender-bid_window_justification": "Year-end money."})
    assert allowed.status_code == 302
    exercise.refresh_from_db()
    assert exercise.stage == ExerciseStage.TENDER
    page = client.get(exercise.get_absolute_url())
    assert "This exercise departs from the Compact" in page.text
    assert "Year-end money." in page.text


def test_bids_are_sealed_from_the_commissioner_until_opened(client, world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = _tender(world)
        bid = _bid(world, exercise, 0)
        document = bid.documents.get()
        client.force_login(world.commissioner)
        page = client.get(exercise.get_absolute_url())
        assert "1 bid received" in page.text
        assert "Secret plan" not in page.text
        assert (
            client.get(reverse("exercise-bid", args=[exercise.reference, bid.pk])).status_code
            == 404
        )
        assert client.get(reverse("bid-detail", args=[bid.pk])).status_code == 404
        assert client.get(reverse("bid-document", args=[bid.pk, document.pk])).status_code == 404
        response = client.post(
            f"/exercises/{exercise.reference}/do/open_bids/", {"confirmed": "yes"}, follow=True
        )
        assert "sealed until the window closes" in response.text

        clock.move_to(at(D(2027, 2, 15), 13))
        client.force_login(world.commissioner)  # six weeks on: a new session
        client.post(f"/exercises/{exercise.reference}/do/open_bids/", {"confirmed": "yes"})
        assert (
            "Secret plan"
            in client.get(reverse("exercise-bid", args=[exercise.reference, bid.pk])).text
        )
        assert client.get(reverse("bid-document", args=[bid.pk, document.pk])).status_code == 200


@time_machine.travel(at(D(2027, 1, 4)), tick=False)
def test_a_tenderer_never_sees_another_organisations_bid(client, world):
    exercise = _tender(world)
    mine = _bid(world, exercise, 0)
    theirs = _bid(world, exercise, 1)
    document = theirs.documents.get()
    client.force_login(world.bidders[0][1])
    assert client.get(reverse("bid-detail", args=[mine.pk])).status_code == 200
    for url in (
        reverse("bid-detail", args=[theirs.pk]),
        reverse("bid-letter", args=[theirs.pk]),
        reverse("bid-document", args=[theirs.pk, document.pk]),
        reverse("exercise-bid", args=[exercise.reference, theirs.pk]),
    ):
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("bid-list"))
    assert str(world.bidders[1][0]) not in listing.text
    assert (
        "Secret plan of " + str(world.bidders[1][0])
        not in client.get(exercise.get_absolute_url()).text
    )
    # A stranger sees nothing either.
    client.force_login(UserFactory())
    assert client.get(reverse("bid-detail", args=[mine.pk])).status_code == 404


def test_the_tenderer_submits_replaces_and_withdraws_from_the_bid_page(client, world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = _tender(world)
        org, user = world.bidders[0]
        client.force_login(user)
        response = client.post(
            f"/exercises/{exercise.reference}/do/bid/", {"bid-organisation": org.pk}
        )
        bid = Bid.objects.get()
        assert response["Location"] == bid.get_absolute_url()
        missing = client.post(bid.get_absolute_url(), {"action": "submit", "bid-proposal": ""})
        assert missing.status_code == 400
        assert "Enter your proposal" in missing.text
        client.post(
            bid.get_absolute_url(),
            {
                "action": "submit",
                "bid-proposal": "Our plan",
                "bid-direct_costs": "1000",
                "bid-overheads": "150",
            },
        )
        bid.refresh_from_db()
        assert (bid.status, bid.version) == ("submitted", 1)
        client.post(
            bid.get_absolute_url(),
            {
                "action": "submit",
                "bid-proposal": "Our better plan",
                "bid-direct_costs": "1000",
                "bid-overheads": "150",
            },
        )
        bid.refresh_from_db()
        assert (bid.proposal, bid.version) == ("Our better plan", 2)
        client.post(bid.get_absolute_url(), {"action": "withdraw"})
        bid.refresh_from_db()
        assert bid.status == "withdrawn"
        page = client.get(bid.get_absolute_url())
        assert "You withdrew this bid" in page.text


@pytest.mark.parametrize(
    ("stage", "current"),
    [
        ("consultation", "consultation"),
        ("tender", "tender"),
        ("evaluation", "evaluation"),
        ("award", "award"),
        ("review", "review"),
        ("decommission", "decommission"),
    ],
)
def test_the_tracker_shows_the_current_step(world, stage, current):
    exercise = world.plan()
    exercise.stage = stage
    if stage != "consultation":
        exercise.consultation_opens_on = None
    else:
        exercise.consultation_opens_on = D(2027, 1, 4)
    exercise.save()
    tracker = selectors.tracker_steps(exercise)
    assert [s["stage"] for s in tracker if s["state"] == "current"] == [current]
    consultation = next(s for s in tracker if s["stage"] == "consultation")
    if stage not in ("consultation",):
        assert consultation["state"] == "skipped"
    order = [s["stage"] for s in tracker]
    assert all(s["state"] in ("done", "skipped") for s in tracker[: order.index(current)])
    assert all(s["state"] == "next" for s in tracker[order.index(current) + 1 :])


def test_a_departure_becomes_a_dispute_in_one_step(client, world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 1, 18)),
            bid_window_justification="Year-end money.",
        )
        departure = exercise.departures.get()
        org, user = world.bidders[0]
        client.force_login(user)
        page = client.get(exercise.get_absolute_url())
        link = f"/disputes/new/?compact={world.compact.slug}&amp;departure={departure.pk}"
        assert link in page.text
        client.get(link.replace("&amp;", "&"), follow=True)

        def checked(html):
            inputs = html.split("<input")[1:]
            return [
                c.split('value="')[1].split('"')[0] for c in inputs if " checked" in c.split(">")[0]
            ]

        def selected(html):
            return [
                c.split('value="')[1].split('"')[0]
                for c in html.split("<option")[1:]
                if " selected" in c.split(">")[0]
            ]

        def post(step, data):
            payload = {"raise_dispute_wizard-current_step": step}
            payload.update({f"{step}-{k}": v for k, v in data.items()})
            return client.post(reverse("dispute-new-step", args=[step]), payload)

        page = client.get(reverse("dispute-new-step", args=["compact"])).text
        assert checked(page) == [str(world.compact.pk)]
        post("compact", {"compact": world.compact.pk})
        post("organisation", {"complainant": org.pk})
        page = client.get(reverse("dispute-new-step", args=["respondent"])).text
        assert selected(page) == [str(world.council.pk)]
        post("respondent", {"respondent": world.council.pk})
        page = client.get(reverse("dispute-new-step", args=["commitments"])).text
        assert checked(page) == [str(departure.commitment_id)]
        post("commitments", {"commitments": [departure.commitment_id]})
        page = client.get(reverse("dispute-new-step", args=["what-happened"])).text
        assert "Year-end money." in page
    assert not Dispute.objects.exists()


def test_each_action_is_its_own_page_and_a_step_that_cannot_be_undone_asks_first(client, world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = _tender(world)
        _bid(world, exercise, 0)
        client.force_login(world.commissioner)
        base = f"/exercises/{exercise.reference}/do"
        # Not open yet: back to the exercise, told why; no such action: not found.
        early = client.get(f"{base}/open_bids/", follow=True)
        assert "Bids stay sealed until the window closes" in early.text
        assert client.get(f"{base}/nonsense/").status_code == 404
        # A bidder may never cancel: refused, not told it is closed.
        client.force_login(world.bidders[0][1])
        assert client.get(f"{base}/cancel/").status_code == 403
        client.force_login(world.commissioner)

        clock.move_to(at(D(2027, 2, 15), 13))
        client.force_login(world.commissioner)  # a new day's session
        asked = client.get(f"{base}/open_bids/")  # nothing to fill in: asks at once
        assert "Open the bids: are you sure?" in asked.text
        assert 'name="confirmed" value="yes"' in asked.text
        exercise.refresh_from_db()
        assert exercise.bids_are_sealed
        assert client.post(f"{base}/open_bids/", {"confirmed": "yes"}).status_code == 302
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.EVALUATION
        # Pressed again from a page left open: nothing happens twice.
        again = client.post(f"{base}/open_bids/", {"confirmed": "yes"}, follow=True)
        assert "That step is not open now" in again.text

        # A form with an error stays on its page, with what was typed.
        page = client.post(f"{base}/cancel/", {"cancel-reasons": ""})
        assert page.status_code == 400
        assert "Enter the reasons the exercise is cancelled" in page.text
        asked = client.post(f"{base}/cancel/", {"cancel-reasons": "Run with the health board."})
        assert "Cancel the exercise: are you sure?" in asked.text
        back = client.post(
            f"{base}/cancel/", {"cancel-reasons": "Run with the health board.", "confirmed": "back"}
        )
        assert "Run with the health board." in back.text
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.EVALUATION
        client.post(
            f"{base}/cancel/", {"cancel-reasons": "Run with the health board.", "confirmed": "yes"}
        )
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.CANCELLED
