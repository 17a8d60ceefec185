"""Raising a dispute through the question pages, and who sees what on a dispute's page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.disputes import services
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import Dispute, DisputeDocument
from cases.disputes.selectors import open_tasks, stage_tasks
from tests.factories import DisputeWorld, MembershipFactory, UserFactory
from workflows.services import task_claim

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    return DisputeWorld(prefix="SWA")


def _step(client, step, data, files=None):
    payload = {"raise_dispute_wizard-current_step": step}
    payload.update({f"{step}-{k}": v for k, v in data.items()})
    if files:
        payload.update({f"{step}-{k}": v for k, v in files.items()})
    return client.post(reverse("dispute-new-step", args=[step]), payload)


def _answer_all(client, world, evidence=None):
    client.get(reverse("dispute-new"), follow=True)
    assert _step(client, "compact", {"compact": world.compact.pk}).status_code == 302
    assert (
        _step(client, "organisation", {"complainant": world.complainant_org.pk}).status_code == 302
    )
    assert _step(client, "respondent", {"respondent": world.council.pk}).status_code == 302
    assert _step(client, "commitments", {"commitments": [world.commitment.pk]}).status_code == 302
    response = _step(
        client,
        "what-happened",
        {
            "subject": "Two weeks to bid",
            "what_happened": "Two weeks to bid.",
            "happened_on_0": "1",
            "happened_on_1": "10",
            "happened_on_2": "2026",
        },
    )
    assert response.status_code == 302
    assert _step(client, "already-tried", {"already_tried": "We wrote."}).status_code == 302
    assert _step(client, "outcome", {"outcome_sought": "Reopen it."}).status_code == 302
    response = _step(client, "evidence", {}, files={"evidence_1": evidence} if evidence else None)
    return response


def test_a_member_raises_a_dispute_one_question_a_page(client, world):
    client.force_login(world.complainant)
    evidence = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    response = _answer_all(client, world, evidence)
    assert response.status_code == 302
    check = client.get(response["Location"])
    assert "Check your answers before sending the dispute" in check.text
    assert "Two weeks to bid." in check.text
    assert "letter.pdf" in check.text
    assert not Dispute.objects.exists()

    sent = client.post(
        reverse("dispute-new-step", args=["check"]),
        {"raise_dispute_wizard-current_step": "check"},
    )
    assert sent.status_code == 302, sent.text.split("govuk-error-summary")[-1][:800]
    assert "raised" in sent["Location"], sent["Location"]
    dispute = Dispute.objects.get()
    assert sent["Location"] == reverse("dispute-raised", args=[dispute.reference])
    confirmation = client.get(sent["Location"])
    assert dispute.reference in confirmation.text
    assert dispute.reference.startswith("SWA-D-")
    assert dispute.documents.get().original_name == "letter.pdf"
    # A second press of the final button makes no second dispute.
    again = client.post(
        reverse("dispute-new-step", args=["check"]),
        {"raise_dispute_wizard-current_step": "check"},
    )
    assert again["Location"] == sent["Location"]
    assert Dispute.objects.count() == 1


def test_question_pages_show_errors_in_plain_english(client, world):
    client.force_login(world.complainant)
    client.get(reverse("dispute-new"), follow=True)
    response = _step(client, "compact", {})
    assert response.status_code == 200
    assert "Select the compact the dispute is under" in response.text
    assert "<title>Error:" in response.text
    _step(client, "compact", {"compact": world.compact.pk})
    _step(client, "organisation", {"complainant": world.complainant_org.pk})
    _step(client, "respondent", {"respondent": world.council.pk})
    _step(client, "commitments", {"commitments": [world.commitment.pk]})
    response = _step(
        client,
        "what-happened",
        {
            "what_happened": "x",
            "happened_on_0": "31",
            "happened_on_1": "2",
            "happened_on_2": "2026",
        },
    )
    assert "The date it happened must be a real date" in response.text
    response = _step(
        client,
        "what-happened",
        {"what_happened": "x", "happened_on_0": "1", "happened_on_1": "1", "happened_on_2": "2099"},
    )
    assert "must be today or in the past" in response.text


def test_the_respondent_list_holds_only_other_signatories(client, world):
    client.force_login(world.complainant)
    client.get(reverse("dispute-new"), follow=True)
    _step(client, "compact", {"compact": world.compact.pk})
    _step(client, "organisation", {"complainant": world.complainant_org.pk})
    page = client.get(reverse("dispute-new-step", args=["respondent"]))
    assert world.council.name in page.text
    assert world.complainant_org.name not in page.text.split("<select")[1]


def test_evidence_is_checked_by_content_not_name(client, world):
    client.force_login(world.complainant)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = _answer_all(client, world, fake)
    assert response.status_code == 200
    assert "must be a PDF, Word" in response.text


def test_someone_with_no_signatory_organisation_is_told_why_they_cannot_raise(client):
    client.force_login(UserFactory())
    response = client.get(reverse("dispute-new"), follow=True)
    assert "You cannot raise a dispute yet" in response.text


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("dispute-new"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_who_can_see_a_dispute(client, world):
    dispute = world.raise_dispute()
    url = dispute.get_absolute_url()
    allowed = [world.complainant, world.respondent, world.champion, world.chair.user]
    refused = [UserFactory(), MembershipFactory().user, world.mediator.user]
    for user in allowed:
        client.force_login(user)
        assert client.get(url).status_code == 200, user
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404, user  # not 403: existence not given away
    client.logout()
    assert client.get(url).status_code == 302


def test_the_dispute_list_shows_only_visible_disputes(client, world):
    world.raise_dispute()
    other = DisputeWorld().raise_dispute()
    client.force_login(world.champion)
    response = client.get(reverse("dispute-list"))
    assert response.context["page"].paginator.count == 1
    assert other.reference not in response.text


def test_the_dispute_list_reads_each_way_of_seeing_a_dispute(client, world):
    """Party, Champion, joint body and mediator each see their disputes, newest first,
    paged, with their compacts (and only theirs) to filter by."""
    from cases.disputes.models import Dispute

    mine = [world.raise_dispute() for _ in range(3)]
    elsewhere = DisputeWorld()
    theirs = elsewhere.raise_dispute()
    Dispute.objects.filter(pk=mine[1].pk).update(mediator=world.mediator)
    for user in (
        world.champion,
        world.complainant,
        world.respondent,
        world.vcs_member.user,
        world.mediator.user,
    ):
        client.force_login(user)
        page = client.get(reverse("dispute-list")).context
        expected = [mine[1]] if user == world.mediator.user else list(reversed(mine))
        assert [d.reference for d in page["page"].object_list] == [d.reference for d in expected], (
            user
        )
        assert [c.slug for c in page["compacts"]] == [world.compact.slug], user
    client.force_login(elsewhere.champion)
    page = client.get(reverse("dispute-list")).context
    assert [d.reference for d in page["page"].object_list] == [theirs.reference]


def test_the_list_filter_is_kept_but_follows_memberships_and_disputes_at_once(client, world):
    """The compacts to filter by are kept, and shown afresh as soon as the user joins an
    organisation, or a dispute elsewhere names their organisation."""
    world.raise_dispute()
    elsewhere, third = DisputeWorld(), DisputeWorld()
    client.force_login(world.respondent)

    def offered():
        return {c.slug for c in client.get(reverse("dispute-list")).context["compacts"]}

    assert offered() == {world.compact.slug}
    MembershipFactory(user=world.respondent, organisation=elsewhere.complainant_org)
    assert offered() == {world.compact.slug, elsewhere.compact.slug}
    answered = third.raise_dispute()
    assert offered() == {world.compact.slug, elsewhere.compact.slug}
    answered.respondent = world.council  # a dispute in a compact they have no part in
    answered.save(update_fields=["respondent"])
    assert offered() == {world.compact.slug, elsewhere.compact.slug, third.compact.slug}


def test_mediation_papers_are_hidden_from_the_joint_body(client, world):
    dispute = world.raise_dispute()
    services.triage_complete(task=stage_tasks(dispute).get(), by=world.champion, accept=True)
    services.informal_complete(
        task=stage_tasks(dispute).get(), by=world.champion, resolved=False, text="No"
    )
    task = stage_tasks(dispute).get()
    task_claim(task=task, by=world.vcs_member.user)
    services.appoint_mediator_complete(task=task, by=world.vcs_member.user, mediator=world.mediator)
    for node, user in (
        (DisputeFlow.complainant_confirms_mediator, world.complainant),
        (DisputeFlow.respondent_confirms_mediator, world.respondent),
    ):
        services.confirm_mediator_complete(
            task=open_tasks(dispute).get(flow_task=node), by=user, accepts=True
        )
    dispute.refresh_from_db()
    paper = services.dispute_add_document(
        dispute=dispute,
        by=world.complainant,
        upload=SimpleUploadedFile("offer.txt", b"Our offer: three weeks.", "text/plain"),
    )
    assert paper.without_prejudice
    for user, status in (
        (world.complainant, 200),
        (world.respondent, 200),
        (world.mediator.user, 200),
        (world.chair.user, 404),
        (world.champion, 404),
    ):
        client.force_login(user)
        assert client.get(paper.get_absolute_url()).status_code == status, user
        page = client.get(dispute.get_absolute_url())
        assert ("offer.txt" in page.text) is (status == 200)


def test_documents_are_served_as_downloads_with_safe_headers(client, world):
    dispute = world.raise_dispute()
    client.force_login(world.complainant)
    client.post(
        reverse("dispute-action", args=[dispute.reference]),
        {
            "action": "document",
            "document-file": SimpleUploadedFile("../../etc/notes.txt", b"hello"),
        },
    )
    document = DisputeDocument.objects.get()
    assert document.original_name == "notes.txt"
    assert "etc" not in document.file.name and ".." not in document.file.name
    response = client.get(document.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"hello"


def test_a_bad_upload_on_the_dispute_page_is_refused_with_a_message(client, world):
    dispute = world.raise_dispute()
    client.force_login(world.complainant)
    response = client.post(
        reverse("dispute-action", args=[dispute.reference]),
        {"action": "document", "document-file": SimpleUploadedFile("run.exe", b"MZ\x90\x00\x03")},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert not DisputeDocument.objects.exists()


def test_the_complainant_withdraws_from_the_page(client, world):
    dispute = world.raise_dispute()
    client.force_login(world.respondent)
    refused = client.post(
        reverse("dispute-action", args=[dispute.reference]), {"action": "withdraw"}
    )
    assert refused.status_code == 403
    client.force_login(world.complainant)
    url = reverse("dispute-action", args=[dispute.reference])
    answers = {"action": "withdraw", "withdraw-text": "We settled it."}
    asking = client.post(url, answers)  # it asks first, and changes nothing yet
    assert f"Are you sure you want to withdraw dispute {dispute.reference}?" in asking.text
    assert 'name="withdraw-text" value="We settled it."' in asking.text
    back = client.post(url, {**answers, "confirmed": "back"})
    assert "We settled it.</textarea>" in back.text
    dispute.refresh_from_db()
    assert dispute.stage == "submitted"
    client.post(url, {**answers, "confirmed": "yes"})
    dispute.refresh_from_db()
    assert dispute.stage == "withdrawn"
    assert dispute.events.filter(body="We settled it.").exists()


def test_the_champion_notes_a_meeting_and_pauses_the_clock_from_the_page(client, world):
    dispute = world.raise_dispute()
    client.force_login(world.champion)
    client.post(
        reverse("dispute-action", args=[dispute.reference]),
        {"action": "note", "note-kind": "meeting", "note-text": "Spoke to both."},
    )
    client.post(
        reverse("dispute-action", args=[dispute.reference]),
        {"action": "pause", "pause-text": "Council staff on leave"},
    )
    client.force_login(world.respondent)
    page = client.get(dispute.get_absolute_url())
    assert "Spoke to both." in page.text
    assert "Council staff on leave" in page.text
    assert "Clock paused" in page.text


def test_the_dispute_page_runs_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    dispute = world.raise_dispute()
    for n in range(10):
        services.dispute_add_note(dispute=dispute, by=world.champion, kind="note", text=f"Note {n}")
    client.force_login(world.champion)
    with django_assert_max_num_queries(45):
        client.get(dispute.get_absolute_url())
