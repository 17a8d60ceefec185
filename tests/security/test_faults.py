"""Faults: a failure half-way through a change leaves nothing half-done, and a failing
mail server or PDF renderer does not undo the change that caused the e-mail or letter."""

from unittest import mock

import pytest
from django.core import mail
from django_fsm_log.models import StateLog

from cases.disputes import services
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import DisputeStage
from cases.disputes.selectors import open_tasks, stage_tasks
from tests.factories import DisputeWorld


@pytest.mark.django_db
def test_a_failure_half_way_through_a_step_leaves_no_partial_state():
    world = DisputeWorld()
    dispute = world.raise_dispute()
    task = stage_tasks(dispute).get()
    # The stage has changed and the log is written when the timeline write fails.
    with (
        mock.patch(
            "cases.disputes.services.procedure._event", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        services.triage_complete(task=task, by=world.champion, accept=True, text="In scope")
    dispute.refresh_from_db()
    assert dispute.stage == DisputeStage.SUBMITTED
    assert not StateLog.objects.for_(dispute).exists()
    assert [t.flow_task for t in open_tasks(dispute)] == [DisputeFlow.triage]
    # And the step can still be done afterwards.
    services.triage_complete(task=task, by=world.champion, accept=True, text="In scope")
    dispute.refresh_from_db()
    assert dispute.stage == DisputeStage.INFORMAL


@pytest.mark.django_db
def test_a_failing_flow_step_undoes_the_decision_that_triggered_it():
    world = DisputeWorld()
    dispute = world.raise_dispute()
    task = stage_tasks(dispute).get()
    with (
        mock.patch.object(DisputeFlow, "champion", side_effect=RuntimeError("directory down")),
        pytest.raises(RuntimeError),
    ):
        # Accepting creates the Champion's informal step, which fails to find its holder.
        services.triage_complete(task=task, by=world.champion, accept=True)
    dispute.refresh_from_db()
    assert dispute.stage == DisputeStage.SUBMITTED
    assert not StateLog.objects.for_(dispute).exists()


@pytest.mark.django_db(transaction=True)
def test_a_broken_mail_server_does_not_undo_the_dispute():
    world = DisputeWorld()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError("smtp down"),
    ):
        dispute = world.raise_dispute()
    dispute.refresh_from_db()
    assert dispute.stage == DisputeStage.SUBMITTED
    assert open_tasks(dispute).count() == 1
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_pdf_renderer_does_not_undo_the_decision():
    from tests.cases.disputes.test_procedure import _task

    world = DisputeWorld()
    dispute = world.dispute_at("panel_formed")
    with mock.patch("cases.disputes.letters.render_pdf", side_effect=OSError("no fonts")):
        services.arbitration_complete(
            task=_task(dispute, DisputeFlow.arbitration),
            by=world.chair.user,
            outcome="upheld",
            decision="The panel finds the commitment was broken, for these reasons...",
        )
    dispute.refresh_from_db()
    assert dispute.stage == DisputeStage.CLOSED
    assert dispute.outcome == "upheld"
    assert not dispute.decision_letter  # made again when the job is retried
    from cases.disputes.letters import decision_letter_send

    decision_letter_send(dispute_id=dispute.pk)  # the retry
    dispute.refresh_from_db()
    assert dispute.decision_letter
