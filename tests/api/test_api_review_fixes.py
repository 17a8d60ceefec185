"""Regression tests for the API security review: hostile input never gives a 500 or
HTML, the archive forgets cases a user lost, and withdrawn bids stay off the page."""

import datetime

import pytest
import time_machine
from django.test import Client

from cases.commissioning import services as commissioning
from cases.disputes import services
from cases.disputes.flow import DisputeFlow
from cases.disputes.selectors import open_tasks, stage_tasks
from tests.factories import CommissioningWorld, DisputeWorld
from workflows.services import task_claim

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)


@pytest.fixture
def quiet_client(monkeypatch):
    """The API client, answering with the response a real caller would get even when the
    view raises (the test client re-raises by default)."""
    from tests.api import conftest

    monkeypatch.setattr(conftest, "Client", lambda: Client(raise_request_exception=False))


@time_machine.travel(at(D(2027, 1, 4)), tick=False)
@pytest.mark.parametrize(
    "action,data,field",
    [
        (
            "consult",
            {"opens_on": "9999-12-01", "closes_on": "9999-12-31", "questions": "q"},
            "opens_on",
        ),
        (
            "tender",
            {"opens_on": "2027-01-04", "closes_on": "9999-12-31", "closes_at": "23:59"},
            "closes_on",
        ),
        (
            "tender",
            {"opens_on": "0001-01-01", "closes_on": "0001-01-02", "closes_at": "00:00"},
            "opens_on",
        ),
        ("cancel", {"reasons": "\ud800"}, "reasons"),
        ("tender", {"opens_on": ["a"], "closes_on": {"x": 1}, "closes_at": 10**40}, "opens_on"),
    ],
)
def test_hostile_action_fields_are_refused_with_a_field_error(
    api, quiet_client, action, data, field
):
    world = CommissioningWorld()
    exercise = world.plan()
    response = api(world.commissioner).post(
        f"/exercises/{exercise.reference}/actions/{action}", data
    )
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}
    exercise.refresh_from_db()
    assert exercise.stage == "planned"


def test_a_lone_surrogate_in_a_steps_text_is_refused(api, quiet_client):
    world = DisputeWorld()
    task = stage_tasks(world.raise_dispute()).get()
    response = api(world.champion).post(
        f"/tasks/{task.pk}/complete", {"decision": "accept", "text": "ok \ud800"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "text"


def test_an_idempotency_key_must_be_plain(api, quiet_client):
    world = DisputeWorld()
    response = api(world.complainant).post(
        "/disputes", {"compact": "x"}, **{"Idempotency-Key": "a\x00b"}
    )
    assert response.status_code == 422


def test_every_error_under_the_api_is_json(api, quiet_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    world = DisputeWorld()
    caller = api(world.complainant)
    for response in (
        caller.client.delete("/api/v1/disputes", headers=caller.headers),  # 405
        caller.get("/api/v1/ocds/extension/nope.json"),  # 404 outside ninja
        caller.post("/disputes", {"what_happened": "x" * 5000}),  # too big: 413
    ):
        assert response.status_code in (404, 405, 413), response.status_code
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.json()["detail"]


def test_an_unexpected_failure_is_a_json_500_and_logged(api, quiet_client, monkeypatch, caplog):
    world = DisputeWorld()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("cases.disputes.selectors.dispute_page_ids", broken)
    response = api(world.complainant).get("/disputes")
    assert response.status_code == 500
    assert response.json() == {"detail": "Sorry, something went wrong on our side.", "errors": []}
    assert "disk on fire" not in response.content.decode()
    assert any(r.exc_info and "disk on fire" in str(r.exc_info[1]) for r in caplog.records)


def test_the_archive_forgets_a_case_the_user_may_no_longer_see(api):
    world = DisputeWorld()
    dispute = world.raise_dispute()
    services.triage_complete(task=stage_tasks(dispute).get(), by=world.champion, accept=True)
    services.informal_complete(
        task=stage_tasks(dispute).get(), by=world.champion, resolved=False, text="no"
    )
    task = open_tasks(dispute).get(flow_task=DisputeFlow.appoint_mediator)
    member = world.vcs_member.user
    task_claim(task=task, by=member)
    services.appoint_mediator_complete(task=task, by=member, mediator=world.mediator)
    caller = api(member)
    assert [t["reference"] for t in caller.get("/tasks/archive").json()["items"]] == [
        dispute.reference
    ]
    world.vcs_member.delete()  # leaves the joint body
    assert caller.get(f"/disputes/{dispute.reference}").status_code == 404
    assert caller.get("/tasks/archive").json()["items"] == []


@time_machine.travel(at(D(2027, 1, 4)), tick=False)
def test_the_commissioners_page_never_lists_withdrawn_or_draft_bids(client):
    world = CommissioningWorld()
    exercise = world.plan()
    commissioning.exercise_publish_tender(
        exercise=exercise,
        by=world.commissioner,
        opens_on=D(2027, 1, 4),
        bids_close_at=at(D(2027, 2, 15)),
    )
    (withdrawn_org, u1), (kept_org, u2), (draft_org, u3) = world.bidders
    data = {"proposal": "Plan", "direct_costs": 5, "overheads": 1}
    first = commissioning.bid_save(exercise=exercise, by=u1, organisation=withdrawn_org, data={})
    commissioning.bid_submit(bid=first, by=u1, data=data)
    commissioning.bid_withdraw(bid=first, by=u1)
    second = commissioning.bid_save(exercise=exercise, by=u2, organisation=kept_org, data={})
    commissioning.bid_submit(bid=second, by=u2, data=data)
    commissioning.bid_save(exercise=exercise, by=u3, organisation=draft_org, data={"proposal": "x"})
    with time_machine.travel(at(D(2027, 2, 16)), tick=False):
        commissioning.exercise_open_bids(exercise=exercise, by=world.commissioner)
        client.force_login(world.commissioner)
        page = client.get(exercise.get_absolute_url()).content.decode()
        award = client.get(f"/exercises/{exercise.reference}/do/award/").content.decode()
    assert kept_org.name in page
    assert kept_org.name in award  # the award's form scores the bids sent, no others
    assert withdrawn_org.name not in award
    assert draft_org.name not in award
    assert withdrawn_org.name not in page
    assert draft_org.name not in page
