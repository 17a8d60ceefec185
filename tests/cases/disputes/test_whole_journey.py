"""A dispute walked from the form to the end through every voice the issue asks for: the
respondent's answer, messages, mediation without prejudice, arbitration with the papers,
and remedies to confirmed compliance and to a reopening. Through the services the pages
and the API call, with the e-mails they send."""

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from cases.disputes import services
from cases.disputes.flow import DisputeFlow, RemedyFlow
from cases.disputes.models import DisputeAnswer, Remedy
from cases.disputes.selectors import dispute_messages, open_tasks
from tests.factories import DisputeWorld
from workflows.services import task_claim

pytestmark = pytest.mark.django_db(transaction=True)


def _step(dispute, node):
    return open_tasks(dispute).get(flow_task=node)


def test_a_dispute_from_the_form_to_compliance_and_to_a_reopening():
    from viewflow.workflow.models import Task

    world = DisputeWorld()
    dispute = world.raise_dispute(subject="Two weeks to bid for the lunch club grant")
    services.triage_complete(
        task=_step(dispute, DisputeFlow.triage), by=world.champion, accept=True, text="In scope"
    )
    # The respondent answers and the parties talk with the Champion.
    services.answer_complete(
        task=_step(dispute, DisputeFlow.answer),
        by=world.respondent,
        account="The money had to be spent this year.",
        accepted=[],
        disputed=[world.commitment],
        offer="A spring round.",
    )
    services.dispute_post_message(dispute=dispute, by=world.complainant, body="Spring is late.")
    services.dispute_post_message(dispute=dispute, by=world.champion, body="Let us meet.")
    services.informal_complete(
        task=_step(dispute, DisputeFlow.informal),
        by=world.champion,
        resolved=False,
        text="No agreement on timing.",
    )
    # Mediation, without prejudice.
    appoint = task_claim(
        task=_step(dispute, DisputeFlow.appoint_mediator), by=world.vcs_member.user
    )
    services.appoint_mediator_complete(
        task=appoint, by=world.vcs_member.user, mediator=world.mediator
    )
    for node, user in (
        (DisputeFlow.complainant_confirms_mediator, world.complainant),
        (DisputeFlow.respondent_confirms_mediator, world.respondent),
    ):
        services.confirm_mediator_complete(task=_step(dispute, node), by=user, accepts=True)
    dispute.refresh_from_db()
    services.dispute_post_message(dispute=dispute, by=world.respondent, body="Four weeks, then.")
    assert [m.body for m in dispute_messages(dispute=dispute, user=world.champion)] == [
        "Spring is late.",
        "Let us meet.",
    ]
    services.mediation_complete(
        task=_step(dispute, DisputeFlow.mediation),
        by=world.mediator.user,
        agreed=False,
        summary="No agreement.",
    )
    # Arbitration, with the papers the panel reads.
    dispute.refresh_from_db()
    with dispute.bundle.open("rb") as papers:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(papers.read())).pages)
    assert "The money had to be spent this year." in text and "Spring is late." in text
    assert "Four weeks, then." not in text
    panel = task_claim(task=_step(dispute, DisputeFlow.form_panel), by=world.chair.user)
    services.form_panel_complete(
        task=panel, by=world.chair.user, members=[world.chair, world.vcs_member], chair=world.chair
    )
    mail.outbox.clear()
    services.arbitration_complete(
        task=_step(dispute, DisputeFlow.arbitration),
        by=world.chair.user,
        outcome="upheld",
        decision="The panel finds the round too short for small groups to bid.",
        remedies=[
            {"owed_by": world.council.pk, "action": "Reopen the round.", "days": 20},
            {"owed_by": world.council.pk, "action": "Apologise in writing.", "days": 5},
        ],
    )
    dispute.refresh_from_db()
    assert dispute.stage == "closed" and dispute.decision_letter
    assert DisputeAnswer.objects.get(dispute=dispute).is_given
    reopen_round, apologise = Remedy.objects.filter(dispute=dispute).order_by("-working_days")

    def remedy_step(remedy, node):
        return Task.objects.get(
            process__remedyprocess__remedy=remedy, flow_task=node, status__in=["NEW", "ASSIGNED"]
        )

    # One carried out and confirmed.
    services.remedy_done_complete(
        task=remedy_step(apologise, RemedyFlow.carry_out), by=world.respondent, note="Sent."
    )
    check = task_claim(task=remedy_step(apologise, RemedyFlow.check), by=world.vcs_member.user)
    services.remedy_check_complete(task=check, by=world.vcs_member.user, complied=True)
    # The other reported done, disputed by the complainant, and found not carried out.
    services.remedy_done_complete(
        task=remedy_step(reopen_round, RemedyFlow.carry_out), by=world.respondent, note="Done."
    )
    services.remedy_challenge(
        remedy=reopen_round, by=world.complainant, text="The round is still closed."
    )
    check = task_claim(task=remedy_step(reopen_round, RemedyFlow.check), by=world.cochair.user)
    services.remedy_check_complete(
        task=check, by=world.cochair.user, complied=False, note="The round is still closed."
    )
    apologise.refresh_from_db()
    reopen_round.refresh_from_db()
    dispute.refresh_from_db()
    assert (apologise.status, reopen_round.status) == ("complied", "not_complied")
    assert dispute.stage == "informal"
    assert _step(dispute, DisputeFlow.informal).owner == world.champion
    assert any("Reopened: a remedy" in t for t in dispute.events.values_list("title", flat=True))
