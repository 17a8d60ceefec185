"""Regression tests from a security review: who must stand aside from a dispute, and what
someone who loses their role can still reach."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.disputes import rules, services
from cases.disputes.selectors import eligible_panel_members, stage_tasks
from cases.disputes.services import dispute_add_document
from cases.register.models import Membership
from cases.register.services import joint_body_membership_sync
from tests.factories import DisputeWorld, JointBodyMemberFactory
from workflows.services import task_claim

pytestmark = pytest.mark.django_db


def test_a_seat_for_a_party_organisation_cannot_take_the_queue_even_without_membership(client):
    world = DisputeWorld()
    seat = JointBodyMemberFactory(compact=world.compact, organisation=world.council)
    joint_body_membership_sync(seat.user)
    dispute = world.dispute_at("mediation")
    task = stage_tasks(dispute).get()
    client.force_login(seat.user)
    assert dispute.reference not in client.get(reverse("task-queue")).text
    assert client.post(reverse("task-claim", args=[task.pk])).status_code == 403
    task.refresh_from_db()
    assert task.owner is None
    assert seat not in eligible_panel_members(dispute)


def test_a_cochair_from_a_party_cannot_pause_the_clock_or_get_the_escalation(client):
    world = DisputeWorld()
    dispute = world.raise_dispute(respondent=world.trust)  # the co-chair's organisation
    client.force_login(world.cochair.user)
    response = client.post(
        reverse("dispute-action", args=[dispute.reference]),
        {"action": "pause", "pause-text": "Stalling"},
    )
    assert response.status_code == 403
    dispute.refresh_from_db()
    assert not dispute.is_paused
    assert not rules.can_manage_clock(world.cochair.user, dispute)
    assert rules.can_manage_clock(world.chair.user, dispute)


def test_someone_who_leaves_the_respondent_loses_the_step_and_cannot_answer(client):
    world = DisputeWorld()
    dispute = world.dispute_at("mediation")
    task = stage_tasks(dispute).get()
    task_claim(task=task, by=world.vcs_member.user)
    services.appoint_mediator_complete(task=task, by=world.vcs_member.user, mediator=world.mediator)
    services.confirm_mediator_complete(
        task=stage_tasks(dispute).get(), by=world.complainant, accepts=True
    )
    task = stage_tasks(dispute).get()
    assert task.owner == world.respondent
    Membership.objects.filter(user=world.respondent).delete()  # leaves the council
    client.force_login(world.respondent)
    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404
    assert (
        client.post(reverse("task-detail", args=[task.pk]), {"decision": "accept"}).status_code
        == 404
    )
    assert dispute.reference not in client.get(reverse("task-inbox")).text
    dispute.refresh_from_db()
    assert dispute.respondent_accepts_mediator is None


def test_the_mediator_cannot_add_papers_once_mediation_is_over(client):
    from django.core.exceptions import PermissionDenied

    world = DisputeWorld()
    dispute = world.dispute_at("mediation")
    task = stage_tasks(dispute).get()
    task_claim(task=task, by=world.vcs_member.user)
    services.appoint_mediator_complete(task=task, by=world.vcs_member.user, mediator=world.mediator)
    for user in (world.complainant, world.respondent):
        services.confirm_mediator_complete(task=stage_tasks(dispute).get(), by=user, accepts=True)
    champion_paper = dispute_add_document(
        dispute=dispute,
        by=world.champion,
        upload=SimpleUploadedFile("timetable.txt", b"Meetings on Tuesdays."),
    )
    assert not champion_paper.without_prejudice  # the Champion can still read their own paper
    services.mediation_complete(
        task=stage_tasks(dispute).get(), by=world.mediator.user, agreed=False, summary="No"
    )
    dispute.refresh_from_db()
    with pytest.raises(PermissionDenied):
        dispute_add_document(
            dispute=dispute,
            by=world.mediator.user,
            upload=SimpleUploadedFile("notes.txt", b"My notes."),
        )


def test_text_files_must_be_text_all_the_way_through():
    from django.core.exceptions import ValidationError

    from cases.common.uploads import check_upload

    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("a.txt", b"hello" + b"\xff\xfe" * 10))
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("a.txt", b"a" * 9000 + b"\x00"))
    assert check_upload(SimpleUploadedFile("a.txt", "caf\u00e9".encode())) == "text/plain"


def test_hostile_input_is_a_clear_error_not_a_server_error(client):
    world = DisputeWorld()
    client.force_login(world.complainant)
    assert client.get("/disputes/?compact=%00&stage=%00").status_code == 200
    assert client.get("/disputes/AB%00/").status_code == 404
    assert client.get("/disputes/new/?compact=%00", follow=True).status_code == 200
    client.get(reverse("dispute-new"), follow=True)

    def step(name, data):
        payload = {"raise_dispute_wizard-current_step": name}
        payload.update({f"{name}-{k}": v for k, v in data.items()})
        return client.post(reverse("dispute-new-step", args=[name]), payload)

    step("compact", {"compact": world.compact.pk})
    step("organisation", {"complainant": world.complainant_org.pk})
    step("respondent", {"respondent": world.council.pk})
    step("commitments", {"commitments": [world.commitment.pk]})
    response = step(
        "what-happened",
        {
            "what_happened": "x",
            "happened_on_0": "1",
            "happened_on_1": "1",
            "happened_on_2": "99999999999999999999",
        },
    )
    assert response.status_code == 200
    assert "must be a real date" in response.text


def test_error_summary_links_reach_the_first_radio(client):
    world = DisputeWorld()
    client.force_login(world.complainant)
    client.get(reverse("dispute-new"), follow=True)
    response = client.post(
        reverse("dispute-new-step", args=["compact"]),
        {"raise_dispute_wizard-current_step": "compact"},
    )
    assert 'href="#id_compact-compact_1"' in response.text
    assert 'id="id_compact-compact_1"' in response.text
