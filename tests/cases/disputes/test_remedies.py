"""Remedies: a decision (or a mediated agreement) sets actions, each owed by a party with a
due date in working days; each is a step in that party's inbox, reported done with
evidence; the complainant can say it was not done; the joint body confirms compliance or
reopens the dispute with the Champion. Their reminders and overdue notices go by their
own clocks."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.disputes import services
from cases.disputes.flow import DisputeFlow, RemedyFlow
from cases.disputes.models import DisputeProcess, Remedy, RemedyProcess
from cases.disputes.selectors import open_tasks
from tests.factories import DisputeWorld, UserFactory
from workflows.services import task_claim
from workflows.timers import fire_due

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = datetime.datetime(2027, 2, 1, 10, tzinfo=datetime.UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _remedy_task(remedy, node):
    return Task.objects.get(
        process__in=RemedyProcess.objects.filter(remedy=remedy),
        flow_task=node,
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    )


def _decided_with_remedies(world, client):
    dispute = world.dispute_at("panel_formed")
    task = open_tasks(dispute).get(flow_task=DisputeFlow.arbitration)
    client.force_login(world.chair.user)
    answers = {
        "outcome": "upheld",
        "text": "The panel finds the round was too short for small groups to bid.",
        "remedy_1_owed_by": str(world.council.pk),
        "remedy_1_action": "Reopen the grant round for six weeks.",
        "remedy_1_days": "20",
        "remedy_2_owed_by": str(world.council.pk),
        "remedy_2_action": "Publish the round through the CVS newsletter.",
        "remedy_2_days": "10",
    }
    asking = client.post(reverse("task-detail", args=[task.pk]), answers)
    assert "It sets 2 remedies" in asking.text
    done = client.post(reverse("task-detail", args=[task.pk]), {**answers, "confirmed": "yes"})
    assert done.status_code == 302
    dispute.refresh_from_db()
    return dispute


def test_a_decision_sets_remedies_followed_to_compliance_and_to_a_reopening(client):
    world = DisputeWorld()
    with time_machine.travel(MONDAY, tick=False):
        mail.outbox.clear()
        dispute = _decided_with_remedies(world, client)
    assert dispute.stage == "closed"
    reopen, publish = Remedy.objects.filter(dispute=dispute).order_by("working_days").reverse()
    assert (publish.due_on, reopen.due_on) == (
        datetime.date(2027, 2, 15),
        datetime.date(2027, 3, 1),
    )
    assert any("asks for 2 remedies" in m.body for m in mail.outbox)
    # Each is a step in the council's contact's inbox, with the remedy's own due date.
    step = _remedy_task(publish, RemedyFlow.carry_out)
    assert step.owner == world.respondent
    client.force_login(world.respondent)
    inbox = client.get(reverse("task-inbox")).text
    assert "Carry out the remedy" in inbox and "15 Feb 2027" in inbox

    # The council reports one done, with evidence; the complainant disputes it.
    response = client.post(
        reverse("task-detail", args=[step.pk]),
        {
            "note": "Published in the March newsletter.",
            "evidence": SimpleUploadedFile("newsletter.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    publish.refresh_from_db()
    assert publish.status == "done" and publish.evidence.original_name == "newsletter.pdf"
    client.force_login(world.complainant)
    refused = client.post(
        reverse("dispute-action", args=[dispute.reference]),
        {"action": "challenge_remedy", "remedy": publish.pk, f"challenge-{publish.pk}-text": ""},
    )
    assert refused.status_code == 400 and "Say what was not done" in refused.text
    client.post(
        reverse("dispute-action", args=[dispute.reference]),
        {
            "action": "challenge_remedy",
            "remedy": publish.pk,
            f"challenge-{publish.pk}-text": "It was never in the newsletter.",
        },
    )
    publish.refresh_from_db()
    assert publish.challenge == "It was never in the newsletter."

    # The joint body takes the check from its queue and, having read both, reopens.
    check = _remedy_task(publish, RemedyFlow.check)
    assert check.owner is None  # queued
    member = world.vcs_member.user
    row = reverse("task-detail", args=[check.pk])
    client.force_login(member)
    assert row in client.get(reverse("task-queue")).text
    client.force_login(world.statutory_member.user)  # the council's seat stands aside
    assert row not in client.get(reverse("task-queue")).text
    task_claim(task=check, by=member)
    client.force_login(member)
    page = client.get(reverse("task-detail", args=[check.pk])).text
    assert "It was never in the newsletter." in page and "Published in the March" in page
    answers = {"decision": "not_complied", "text": "Not in the March newsletter."}
    asking = client.post(reverse("task-detail", args=[check.pk]), answers)
    assert f"Reopen dispute {dispute.reference}?" in asking.text
    client.post(reverse("task-detail", args=[check.pk]), {**answers, "confirmed": "yes"})
    publish.refresh_from_db()
    dispute.refresh_from_db()
    assert publish.status == "not_complied"
    assert dispute.stage == "informal" and dispute.outcome == "" and dispute.due_on
    assert DisputeProcess.objects.filter(dispute=dispute).count() == 2
    informal = open_tasks(dispute).get(flow_task=DisputeFlow.informal)
    assert informal.owner == world.champion

    # The other remedy is carried out and confirmed.
    services.remedy_done_complete(
        task=_remedy_task(reopen, RemedyFlow.carry_out),
        by=world.respondent,
        note="Reopened on 8 February for six weeks.",
    )
    check = task_claim(task=_remedy_task(reopen, RemedyFlow.check), by=member)
    services.remedy_check_complete(task=check, by=member, complied=True)
    reopen.refresh_from_db()
    assert reopen.status == "complied"
    assert RemedyProcess.objects.get(remedy=reopen).status == STATUS.DONE


def test_remedies_are_reminded_and_reported_overdue_on_their_own_clocks(client):
    world = DisputeWorld()
    with time_machine.travel(MONDAY, tick=False) as clock:
        dispute = _decided_with_remedies(world, client)
        publish = Remedy.objects.get(dispute=dispute, working_days=10)
        mail.outbox.clear()
        clock.move_to(datetime.datetime(2027, 2, 10, 10, tzinfo=datetime.UTC))
        fire_due()
        assert [m.to for m in mail.outbox] == [[world.respondent.email]]
        assert mail.outbox[0].subject.startswith("Reminder: a remedy on dispute")
        clock.move_to(datetime.datetime(2027, 2, 16, 1, tzinfo=datetime.UTC))
        fire_due()
        overdue = mail.outbox[-1]
        assert overdue.subject.startswith("Overdue: a remedy on dispute")
        assert world.complainant.email in overdue.to
        assert {world.chair.user.email, world.cochair.user.email} & set(overdue.to)
        fire_due()
        assert len([m for m in mail.outbox if m.subject.startswith("Overdue")]) == 1
        publish.refresh_from_db()
        assert publish.escalated_at is not None and publish.is_overdue
        client.force_login(world.complainant)
        assert ">Overdue<" in client.get(dispute.get_absolute_url()).text


def test_who_may_do_what_with_a_remedy(client):
    world = DisputeWorld()
    dispute = _decided_with_remedies(world, client)
    remedy = Remedy.objects.filter(dispute=dispute).first()
    step = _remedy_task(remedy, RemedyFlow.carry_out)
    with pytest.raises(PermissionDenied):  # the complainant does not owe it
        services.remedy_done_complete(task=step, by=world.complainant, note="Done")
    with pytest.raises(PermissionDenied):
        services.remedy_challenge(remedy=remedy, by=world.respondent, text="Not done")
    with pytest.raises(PermissionDenied):
        services.remedy_challenge(remedy=remedy, by=UserFactory(), text="Not done")
    services.remedy_done_complete(task=step, by=world.respondent, note="Done")
    check = _remedy_task(remedy, RemedyFlow.check)
    with pytest.raises(PermissionDenied):  # the council's own seat stands aside
        task_claim(task=check, by=world.statutory_member.user)
    client.force_login(UserFactory())
    assert client.get(reverse("task-detail", args=[check.pk])).status_code == 404


def test_a_decision_that_does_not_uphold_sets_no_remedies(client):
    world = DisputeWorld()
    dispute = world.dispute_at("panel_formed")
    task = open_tasks(dispute).get(flow_task=DisputeFlow.arbitration)
    client.force_login(world.chair.user)
    response = client.post(
        reverse("task-detail", args=[task.pk]),
        {
            "outcome": "not_upheld",
            "text": "The panel finds the council gave enough time to bid.",
            "remedy_1_owed_by": str(world.council.pk),
            "remedy_1_action": "Apologise.",
            "remedy_1_days": "5",
            "remedy_2_action": "Half a remedy",
        },
    )
    assert response.status_code == 400
    assert "A decision that does not uphold the dispute sets no remedies" in response.text
    assert "Choose who must carry out remedy 2" in response.text
    assert "Enter how many working days remedy 2 allows" in response.text
    with pytest.raises(ValidationError):
        services.arbitration_complete(
            task=task,
            by=world.chair.user,
            outcome="not_upheld",
            decision="The panel finds the council gave enough time.",
            remedies=[{"owed_by": world.council.pk, "action": "Apologise", "days": 5}],
        )
    assert not Remedy.objects.exists()


def _reopened(world, client):
    """A decided dispute whose remedy the joint body found not carried out."""
    dispute = _decided_with_remedies(world, client)
    first, second = Remedy.objects.filter(dispute=dispute).order_by("pk")
    services.remedy_done_complete(
        task=_remedy_task(first, RemedyFlow.carry_out), by=world.respondent, note="Done"
    )
    check = task_claim(task=_remedy_task(first, RemedyFlow.check), by=world.vcs_member.user)
    services.remedy_check_complete(
        task=check, by=world.vcs_member.user, complied=False, note="It was not."
    )
    dispute.refresh_from_db()
    return dispute, first, second


def test_reopening_clears_what_ended_the_dispute_and_a_new_decision_sends_a_new_letter(client):
    world = DisputeWorld()
    dispute, first, second = _reopened(world, client)
    assert dispute.stage == "informal"
    assert (dispute.decision, dispute.decided_at, dispute.mediator, dispute.panel_chair) == (
        "",
        None,
        None,
        None,
    )
    assert not dispute.decision_letter and not dispute.panel.exists()
    # The first letter stays with the dispute's documents.
    assert dispute.documents.filter(original_name__contains="-decision").exists()
    # The other remedy found not done now: recorded, and the Champion told, not reopened.
    services.remedy_done_complete(
        task=_remedy_task(second, RemedyFlow.carry_out), by=world.respondent, note="Done"
    )
    check = task_claim(task=_remedy_task(second, RemedyFlow.check), by=world.vcs_member.user)
    mail.outbox.clear()
    services.remedy_check_complete(
        task=check, by=world.vcs_member.user, complied=False, note="Not this one either."
    )
    second.refresh_from_db()
    assert second.status == "not_complied"
    assert any(world.champion.email in m.to for m in mail.outbox)
    # Through mediation to a second panel and decision: a second letter goes.
    dispute = world.stages.to(
        dispute, "panel_formed", panel=([world.chair, world.vcs_member], world.chair)
    )
    mail.outbox.clear()
    services.arbitration_complete(
        task=open_tasks(dispute).get(flow_task=DisputeFlow.arbitration),
        by=world.chair.user,
        outcome="partly_upheld",
        decision="The panel finds the council has still not reopened the round.",
    )
    dispute.refresh_from_db()
    assert dispute.decision_letter
    assert any(m.subject == f"Decision on dispute {dispute.reference}" for m in mail.outbox)


def test_the_joint_body_finds_an_ignored_remedy_not_done_once_overdue(client):
    world = DisputeWorld()
    with time_machine.travel(MONDAY, tick=False) as clock:
        dispute = _decided_with_remedies(world, client)
        publish = Remedy.objects.get(dispute=dispute, working_days=10)
        member = world.vcs_member.user
        with pytest.raises(ValidationError, match="past its due date"):
            services.remedy_not_carried_out(remedy=publish, by=member, reason="Not done")
        clock.move_to(datetime.datetime(2027, 2, 17, 10, tzinfo=datetime.UTC))
        with pytest.raises(PermissionDenied):  # the council's own seat stands aside
            services.remedy_not_carried_out(
                remedy=publish, by=world.statutory_member.user, reason="x"
            )
        client.force_login(member)
        url = reverse("dispute-action", args=[dispute.reference])
        answers = {
            "action": "remedy_not_done",
            "remedy": publish.pk,
            f"notdone-{publish.pk}-text": "Nothing was published.",
        }
        asking = client.post(url, answers)
        assert "did not carry out the remedy?" in asking.text
        client.post(url, {**answers, "confirmed": "yes"})
    publish.refresh_from_db()
    dispute.refresh_from_db()
    assert publish.status == "not_complied" and dispute.stage == "informal"
    assert RemedyProcess.objects.get(remedy=publish).status == STATUS.CANCELED
    assert not Task.objects.filter(
        process__remedyprocess__remedy=publish, status__in=["NEW", "ASSIGNED", "SCHEDULED"]
    ).exists()


def test_only_the_holder_reports_a_remedy_done(client):
    world = DisputeWorld()
    dispute = _decided_with_remedies(world, client)
    remedy = Remedy.objects.filter(dispute=dispute).first()
    from django.core.exceptions import PermissionDenied as Refused

    with pytest.raises(Refused):  # the Champion does not hold the council's step
        services.remedy_done_complete(
            task=_remedy_task(remedy, RemedyFlow.carry_out), by=world.champion, note="Done"
        )
