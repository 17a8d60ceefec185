"""Commissioning through the API: plan, publish with the Compact's guards, bid, sealed
bids, actions open only when the page offers them, and another tenderer's bid is 404."""

import datetime

import pytest
import time_machine

from cases.commissioning.models import Bid, BidStatus, Exercise, ExerciseStage
from tests.factories import CommissioningWorld, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)


@pytest.fixture
def world():
    return CommissioningWorld()


PLAN = {
    "title": "Carers' support service",
    "service": "Support for unpaid carers.",
    "outcomes": "Carers have breaks.",
    "funding_type": "grant",
    "estimated_value": "120000.00",
    "term_years": 3,
    "full_cost_recovery": True,
}


@time_machine.travel(at(D(2027, 1, 4)), tick=False)
def test_an_exercise_from_plan_to_opened_bids(api, world):
    commissioner = api(world.commissioner)
    (org, user), (_, user2) = world.bidders[0], world.bidders[1]
    tenderer, other = api(user), api(user2)

    # Plan: only the commissioning organisation sees it.
    response = commissioner.post(
        "/exercises", {**PLAN, "commissioner": world.council.slug, "compact": world.compact.slug}
    )
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    assert response.json()["stage"] == ExerciseStage.PLANNED
    assert api().get(f"/exercises/{reference}").status_code == 404
    assert tenderer.get(f"/exercises/{reference}").status_code == 404
    assert reference not in {e["reference"] for e in api().get("/exercises").json()["items"]}

    # The actions are the page's: what is open now, with each form's fields.
    actions = {a["name"]: a for a in commissioner.get(f"/exercises/{reference}/actions").json()}
    assert {"consult", "tender", "cancel"} <= set(actions)
    assert {"opens_on", "closes_on", "closes_at"} <= {
        f["name"] for f in actions["tender"]["fields"]
    }

    # The Compact's bid window guard: 14 days is refused without a justification.
    short = {"opens_on": "2027-01-04", "closes_on": "2027-01-18", "closes_at": "12:00"}
    response = commissioner.post(f"/exercises/{reference}/actions/tender", short)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "bid_window_justification"
    assert Exercise.objects.get(reference=reference).stage == ExerciseStage.PLANNED
    response = commissioner.post(
        f"/exercises/{reference}/actions/tender", {**short, "closes_on": "2027-02-15"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["exercise"]["stage"] == ExerciseStage.TENDER
    # Done twice: the step is not open now.
    again = commissioner.post(
        f"/exercises/{reference}/actions/tender", {**short, "closes_on": "2027-02-15"}
    )
    assert again.status_code == 409

    # A tenderer may not move the exercise.
    assert tenderer.post(f"/exercises/{reference}/actions/open_bids").status_code == 403
    # A tenderer starts, saves and sends a bid, and asks a question.
    started = tenderer.post(f"/exercises/{reference}/actions/bid", {"organisation": org.pk})
    assert started.status_code == 200, started.content
    bid_id = started.json()["bid"]
    missing = tenderer.put(f"/bids/{bid_id}", {"proposal": "Our plan"})
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"direct_costs", "overheads"}
    body = {"proposal": "Our secret plan", "direct_costs": "1000.00", "overheads": "100.00"}
    assert tenderer.put(f"/bids/{bid_id}", body).status_code == 200
    sent = tenderer.post(f"/bids/{bid_id}/submit", body)
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == BidStatus.SUBMITTED
    assert sent.json()["window_open"] is True
    assert [s["state"] for s in sent.json()["steps"]][:2] == ["skipped", "current"]
    asked = tenderer.post(
        f"/exercises/{reference}/clarifications",
        {"organisation": org.slug, "question": "Can we bid jointly?"},
    )
    assert asked.status_code == 200, asked.content

    # Sealed: the commissioner sees a count, not the bid; another tenderer sees nothing.
    view = commissioner.get(f"/exercises/{reference}").json()["commissioner_view"]
    assert view == {"sealed_bids": 1, "bids": [], "consultation_responses": 0}
    assert tenderer.get(f"/exercises/{reference}").json()["commissioner_view"] is None
    assert other.get(f"/bids/{bid_id}").status_code == 404
    assert other.put(f"/bids/{bid_id}", body).status_code == 404
    assert other.post(f"/bids/{bid_id}/withdraw").status_code == 404
    assert other.get("/bids").json()["count"] == 0
    assert "secret" not in commissioner.get(f"/exercises/{reference}").content.decode()
    # Opening before the window closes is refused: a conflict, not a field.
    early = commissioner.post(f"/exercises/{reference}/actions/open_bids")
    assert early.status_code == 409
    assert "sealed" in early.json()["detail"]

    with time_machine.travel(at(D(2027, 2, 16)), tick=False):
        late = tenderer.post(f"/bids/{bid_id}/withdraw")
        assert late.status_code == 409
        opened = commissioner.post(f"/exercises/{reference}/actions/open_bids")
        assert opened.status_code == 200, opened.content
        bids = opened.json()["exercise"]["commissioner_view"]["bids"]
        assert [b["id"] for b in bids] == [bid_id]
        assert bids[0]["total"] == "1100.00"
    assert Bid.objects.get(pk=bid_id).version == 1


@time_machine.travel(at(D(2027, 1, 4)), tick=False)
def test_planning_needs_a_commissioner_and_names_the_fields(api, world):
    assert (
        api(UserFactory())
        .post("/exercises", {**PLAN, "commissioner": "x", "compact": "y"})
        .status_code
        == 403
    )
    commissioner = api(world.commissioner)
    response = commissioner.post(
        "/exercises",
        {**PLAN, "commissioner": "not-ours", "compact": world.compact.slug, "term_years": 0},
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"term_years"}
    response = commissioner.post(
        "/exercises", {**PLAN, "commissioner": "not-ours", "compact": world.compact.slug}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "commissioner"
    assert not Exercise.objects.exists()


def test_public_lists_are_paged(api, world):
    from tests.factories import CompactFactory

    for _ in range(4):
        CompactFactory()
    anonymous = api()
    page = anonymous.get("/compacts", page_size=2).json()
    assert (page["count"], page["pages"], len(page["items"])) == (5, 3, 2)
    assert set(page["items"][0]["rules"]) >= {"min_consultation_weeks", "min_bid_window_days"}
    assert anonymous.get("/compacts", page=3, page_size=2).json()["items"].__len__() == 1
    assert anonymous.get(f"/compacts/{world.compact.slug}/commitments").json()["count"] == 2
    signatories = anonymous.get(
        f"/compacts/{world.compact.slug}/signatories", sector="vcs", sort="-name"
    ).json()
    assert [s["organisation"]["name"] for s in signatories["items"]] == [
        "Riverside Youth Music",
        "Riverside Food Bank",
        "Riverside Carers",
    ]
    assert anonymous.get("/compacts/nowhere").status_code == 404
    assert anonymous.get("/compacts/nowhere/signatories").status_code == 404
    assert anonymous.get(f"/organisations/{world.council.slug}").json()["signatures"]
