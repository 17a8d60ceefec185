"""The dispute's messages: the parties and the Champion write to each other, each message
telling the others; in mediation the mediator joins and what the parties and mediator
write is without prejudice, never seen by the Champion, the joint body or the panel."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.disputes import services
from cases.disputes.models import DisputeDocument, DisputeMessage
from tests.factories import DisputeWorld, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_parties_and_the_champion_write_and_the_others_are_told(client):
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    client.force_login(world.respondent)
    mail.outbox.clear()
    response = client.post(
        reverse("dispute-action", args=[dispute.reference]),
        {
            "action": "message",
            "message-body": "Could we meet on Tuesday?",
            "message-file": SimpleUploadedFile("agenda.txt", b"1. The round", "text/plain"),
        },
    )
    assert response.status_code == 302
    message = DisputeMessage.objects.get()
    assert not message.without_prejudice
    assert message.role == f"for {world.council.name}"
    assert message.attachment.original_name == "agenda.txt"
    (told,) = mail.outbox
    assert world.respondent.email not in told.to  # not the writer
    assert {world.complainant.email, world.champion.email} <= set(told.to)
    assert "Could we meet on Tuesday?" in told.body
    for user in (world.complainant, world.champion, world.chair.user):
        client.force_login(user)
        page = client.get(dispute.get_absolute_url()).text
        assert "Could we meet on Tuesday?" in page and "agenda.txt" in page, user


def test_messages_in_mediation_are_without_prejudice():
    world = DisputeWorld()
    dispute = world.dispute_at("mediator_accepted")
    mail.outbox.clear()
    services.dispute_post_message(
        dispute=dispute, by=world.complainant, body="We would take three weeks."
    )
    services.dispute_post_message(
        dispute=dispute, by=world.mediator.user, body="The council will consider it."
    )
    champion_note = services.dispute_post_message(
        dispute=dispute, by=world.champion, body="A reminder of the timetable."
    )
    assert [m.without_prejudice for m in DisputeMessage.objects.order_by("pk")] == [
        True,
        True,
        False,
    ]
    assert not champion_note.without_prejudice
    told = [set(m.to) for m in mail.outbox]
    assert world.champion.email not in told[0] | told[1]  # never told of them
    assert world.mediator.user.email in told[0]
    from cases.disputes.selectors import dispute_messages

    seen = {
        user: [m.body for m in dispute_messages(dispute=dispute, user=user)]
        for user in (world.complainant, world.respondent, world.mediator.user)
    }
    assert all(len(bodies) == 3 for bodies in seen.values())
    for user in (world.champion, world.chair.user):
        assert [m.body for m in dispute_messages(dispute=dispute, user=user)] == [
            "A reminder of the timetable."
        ]
    services.dispute_post_message(
        dispute=dispute, by=world.respondent, body="We could reopen for four weeks."
    )
    # Arbitration: the panel's papers leave them out, and each party keeps only its own
    # side's without-prejudice messages; the mediator keeps them all.
    dispute = world.stages.to(dispute, "arbitration")
    after = {
        user: [m.body for m in dispute_messages(dispute=dispute, user=user)]
        for user in (world.complainant, world.respondent, world.mediator.user, world.chair.user)
    }
    assert after[world.complainant] == [
        "We would take three weeks.",
        "A reminder of the timetable.",
    ]
    assert after[world.respondent] == [
        "A reminder of the timetable.",
        "We could reopen for four weeks.",
    ]
    assert len(after[world.mediator.user]) == 4
    assert after[world.chair.user] == ["A reminder of the timetable."]
    import io

    from pypdf import PdfReader

    with dispute.bundle.open("rb") as papers:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(papers.read())).pages)
    assert "A reminder of the timetable." in text
    assert "three weeks" not in text and "will consider it" not in text


def test_who_may_write_and_what_is_refused():
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    with pytest.raises(PermissionDenied):
        services.dispute_post_message(dispute=dispute, by=world.chair.user, body="Hello")
    with pytest.raises(PermissionDenied):
        services.dispute_post_message(dispute=dispute, by=UserFactory(), body="Hello")
    with pytest.raises(ValidationError, match="Enter your message"):
        services.dispute_post_message(dispute=dispute, by=world.complainant, body="  ")
    with pytest.raises(ValidationError, match="hidden direction"):
        services.dispute_post_message(dispute=dispute, by=world.complainant, body="a\u202eb")
    with pytest.raises(ValidationError):
        services.dispute_post_message(
            dispute=dispute,
            by=world.complainant,
            body="Here",
            upload=SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/octet-stream"),
        )
    assert not DisputeMessage.objects.exists()
    assert not DisputeDocument.objects.exists()
