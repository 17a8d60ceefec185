"""The dispute's papers: one tagged PDF of the complaint, the answer, the timeline and an
index of the documents, made by the worker on referral to arbitration and when asked,
never with mediation papers, and served only to those who may see the dispute."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from cases.disputes import services
from cases.disputes.models import Dispute
from tests.factories import DisputeWorld, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _text(dispute) -> str:
    with dispute.bundle.open("rb") as papers:
        reader = PdfReader(io.BytesIO(papers.read()))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog  # tagged
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_referral_to_arbitration_makes_the_papers_without_mediation_material():
    world = DisputeWorld()
    dispute = world.dispute_at("mediator_accepted")
    services.dispute_add_note(
        dispute=dispute, by=world.mediator.user, kind="meeting", text="Offer of three weeks."
    )
    services.dispute_add_document(
        dispute=dispute,
        by=world.complainant,
        upload=SimpleUploadedFile("offer.txt", b"Our offer.", "text/plain"),
    )
    dispute = world.stages.to(dispute, "arbitration")
    assert dispute.bundle and not dispute.bundle_is_being_made
    text = _text(dispute)
    assert dispute.what_happened in text
    assert world.stages.words.answer.split(";")[0] in text  # the respondent's answer
    assert "No agreement in mediation: referred to arbitration" in text
    assert "Offer of three weeks" not in text  # without prejudice
    assert "offer.txt" not in text


def test_anyone_on_the_dispute_asks_for_the_papers_and_only_they_get_them(client):
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    services.dispute_add_document(
        dispute=dispute,
        by=world.respondent,
        upload=SimpleUploadedFile("minutes.txt", b"Minutes.", "text/plain"),
    )
    client.force_login(world.complainant)
    assert client.get(reverse("dispute-bundle", args=[dispute.reference])).status_code == 404
    response = client.post(
        reverse("dispute-action", args=[dispute.reference]), {"action": "bundle"}
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert "minutes.txt" in _text(dispute)
    papers = client.get(reverse("dispute-bundle", args=[dispute.reference]))
    assert papers.status_code == 200 and papers["Content-Type"] == "application/pdf"
    assert "Download the papers (PDF)" in client.get(dispute.get_absolute_url()).text
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("dispute-bundle", args=[dispute.reference])).status_code == 404
    response = client.post(
        reverse("dispute-action", args=[dispute.reference]), {"action": "bundle"}
    )
    assert response.status_code == 404


def test_asking_again_while_the_papers_are_being_made_queues_nothing_more():
    from django.utils import timezone

    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    Dispute.objects.filter(pk=dispute.pk).update(bundle_asked_at=timezone.now())
    assert services.dispute_bundle_request(dispute=dispute, by=world.complainant) is False
    dispute.refresh_from_db()
    assert dispute.bundle_is_being_made and not dispute.bundle


def test_papers_asked_for_long_ago_and_never_made_can_be_asked_for_again(client):
    import datetime

    from django.utils import timezone

    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    Dispute.objects.filter(pk=dispute.pk).update(
        bundle_asked_at=timezone.now() - datetime.timedelta(hours=2)
    )
    client.force_login(world.complainant)
    page = client.get(dispute.get_absolute_url()).text
    assert "Make the papers" in page and "Being made" not in page
    assert services.dispute_bundle_request(dispute=dispute, by=world.complainant) is True
