"""The API's tokens, disputes and tasks: the same rules as the pages, errors as JSON."""

import datetime

import pytest
import time_machine
from django.core import mail

from cases.accounts.models import ApiToken
from cases.disputes.models import Dispute, DisputeStage
from cases.disputes.selectors import stage_tasks
from tests.factories import DisputeWorld, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return DisputeWorld()


def test_a_token_is_made_on_the_account_page_shown_once_and_revoked(client, api, world):
    client.force_login(world.champion)
    response = client.post(
        "/account/api-tokens/", {"token-name": "Council grants system", "token-days": "90"}
    )
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("cc_") and key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=world.champion)
    assert token.key_hash != key and key not in token.key_hash  # only a hash is kept
    assert client.get("/account/api-tokens/").content.decode().count(key) == 0

    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/tasks/inbox", headers=headers).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = client.get("/api/v1/tasks/inbox", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"].startswith("Give a valid personal API token")


def test_the_token_form_says_what_is_wrong(client, world):
    client.force_login(world.champion)
    response = client.post("/account/api-tokens/", {"token-name": "", "token-days": "7"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter what the token is for" in body
    assert not ApiToken.objects.exists()


def test_someone_else_cannot_revoke_my_token(client, api, world):
    Api = api
    Api(world.champion)
    token = ApiToken.objects.get(user=world.champion)
    client.force_login(world.complainant)
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_no_token_bad_token_and_expired_token_are_401(api, world):
    anonymous = api()
    assert anonymous.get("/tasks/inbox").status_code == 401
    assert anonymous.get("/disputes").status_code == 401
    assert anonymous.get("/compacts").status_code == 200  # public
    bad = api()
    bad.headers = {"Authorization": "Bearer cc_not-a-real-token"}
    assert bad.get("/tasks/inbox").status_code == 401
    assert bad.get("/compacts").status_code == 401  # a bad token is refused, not ignored
    caller = api(world.champion)
    ApiToken.objects.filter(user=world.champion).update(
        expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert caller.get("/tasks/inbox").status_code == 401
    world.champion.is_active = False
    world.champion.save()


def test_a_session_cookie_is_not_a_token(client, world):
    client.force_login(world.champion)
    assert client.get("/api/v1/tasks/inbox").status_code == 401


def _raise_body(world, **changes):
    body = {
        "compact": world.compact.slug,
        "complainant": world.complainant_org.slug,
        "respondent": world.respondent_org.slug,
        "commitments": ["FC1"],
        "what_happened": "The council gave two weeks to bid.",
        "happened_on": "2026-10-01",
        "already_tried": "We wrote to the grants officer.",
        "outcome_sought": "Reopen the round with six weeks to bid.",
    }
    body.update(changes)
    return body


def test_raising_a_dispute_through_the_api_starts_the_procedure(
    api, world, django_capture_on_commit_callbacks
):
    complainant = api(world.complainant)
    with django_capture_on_commit_callbacks(execute=True):
        response = complainant.post("/disputes", _raise_body(world), **{"Idempotency-Key": "abc-1"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["stage"] == DisputeStage.SUBMITTED
    assert body["commitments"] == ["FC1"]
    assert body["open_steps"][0]["title"] == "Triage the dispute"
    assert body["history"][0]["kind"] == "raised"
    assert world.champion.email in {to for m in mail.outbox for to in m.to}
    # The same key again: the same dispute, not a second.
    again = complainant.post("/disputes", _raise_body(world), **{"Idempotency-Key": "abc-1"})
    assert again.status_code == 200
    assert again.json()["reference"] == body["reference"]
    assert Dispute.objects.count() == 1
    # The Champion finds it in the inbox.
    inbox = api(world.champion).get("/tasks/inbox").json()
    assert inbox["count"] == 1
    assert inbox["items"][0]["reference"] == body["reference"]
    assert inbox["items"][0]["step"] == "Triage the dispute"


def test_raising_a_dispute_names_each_field_and_rule(api, world):
    complainant = api(world.complainant)
    response = complainant.post(
        "/disputes",
        _raise_body(world, compact="nowhere", what_happened="   ", happened_on="2999-01-01"),
    )
    assert response.status_code == 422
    errors = {(e["field"], e["rule"]) for e in response.json()["errors"]}
    assert ("compact", "unknown") in errors
    response = complainant.post(
        "/disputes", _raise_body(world, what_happened="   ", happened_on="2999-01-01")
    )
    assert response.status_code == 422
    fields = {e["field"]: e for e in response.json()["errors"]}
    assert set(fields) == {"what_happened", "happened_on"}
    assert fields["happened_on"]["message"] == "The date it happened must be today or in the past"
    # A missing field and a wrong type are caught before the service.
    response = complainant.post("/disputes", {"compact": world.compact.slug, "happened_on": "x"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"complainant", "happened_on", "what_happened"} <= fields
    assert Dispute.objects.count() == 0


def test_only_members_raise_for_their_organisation(api, world):
    response = api(world.respondent).post("/disputes", _raise_body(world))
    assert response.status_code == 403
    assert Dispute.objects.count() == 0


def test_a_dispute_i_may_not_see_is_404_exactly_like_one_that_does_not_exist(api, world):
    dispute = world.raise_dispute()
    stranger = api(UserFactory())
    hidden = stranger.get(f"/disputes/{dispute.reference}")
    missing = stranger.get("/disputes/ZZZ-D-2026-9999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert stranger.get("/disputes").json()["count"] == 0
    assert stranger.post(f"/disputes/{dispute.reference}/withdraw").status_code == 404
    # A party sees it.
    assert api(world.respondent).get(f"/disputes/{dispute.reference}").status_code == 200


def test_only_the_complainant_withdraws_and_a_closed_dispute_is_409(api, world):
    dispute = world.raise_dispute()
    assert api(world.respondent).post(f"/disputes/{dispute.reference}/withdraw").status_code == 403
    complainant = api(world.complainant)
    response = complainant.post(f"/disputes/{dispute.reference}/withdraw", {"reason": "Sorted"})
    assert response.status_code == 200
    assert response.json()["stage"] == DisputeStage.WITHDRAWN
    assert response.json()["open_steps"] == []
    again = complainant.post(f"/disputes/{dispute.reference}/withdraw")
    assert again.status_code == 409
    assert again.json()["errors"][0]["rule"] == "closed"


def test_the_champion_triages_through_the_api_with_the_steps_fields(api, world):
    dispute = world.raise_dispute()
    task = stage_tasks(dispute).get()
    champion = api(world.champion)
    detail = champion.get(f"/tasks/{task.pk}").json()
    assert [f["name"] for f in detail["form"]] == ["decision", "text"]
    assert {c["value"] for c in detail["form"][0]["choices"]} == {"accept", "outside"}
    # A rule broken: closing without reasons.
    response = champion.post(f"/tasks/{task.pk}/complete", {"decision": "outside"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "text",
            "rule": "invalid",
            "message": "Enter the reasons the dispute is outside the Compact",
        }
    ]
    response = champion.post(f"/tasks/{task.pk}/complete", {"decision": "maybe"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "decision"
    assert response.json()["errors"][0]["rule"] == "invalid_choice"
    response = champion.post(f"/tasks/{task.pk}/complete", {"decision": "accept", "text": "Ok"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "DONE"
    dispute.refresh_from_db()
    assert dispute.stage == DisputeStage.INFORMAL
    # Done twice: a conflict, and nothing changes.
    again = champion.post(f"/tasks/{task.pk}/complete", {"decision": "accept", "text": "Ok"})
    assert again.status_code == 409
    assert champion.get("/tasks/archive").json()["items"][0]["id"] == task.pk


def test_a_stranger_cannot_see_or_do_a_task(api, world):
    dispute = world.raise_dispute()
    task = stage_tasks(dispute).get()
    stranger = api(UserFactory())
    for response in (
        stranger.get(f"/tasks/{task.pk}"),
        stranger.post(f"/tasks/{task.pk}/claim"),
        stranger.post(f"/tasks/{task.pk}/complete", {"decision": "accept"}),
        stranger.get("/tasks/999999"),
    ):
        assert response.status_code == 404
    # A party sees the step but cannot do the Champion's.
    party = api(world.complainant)
    assert party.get(f"/tasks/{task.pk}").json()["form"] is None
    response = party.post(f"/tasks/{task.pk}/complete", {"decision": "accept", "text": ""})
    assert response.status_code == 403


def _to_appoint_mediator(world):
    dispute = world.dispute_at("mediation")
    return dispute, stage_tasks(dispute).get()


def test_claim_release_and_a_second_claim_is_409(api, world):
    dispute, task = _to_appoint_mediator(world)
    member = api(world.vcs_member.user)
    chair = api(world.chair.user)
    queue = member.get("/tasks/queue").json()
    assert [t["id"] for t in queue["items"]] == [task.pk]
    response = member.post(f"/tasks/{task.pk}/claim")
    assert response.status_code == 200
    assert response.json()["holder"]
    assert response.json()["may_release"] is True
    taken = chair.post(f"/tasks/{task.pk}/claim")
    assert taken.status_code == 409
    assert "already been done or taken" in taken.json()["detail"]
    assert member.post(f"/tasks/{task.pk}/release").status_code == 200
    assert chair.post(f"/tasks/{task.pk}/claim").status_code == 200
    # Completing with a mediator from the form's own list.
    fields = chair.get(f"/tasks/{task.pk}").json()["form"]
    mediator = fields[0]["choices"][0]["value"]
    response = chair.post(f"/tasks/{task.pk}/complete", {"mediator": mediator})
    assert response.status_code == 200, response.content
    dispute.refresh_from_db()
    assert dispute.mediator_id == int(mediator)


def test_a_member_from_a_party_may_not_claim(api, world):
    _, task = _to_appoint_mediator(world)
    party_member = api(world.statutory_member.user)  # sits for the respondent council
    assert party_member.get("/tasks/queue").json()["count"] == 0
    response = party_member.post(f"/tasks/{task.pk}/claim")
    assert response.status_code in (403, 404)


def test_task_lists_are_paged_filtered_and_run_a_fixed_number_of_queries(
    api, world, django_assert_max_num_queries
):
    for _ in range(6):
        world.raise_dispute()
    champion = api(world.champion)
    first = champion.get("/tasks/inbox", page_size=4).json()
    assert (first["count"], first["pages"], len(first["items"])) == (6, 2, 4)
    second = champion.get("/tasks/inbox", page_size=4, page=2).json()
    assert len(second["items"]) == 2
    assert not {t["id"] for t in first["items"]} & {t["id"] for t in second["items"]}
    assert champion.get("/tasks/inbox", page=9).json()["items"] == []
    assert champion.get("/tasks/inbox", page_size=101).status_code == 422
    assert champion.get("/tasks/inbox", page=0).status_code == 422
    assert champion.get("/tasks/inbox", kind="commissioning").json()["count"] == 0
    assert champion.get("/tasks/inbox", compact="nowhere").status_code == 422
    with time_machine.travel(datetime.date.today() + datetime.timedelta(days=60)):
        assert champion.get("/tasks/inbox", due="overdue").json()["count"] == 6
    with django_assert_max_num_queries(16):
        champion.get("/tasks/inbox", page_size=25)


def test_text_with_a_nul_character_is_refused_plainly(api, world):
    response = api(world.complainant).post("/disputes", _raise_body(world, what_happened="a\0b"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "null_characters"
    assert Dispute.objects.count() == 0
    response = api().get(f"/compacts/{world.compact.slug}/signatories", q="x\0")
    assert response.status_code == 422


def test_any_other_address_under_the_api_is_a_json_404(api):
    response = api().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
    assert api().get("/tasks/-1").status_code == 401
    assert api(UserFactory()).get("/tasks/-1").status_code == 422
