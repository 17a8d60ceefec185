"""Who looked at confidential records: reading a dispute, its documents or letter, or a bid
after the bids were opened, is logged (who, when, what, page or API); the Champion and the
data protection officer read the log, nobody else; the privacy notice is public and linked
from every page; the officer's pages keep the schedule and the legal holds."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.disputes.services import dispute_add_document
from cases.privacy.models import LegalHold, RecordKind, RetentionRule
from cases.register.models import AccessEvent, DataProtectionOfficer
from tests.api.conftest import Api
from tests.factories import CompactFactory, DisputeWorld, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _officer(compact=None):
    user = UserFactory()
    DataProtectionOfficer.objects.create(
        user=user, compact=compact, appointed_on=datetime.date(2026, 1, 1)
    )
    return user


def test_reading_a_dispute_its_documents_and_through_the_api_is_logged(client):
    world = DisputeWorld()
    dispute = world.raise_dispute()
    document = dispute_add_document(
        dispute=dispute,
        by=world.complainant,
        upload=SimpleUploadedFile("invoice.pdf", PDF, "application/pdf"),
    )
    client.force_login(world.respondent)
    assert client.get(dispute.get_absolute_url()).status_code == 200
    assert client.get(document.get_absolute_url()).status_code == 200
    assert Api(world.respondent).get(f"/disputes/{dispute.reference}").status_code == 200
    looks = list(
        AccessEvent.objects.filter(user=world.respondent)
        .order_by("id")
        .values_list("kind", "reference", "what", "via")
    )
    assert looks == [
        ("dispute", dispute.reference, "", "page"),
        ("dispute_document", dispute.reference, "invoice.pdf", "page"),
        ("dispute", dispute.reference, "", "api"),
    ]
    # Someone who may not read it leaves no trace and learns nothing.
    client.force_login(UserFactory())
    assert client.get(dispute.get_absolute_url()).status_code == 404
    assert AccessEvent.objects.count() == 3


def test_the_champion_and_the_officer_see_who_looked_and_nobody_else(client):
    world = DisputeWorld()
    dispute = world.raise_dispute()
    client.force_login(world.complainant)
    client.get(dispute.get_absolute_url())
    url = reverse("dispute-who-looked", args=[dispute.reference])
    for allowed in (world.champion, _officer(world.compact), _officer(None)):
        client.force_login(allowed)
        page = client.get(url)
        assert page.status_code == 200
        assert world.complainant.username in page.text
    # The Champion's dispute page links to it; a party's does not.
    client.force_login(world.champion)
    assert url in client.get(dispute.get_absolute_url()).text
    for refused in (
        world.complainant,
        world.vcs_member.user,
        _officer(CompactFactory()),
        UserFactory(),
    ):
        client.force_login(refused)
        assert client.get(url).status_code == 404
    client.force_login(world.complainant)
    assert url not in client.get(dispute.get_absolute_url()).text


def test_the_officer_searches_the_access_log_of_their_compacts_only(client):
    world = DisputeWorld()
    other = DisputeWorld()
    for w in (world, other):
        dispute = w.raise_dispute()
        client.force_login(w.complainant)
        client.get(dispute.get_absolute_url())
    officer = _officer(world.compact)
    client.force_login(officer)
    page = client.get(reverse("access-log"))
    assert page.status_code == 200
    assert world.complainant.username in page.text
    assert other.complainant.username not in page.text
    # Filters: by person (nobody matches), sorted, paged.
    page = client.get(reverse("access-log"), {"person": "nobody", "sort": "oldest"})
    assert "Nobody has looked at a record that matches." in page.text
    # Not an officer: refused.
    client.force_login(world.champion)
    assert client.get(reverse("access-log")).status_code == 403
    assert client.get(reverse("data-protection")).status_code == 403


def test_the_privacy_notice_is_public_and_linked_from_every_page(client):
    DataProtectionOfficer.objects.create(
        user=UserFactory(first_name="Dee", last_name="Pio", email="dpo@example.org"),
        compact=None,
        appointed_on=datetime.date(2026, 1, 1),
    )
    page = client.get(reverse("privacy"))
    assert page.status_code == 200
    assert "How long we keep it" in page.text and "72 months after the dispute closed" in page.text
    assert "dpo@example.org" in page.text
    assert f'href="{reverse("privacy")}"' in client.get(reverse("home")).text
    assert f'href="{reverse("privacy")}"' in client.get("/no-such-page/").text


def test_the_officer_holds_and_lifts_a_case_and_sets_the_schedule_on_pages(client):
    world = DisputeWorld()
    dispute = world.raise_dispute()
    officer = _officer(world.compact)
    client.force_login(officer)
    holds = reverse("legal-holds")
    # Errors are said on their fields and what was typed is kept.
    page = client.post(holds, {"reference": dispute.reference, "reason": ""})
    assert "Say why the case is held" in page.text and dispute.reference in page.text
    page = client.post(holds, {"reference": "XXX-D-2000-0001", "reason": "A claim"})
    assert "There is no dispute or exercise XXX-D-2000-0001 in your compacts" in page.text
    assert (
        client.post(holds, {"reference": dispute.reference, "reason": "A claim"}).status_code == 302
    )
    hold = LegalHold.objects.get(dispute=dispute)
    lift = reverse("legal-hold-lift", args=[hold.pk])
    # Lifting asks first.
    assert "Yes, lift the hold" in client.get(lift).text
    assert client.post(lift, {"reason": ""}).status_code == 200
    assert client.post(lift, {"reason": "The claim was settled"}).status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lifted_by == officer
    assert client.get(lift).status_code == 404  # lifted once
    # Another compact's officer cannot lift or see it.
    client.force_login(_officer(CompactFactory()))
    assert dispute.reference not in client.get(holds).text
    # The schedule: the compact's own time for its disputes.
    client.force_login(officer)
    schedule = reverse("retention-schedule")
    page = client.post(
        schedule, {"compact": world.compact.slug, "kind": "closed_dispute", "months": "0"}
    )
    assert "Enter a number of months from 1 to 240" in page.text
    assert (
        client.post(
            schedule, {"compact": world.compact.slug, "kind": "closed_dispute", "months": "84"}
        ).status_code
        == 302
    )
    assert (
        RetentionRule.objects.get(compact=world.compact, kind=RecordKind.CLOSED_DISPUTE).months
        == 84
    )
    # A compact's officer cannot set the whole service's time.
    page = client.post(schedule, {"compact": "", "kind": "notification", "months": "3"})
    assert (
        page.status_code == 200 and not RetentionRule.objects.filter(kind="notification").exists()
    )
    assert client.get(reverse("disposals")).status_code == 200


def test_the_officer_reads_the_access_log_through_the_api():
    world = DisputeWorld()
    dispute = world.raise_dispute()
    Api(world.respondent).get(f"/disputes/{dispute.reference}")
    officer = _officer(world.compact)
    page = Api(officer).get("/data-protection/access-log", reference=dispute.reference).json()
    assert page["count"] == 1
    [look] = page["items"]
    assert (look["user"], look["reference"], look["kind"], look["via"]) == (
        world.respondent.username,
        dispute.reference,
        "dispute",
        "api",
    )
    assert Api(world.champion).get("/data-protection/access-log").status_code == 403
    assert Api(_officer(CompactFactory())).get("/data-protection/access-log").json()["count"] == 0


def test_a_mediation_papers_name_stays_out_of_the_log(client):
    world = DisputeWorld()
    dispute = world.dispute_at("mediator_accepted")
    paper = dispute_add_document(
        dispute=dispute,
        by=world.complainant,
        upload=SimpleUploadedFile("we-would-accept-5000.pdf", PDF, "application/pdf"),
    )
    assert paper.without_prejudice
    client.force_login(world.complainant)
    assert client.get(paper.get_absolute_url()).status_code == 200
    look = AccessEvent.objects.get(kind="dispute_document")
    assert look.what == "A mediation paper"
    client.force_login(world.champion)
    assert (
        "we-would-accept"
        not in client.get(reverse("dispute-who-looked", args=[dispute.reference])).text
    )


def test_a_step_page_that_shows_the_dispute_is_logged(client):
    from cases.disputes.selectors import stage_tasks

    world = DisputeWorld()
    dispute = world.raise_dispute()
    triage = stage_tasks(dispute).get()
    client.force_login(world.champion)
    assert client.get(reverse("task-detail", args=[triage.pk])).status_code == 200
    look = AccessEvent.objects.get(user=world.champion)
    assert (look.reference, look.kind) == (dispute.reference, "dispute")
    assert look.what.startswith("Step: ")
