"""Drafts that last: a dispute begun is kept in the database for its author, resumable
after signing out, saved on purpose, deleted after asking, and deleted 30 days after it
was last saved with a reminder a week before; "Change" comes back to the check page."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.disputes.models import Dispute, DisputeDraft
from cases.disputes.services import expire_drafts, remove_abandoned_uploads, wizard_file_storage
from tests.factories import DisputeWorld, UserFactory

# Transactions as on the site (no test-wide transaction): drafts are locked as they go.
pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _post(client, step, data, files=None, **extra):
    payload = {"raise_dispute_wizard-current_step": step, **extra}
    payload.update({f"{step}-{k}": v for k, v in data.items()})
    payload.update({f"{step}-{k}": v for k, v in (files or {}).items()})
    return client.post(reverse("dispute-new-step", args=[step]), payload)


def _first_pages(client, world):
    client.get(reverse("dispute-new") + "?reset=1", follow=True)
    assert _post(client, "compact", {"compact": world.compact.pk}).status_code == 302
    assert (
        _post(client, "organisation", {"complainant": world.complainant_org.pk}).status_code == 302
    )
    assert _post(client, "respondent", {"respondent": world.council.pk}).status_code == 302
    assert _post(client, "commitments", {"commitments": [world.commitment.pk]}).status_code == 302
    what = {
        "subject": "Two weeks to bid",
        "what_happened": "Two weeks to bid.",
        "happened_on_0": "1",
        "happened_on_1": "10",
        "happened_on_2": "2026",
    }
    assert _post(client, "what-happened", what).status_code == 302


def _rest(client):
    assert _post(client, "already-tried", {"already_tried": "We wrote."}).status_code == 302
    assert _post(client, "outcome", {"outcome_sought": "Reopen it."}).status_code == 302


def test_a_draft_survives_signing_out_and_is_sent_from_where_it_stopped():
    world = DisputeWorld()
    first = Client()
    first.force_login(world.complainant)
    _first_pages(first, world)
    _rest(first)
    evidence = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    assert _post(first, "evidence", {}, files={"evidence_1": evidence}).status_code == 302
    (draft,) = DisputeDraft.objects.filter(author=world.complainant)
    assert draft.title == "Two weeks to bid"
    first.logout()

    later = Client()  # another session: signed in again, another day
    later.force_login(world.complainant)
    listing = later.get(reverse("dispute-list")).content.decode()
    assert "Your drafts" in listing and "Two weeks to bid" in listing
    response = later.get(reverse("dispute-new") + f"?draft={draft.pk}")
    assert response.status_code == 302
    assert response["Location"] == reverse("dispute-new-step", args=["check"])
    check = later.get(response["Location"]).content.decode()
    assert "Two weeks to bid." in check and "letter.pdf" in check
    sent = _post(later, "check", {"confirm": "True"})
    assert sent.status_code == 302
    dispute = Dispute.objects.get(subject="Two weeks to bid")
    assert [d.original_name for d in dispute.documents.all()] == ["letter.pdf"]
    assert not DisputeDraft.objects.exists()
    assert "Your drafts" not in later.get(reverse("dispute-list")).content.decode()


def test_save_and_come_back_later_keeps_the_page_and_says_until_when(client):
    world = DisputeWorld()
    client.force_login(world.complainant)
    client.get(reverse("dispute-new") + "?reset=1", follow=True)
    response = _post(client, "compact", {"compact": world.compact.pk}, save_for_later="1")
    assert response.status_code == 302 and response["Location"] == reverse("dispute-list")
    page = client.get(reverse("dispute-list")).content.decode()
    draft = DisputeDraft.objects.get()
    assert f"You can come back to it until {draft.deleted_on:%-d %B %Y}" in page
    assert f"A dispute under {world.compact.name}" in page
    # Continuing it starts at the first page not yet answered.
    fresh = Client()
    fresh.force_login(world.complainant)
    response = fresh.get(reverse("dispute-new") + f"?draft={draft.pk}")
    assert response["Location"] == reverse("dispute-new-step", args=["organisation"])


def test_nobody_else_sees_continues_or_deletes_a_draft(client):
    world = DisputeWorld()
    client.force_login(world.complainant)
    _first_pages(client, world)
    draft = DisputeDraft.objects.get()
    other = Client()
    other.force_login(world.respondent)  # a member who could raise disputes of their own
    assert other.get(reverse("dispute-new") + f"?draft={draft.pk}").status_code == 404
    assert other.get(reverse("dispute-draft-delete", args=[draft.pk])).status_code == 404
    assert other.post(reverse("dispute-draft-delete", args=[draft.pk])).status_code == 404
    assert "Two weeks to bid" not in other.get(reverse("dispute-list")).content.decode()
    assert DisputeDraft.objects.filter(pk=draft.pk).exists()


def test_deleting_a_draft_asks_first_and_takes_its_evidence(client):
    world = DisputeWorld()
    client.force_login(world.complainant)
    _first_pages(client, world)
    _rest(client)
    evidence = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    _post(client, "evidence", {}, files={"evidence_1": evidence})
    draft = DisputeDraft.objects.get()
    (stored,) = [f["tmp_name"] for f in draft.data["step_files"]["evidence"].values()]
    assert wizard_file_storage().exists(stored)
    page = client.get(reverse("dispute-draft-delete", args=[draft.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Are you sure you want to delete this draft?" in html
    assert "You cannot undo this." in html
    assert DisputeDraft.objects.exists()  # asking deletes nothing
    with django_capture_on_commit():
        response = client.post(reverse("dispute-draft-delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not DisputeDraft.objects.exists()
    assert not wizard_file_storage().exists(stored)


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_change_comes_back_to_check_your_answers(client):
    world = DisputeWorld()
    client.force_login(world.complainant)
    _first_pages(client, world)
    _rest(client)
    _post(client, "evidence", {})
    check = client.get(reverse("dispute-new-step", args=["check"])).content.decode()
    # Follow the check page's own "Change" link.
    change = re.search(r'href="([^"]*already-tried[^"]*)"', check).group(1)
    assert change == reverse("dispute-new-step", args=["already-tried"]) + "?change=1"
    page = client.get(change)
    assert f'href="{reverse("dispute-new-step", args=["check"])}" class="govuk-back-link"' in (
        page.content.decode()
    )
    response = _post(client, "already-tried", {"already_tried": "We wrote twice."})
    assert response["Location"] == reverse("dispute-new-step", args=["check"])
    assert "We wrote twice." in client.get(response["Location"]).content.decode()
    # A change that makes later answers no longer fit walks on through them.
    other = world.compact.__class__.objects.create(
        slug="other", prefix="OTH", name="Other compact", area="Elsewhere", nation="england_wales"
    )
    other.signatories.create(
        organisation=world.complainant_org, signed_on=datetime.date(2026, 1, 5)
    )
    client.get(reverse("dispute-new-step", args=["compact"]) + "?change=1")
    response = _post(client, "compact", {"compact": other.pk})
    assert response["Location"] == reverse("dispute-new-step", args=["organisation"])


def test_drafts_are_reminded_a_week_before_and_deleted_after_thirty_days(client):
    world = DisputeWorld()
    start = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(world.complainant)
        _first_pages(client, world)
        _rest(client)
        _post(
            client,
            "evidence",
            {},
            files={"evidence_1": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
        )
        draft = DisputeDraft.objects.get()
        (stored,) = [f["tmp_name"] for f in draft.data["step_files"]["evidence"].values()]
        mail.outbox.clear()
        clock.move_to(start + datetime.timedelta(days=22))
        assert expire_drafts() == ""
        clock.move_to(start + datetime.timedelta(days=23, hours=1))
        with django_capture_on_commit():
            assert expire_drafts() == "dispute drafts: 1 reminded, 0 deleted"
            assert expire_drafts() == ""  # once
        (reminder,) = mail.outbox
        assert reminder.to == [world.complainant.email]
        assert "31 March 2027" in reminder.subject
        assert f"?draft={draft.pk}" in reminder.body
        # Its evidence outlives a session: the abandoned-upload sweep leaves it.
        remove_abandoned_uploads(older_than=datetime.timedelta(seconds=0))
        assert wizard_file_storage().exists(stored)
        clock.move_to(start + datetime.timedelta(days=30, hours=1))
        with django_capture_on_commit():
            assert expire_drafts() == "dispute drafts: 0 reminded, 1 deleted"
    assert not DisputeDraft.objects.exists()
    assert not wizard_file_storage().exists(stored)


def test_a_user_who_cannot_raise_has_no_drafts_page():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert "Your drafts" not in client.get(reverse("dispute-list")).content.decode()


def test_a_deleted_draft_leaves_the_form_in_another_session_working():
    """Sent or deleted in one session, the draft's evidence is gone: the other session's
    form goes on without it rather than failing."""
    world = DisputeWorld()
    first, second = Client(), Client()
    for client in (first, second):
        client.force_login(world.complainant)
    _first_pages(first, world)
    _rest(first)
    evidence = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    _post(first, "evidence", {}, files={"evidence_1": evidence})
    draft = DisputeDraft.objects.get()
    second.get(reverse("dispute-new") + f"?draft={draft.pk}")
    assert first.post(reverse("dispute-draft-delete", args=[draft.pk])).status_code == 302
    # The deleting session starts afresh; the other still has the answers, not the file.
    assert "letter.pdf" not in first.get(reverse("dispute-new"), follow=True).content.decode()
    check = second.get(reverse("dispute-new-step", args=["check"]))
    assert check.status_code == 200
    assert "Two weeks to bid." in check.content.decode()
    assert "letter.pdf" not in check.content.decode()
    assert _post(second, "check", {"confirm": "True"}).status_code == 302
    assert Dispute.objects.get().documents.count() == 0


def test_a_draft_keeps_only_the_form_s_own_answers_and_odd_ids_are_not_found(client):
    world = DisputeWorld()
    client.force_login(world.complainant)
    client.get(reverse("dispute-new") + "?reset=1", follow=True)
    junk = {f"junk{n}": "x" * 100 for n in range(50)}
    _post(client, "compact", {"compact": world.compact.pk}, **junk)
    draft = DisputeDraft.objects.get()
    assert list(draft.data["step_data"]["compact"]) == ["compact-compact"]
    for odd in ("\u00b2", "99999999999999999999", "-1", "x"):
        assert client.get(reverse("dispute-new") + f"?draft={odd}").status_code == 404
