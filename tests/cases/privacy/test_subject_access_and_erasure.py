"""A person's data on request: the subject access export of a complainant who is also a
tenderer holds their own data and files, none of another person's, and no other person's
without-prejudice papers; a compact's officer exports only their compacts'; erasing a
person with an open case is refused with the reasons, and without one anonymises them
everywhere (audited, once)."""

import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.commissioning import services as commissioning
from cases.commissioning.models import Bid
from cases.disputes.models import DisputeMessage
from cases.disputes.services import (
    dispute_add_document,
    dispute_post_message,
    dispute_raise,
    dispute_withdraw,
)
from cases.privacy import erasure
from cases.register.models import AuditEvent, DataProtectionOfficer, Membership
from tests.factories import CommissioningWorld, CompactFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _officer(compact=None):
    user = UserFactory()
    DataProtectionOfficer.objects.create(user=user, compact=compact, appointed_on=D(2026, 1, 1))
    return user


def _tenderer_who_complains():
    """A voluntary organisation's administrator who bids, and raises a dispute against the
    council; the council's officer answers with messages and a document of their own."""
    world = CommissioningWorld()
    org, person = world.bidders[0]
    with time_machine.travel(at(D(2027, 3, 1)), tick=False) as clock:
        exercise = world.plan()
        commissioning.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 3, 29),
            bids_close_at=at(D(2027, 5, 7), 12),
        )
        clock.move_to(at(D(2027, 4, 1)))
        commissioning.bid_save(
            exercise=exercise,
            by=person,
            organisation=org,
            data={
                "proposal": "Weekly breaks for carers.",
                "direct_costs": Decimal(100),
                "overheads": Decimal(10),
            },
        )
        dispute, _ = dispute_raise(
            compact=world.compact,
            by=person,
            complainant=org,
            respondent=world.council,
            commitments=list(world.compact.commitments.filter(code="funding")),
            subject="Two weeks to bid",
            what_happened="The council gave two weeks to bid.",
            happened_on=D(2027, 3, 20),
            already_tried="We wrote to the grants team.",
            outcome_sought="Six weeks to bid.",
            submission_key="sar",
        )
    dispute_add_document(
        dispute=dispute,
        by=person,
        upload=SimpleUploadedFile("our-letter.pdf", PDF, "application/pdf"),
    )
    dispute_post_message(dispute=dispute, by=person, body="We can meet on Tuesday.")
    other = world.compact.champion
    dispute_post_message(dispute=dispute, by=other, body="Note from the Champion, Ann Evans.")
    DisputeMessage.objects.create(
        dispute=dispute,
        author=other,
        role="mediator",
        body="Without prejudice: the council may reopen the round.",
        stage="mediation",
        without_prejudice=True,
    )
    return world, person, dispute, exercise


def _zip(response):
    return zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def test_the_export_holds_their_data_and_files_and_nobody_elses(client):
    world, person, dispute, exercise = _tenderer_who_complains()
    officer = _officer(None)
    client.force_login(officer)
    found = client.get(reverse("people"), {"person": person.username})
    assert reverse("person", args=[person.pk]) in found.text
    page = client.get(reverse("person", args=[person.pk]))
    assert "Disputes you raised" in page.text
    response = client.post(reverse("person-export", args=[person.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = _zip(response)
    names = archive.namelist()
    assert {"index.html", "data.json"} <= set(names)
    data = json.loads(archive.read("data.json"))
    assert data["account"]["username"] == person.username
    assert [d["reference"] for d in data["disputes_raised"]] == [dispute.reference]
    assert data["disputes_raised"][0]["what_happened"] == "The council gave two weeks to bid."
    assert [m["message"] for m in data["dispute_messages"]] == ["We can meet on Tuesday."]
    assert [b["proposal"] for b in data["bids"]] == ["Weekly breaks for carers."]
    [upload] = data["dispute_documents"]
    assert archive.read(upload["file"]) == PDF
    # Another person's words and without-prejudice papers are not theirs to have: only
    # what was sent to them (their notifications) quotes anyone else.
    theirs = json.dumps({k: v for k, v in data.items() if k != "notifications"})
    assert "Ann Evans" not in theirs
    assert world.compact.champion.username not in theirs
    everything = archive.read("data.json").decode() + archive.read("index.html").decode()
    assert "may reopen the round" not in everything
    assert any("Ann Evans" in n["message"] for n in data["notifications"])
    assert AuditEvent.objects.filter(
        action="exported what is held about", object_repr=f"user #{person.pk}"
    ).exists()


def test_a_compacts_officer_exports_only_their_compacts_and_finds_only_their_people(client):
    world, person, dispute, _exercise = _tenderer_who_complains()
    elsewhere = _officer(CompactFactory())
    client.force_login(elsewhere)
    found = client.get(reverse("people"), {"person": person.username})
    assert reverse("person", args=[person.pk]) not in found.text
    assert client.get(reverse("person", args=[person.pk])).status_code == 404
    assert client.post(reverse("person-export", args=[person.pk])).status_code == 404
    own = _officer(world.compact)
    client.force_login(own)
    data = json.loads(
        _zip(client.post(reverse("person-export", args=[person.pk]))).read("data.json")
    )
    assert [d["reference"] for d in data["disputes_raised"]] == [dispute.reference]
    assert "notifications" not in data  # the service's, not a compact's
    # Erasing is for the whole service's officer.
    assert client.get(reverse("person-erase", args=[person.pk])).status_code == 403


def test_a_person_with_an_open_case_is_not_erased_and_one_without_is(client):
    world, person, dispute, _exercise = _tenderer_who_complains()
    officer = _officer(None)
    client.force_login(officer)
    url = reverse("person-erase", args=[person.pk])
    page = client.get(url)
    assert "They raised disputes still open" in page.text
    assert "Yes, erase this person" not in page.text
    response = client.post(url, {"reason": "Asked by e-mail"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.is_active and person.username != f"erased-{person.pk}"
    # The dispute withdrawn: nothing keeps them now.
    dispute_withdraw(dispute=dispute, by=person, reason="Settled")
    assert erasure.blockers(person) == []
    assert "Yes, erase this person" in client.get(url).text
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is needed
    assert client.post(url, {"reason": "Asked by e-mail on 3 December"}).status_code == 302
    person = get_user_model().objects.get(pk=person.pk)
    assert (person.username, person.email, person.first_name, person.is_active) == (
        f"erased-{person.pk}",
        "",
        "",
        False,
    )
    assert not person.has_usable_password()
    assert not Membership.objects.filter(user=person).exists()
    assert not person.notifications.exists()
    # The bid they began is their organisation's: it stays, under the number.
    assert Bid.objects.get(created_by=person).proposal == "Weekly breaks for carers."
    # What they wrote in the closed case stays with the case, under the number.
    assert DisputeMessage.objects.filter(author=person).exists()
    event = AuditEvent.objects.get(action="erased a person")
    assert event.object_repr == f"user #{person.pk}" and event.actor == officer
    # Once: a second press changes nothing more.
    erasure.erase(person, by=officer, reason="again")
    assert AuditEvent.objects.filter(action="erased a person").count() == 1


def test_an_administrator_an_officer_or_a_sitting_member_is_not_erased():
    from tests.factories import DisputeWorld

    world = DisputeWorld()
    admin = UserFactory(is_staff=True, is_superuser=True)
    officer = _officer(None)
    assert any("administer the service" in r for r in erasure.blockers(admin))
    assert any("administer the service" in r for r in erasure.blockers(_officer(None)))
    assert any("joint body" in r for r in erasure.blockers(world.chair.user))
    with pytest.raises(ValidationError):
        erasure.erase(admin, by=officer, reason="Asked")
    assert get_user_model().objects.get(pk=admin.pk).is_superuser
