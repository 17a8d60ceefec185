"""The respondent's answer through the API: read beside the complaint, given once, refused
to anyone else, and its time extended by the Champion; and the dispute's messages."""

import pytest

from cases.disputes.models import DisputeAnswer
from tests.factories import DisputeWorld, UserFactory

pytestmark = pytest.mark.django_db


def test_the_respondent_answers_through_the_api_once(api):
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    url = f"/disputes/{dispute.reference}"
    asked = api(world.complainant).get(url).json()["answer"]
    assert asked["given"] is False and asked["account"] == ""
    assert asked["due_on"] == str(DisputeAnswer.objects.get(dispute=dispute).due_on)

    body = {
        "account": "We advertised it widely.",
        "accepted": [],
        "disputed": [world.commitment.ref],
        "offer": "A second round.",
    }
    refused = api(world.complainant).post(f"{url}/answer", body)
    assert refused.status_code == 403
    unknown = api(world.respondent).post(f"{url}/answer", {**body, "disputed": ["NOPE"]})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "commitments"
    hidden = api(world.respondent).post(f"{url}/answer", {**body, "account": "a\u202eb"})
    assert hidden.status_code == 422

    given = api(world.respondent).post(f"{url}/answer", body)
    assert given.status_code == 201, given.content
    answer = given.json()["answer"]
    assert answer["given"] is True and answer["late"] is False
    assert answer["disputed"] == [world.commitment.ref]
    assert answer["offer"] == "A second round."
    again = api(world.respondent).post(f"{url}/answer", body)
    assert again.status_code == 409
    assert "already answered" in again.json()["detail"]
    # The complainant and the Champion read it.
    for user in (world.complainant, world.champion):
        assert api(user).get(url).json()["answer"]["account"] == "We advertised it widely."


def test_only_the_champion_gives_more_time_through_the_api(api):
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    url = f"/disputes/{dispute.reference}/answer/extend"
    before = DisputeAnswer.objects.get(dispute=dispute).due_on
    assert api(world.respondent).post(url, {"days": 5, "reason": "Please"}).status_code == 403
    assert api(world.champion).post(url, {"days": 0, "reason": "x"}).status_code == 422
    response = api(world.champion).post(url, {"days": 5, "reason": "Officer ill"})
    assert response.status_code == 200
    assert response.json()["answer"]["due_on"] > str(before)
    history = [event["body"] for event in response.json()["history"]]
    assert "Officer ill" in history


def test_messages_through_the_api(api):
    world = DisputeWorld()
    dispute = world.dispute_at("mediator_accepted")
    url = f"/disputes/{dispute.reference}/messages"
    sent = api(world.complainant).post(url, {"body": "We would take three weeks."})
    assert sent.status_code == 201 and sent.json()["without_prejudice"] is True
    assert api(world.chair.user).post(url, {"body": "x"}).status_code == 403
    assert api(world.respondent).get(url).json()["count"] == 1
    assert api(world.champion).get(url).json()["count"] == 0  # without prejudice
    assert api(UserFactory()).get(url).status_code == 404


def test_an_organisation_s_system_sends_evidence_as_multipart(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.disputes.models import DisputeDocument

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n\x00\x01binary"
    world = DisputeWorld()
    dispute = world.raise_dispute()
    caller = api(world.complainant)
    url = f"/api/v1/disputes/{dispute.reference}/documents"

    def send(client, name, content, kind, **fields):
        return client.client.post(
            url,
            {"file": SimpleUploadedFile(name, content, kind), **fields},
            headers=client.headers,
        )

    sent = send(caller, "letter\u202e.pdf", pdf, "application/pdf")
    assert sent.status_code == 201, sent.content
    assert sent.json()["name"] == "letter.pdf"  # the name loses hidden characters
    assert send(caller, "run.exe", b"MZ\x90\x00", "application/octet-stream").status_code == 422
    refused = send(caller, "a.pdf", pdf, "application/pdf", note="a\u202eb")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["rule"] == "direction_characters"
    assert send(api(UserFactory()), "a.pdf", pdf, "application/pdf").status_code == 404
    assert caller.client.post(url, {}, headers=caller.headers).status_code == 422  # no file
    assert DisputeDocument.objects.filter(dispute=dispute).count() == 1


def test_remedies_through_the_api(api, django_capture_on_commit_callbacks):
    from cases.disputes.models import Remedy
    from cases.disputes.selectors import open_tasks

    world = DisputeWorld()
    dispute = world.dispute_at("panel_formed")
    from cases.disputes import services
    from cases.disputes.flow import DisputeFlow

    services.arbitration_complete(
        task=open_tasks(dispute).get(flow_task=DisputeFlow.arbitration),
        by=world.chair.user,
        outcome="upheld",
        decision="The panel finds the round too short for small groups.",
        remedies=[{"owed_by": world.council.pk, "action": "Reopen the round.", "days": 20}],
    )
    remedy = Remedy.objects.get()
    body = api(world.complainant).get(f"/disputes/{dispute.reference}").json()
    assert [r["action"] for r in body["remedies"]] == ["Reopen the round."]
    url = f"/disputes/{dispute.reference}/remedies/{remedy.pk}/challenge"
    assert api(world.respondent).post(url, {"text": "x"}).status_code == 403
    assert api(UserFactory()).post(url, {"text": "x"}).status_code == 404
    said = api(world.complainant).post(url, {"text": "Not reopened."})
    assert said.status_code == 200
    assert said.json()["remedies"][0]["challenge"] == "Not reopened."


def test_multipart_is_read_only_where_files_go_and_a_broken_one_is_refused_plainly(api):
    from django.test import Client

    world = DisputeWorld()
    dispute = world.raise_dispute()
    caller = api(world.complainant)
    base = f"/api/v1/disputes/{dispute.reference}"
    # Multipart to a route that takes JSON: its body is not JSON (400), not a crash.
    response = caller.client.post(f"{base}/messages", {"body": "Hello"}, headers=caller.headers)
    assert response.status_code == 400
    # No boundary: the form cannot be read.
    response = Client().generic(
        "POST",
        f"{base}/documents",
        b"garbage",
        content_type="multipart/form-data",
        headers=caller.headers,
    )
    assert response.status_code == 400
    # Too big to be one file: refused before it is read, whoever sends it.
    response = Client().generic(
        "POST",
        f"{base}/documents",
        b"x",
        content_type="multipart/form-data; boundary=x",
        headers={"Content-Length": str(12 * 1024 * 1024)},
    )
    assert response.status_code == 413


def test_drafts_through_the_api(api):
    from cases.disputes.models import DisputeDraft
    from cases.disputes.services import draft_save

    world = DisputeWorld()
    draft = draft_save(by=world.complainant, draft_id=None, data={}, title="Two weeks to bid")
    mine = api(world.complainant).get("/disputes/drafts").json()
    assert [(d["id"], d["title"]) for d in mine] == [(draft.pk, "Two weeks to bid")]
    assert mine[0]["continue_url"] == f"/disputes/new/?draft={draft.pk}"
    assert api(world.respondent).get("/disputes/drafts").json() == []
    other = api(world.respondent).client.delete(
        f"/api/v1/disputes/drafts/{draft.pk}", headers=api(world.respondent).headers
    )
    assert other.status_code == 404
    caller = api(world.complainant)
    gone = caller.client.delete(f"/api/v1/disputes/drafts/{draft.pk}", headers=caller.headers)
    assert gone.status_code == 204
    assert not DisputeDraft.objects.exists()
