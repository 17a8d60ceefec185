"""The dispute procedure end to end through the services: every path, with the stage,
the open steps and who holds them, the audit log and the e-mails at each step."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm_log.models import StateLog
from viewflow.workflow import STATUS

from cases.disputes import services
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import Dispute, DisputeOutcome, DisputeProcess, DisputeStage
from cases.disputes.selectors import open_tasks
from tests.factories import DisputeWorld, UserFactory
from workflows.services import task_claim, task_release

# Real transactions, so e-mail and letter jobs run as each change commits, as they do live.
pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world():
    return DisputeWorld(prefix="RIV")


def _open(dispute):
    return [(t.flow_task.name, t.owner) for t in open_tasks(dispute)]


def _task(dispute, node):
    return open_tasks(dispute).get(flow_task=node)


def _log(dispute):
    return [
        (entry.source_state, entry.state, entry.by)
        for entry in StateLog.objects.for_(dispute).order_by("timestamp", "pk")
    ]


@time_machine.travel(MONDAY, tick=False)
def test_a_new_dispute_waits_in_the_champions_inbox_with_a_due_date(world):
    dispute = world.raise_dispute()
    assert dispute.reference == "RIV-D-2026-0001"
    assert dispute.stage == DisputeStage.SUBMITTED
    assert _open(dispute) == [("triage", world.champion)]
    # Five working days from Monday 23 November 2026.
    assert dispute.due_on == datetime.date(2026, 11, 30)
    recipients = {address for message in mail.outbox for address in message.to}
    assert world.complainant.email in recipients
    assert world.respondent.email in recipients
    assert world.champion.email in recipients


def test_closed_at_triage_as_outside_the_compact(world):
    dispute = world.raise_dispute()
    with pytest.raises(ValidationError):
        services.triage_complete(
            task=_task(dispute, DisputeFlow.triage), by=world.champion, accept=False, text=""
        )
    assert _open(dispute) == [("triage", world.champion)]  # nothing half-done
    mail.outbox.clear()
    services.triage_complete(
        task=_task(dispute, DisputeFlow.triage),
        by=world.champion,
        accept=False,
        text="This is about a planning decision, not the Compact.",
    )
    dispute.refresh_from_db()
    assert (dispute.stage, dispute.outcome) == (
        DisputeStage.CLOSED,
        DisputeOutcome.OUTSIDE_COMPACT,
    )
    assert _open(dispute) == []
    assert DisputeProcess.objects.get(dispute=dispute).status == STATUS.DONE
    assert _log(dispute) == [("submitted", "closed", world.champion)]
    assert "outside the compact" in mail.outbox[0].subject.lower()


def test_resolved_informally(world):
    dispute = world.dispute_at("informal")
    assert dispute.stage == DisputeStage.INFORMAL
    assert _open(dispute) == [("informal", world.champion), ("answer", world.respondent)]
    mail.outbox.clear()
    services.informal_complete(
        task=_task(dispute, DisputeFlow.informal),
        by=world.champion,
        resolved=True,
        text="The council extended the deadline by four weeks.",
    )
    dispute.refresh_from_db()
    assert dispute.outcome == DisputeOutcome.RESOLVED_INFORMALLY
    (closed,) = mail.outbox
    assert "resolved informally" in closed.subject
    assert {world.complainant.email, world.respondent.email} <= set(closed.to)
    assert "extended the deadline" in closed.body
    assert _open(dispute) == []
    assert _log(dispute) == [
        ("submitted", "informal", world.champion),
        ("informal", "closed", world.champion),
    ]


def test_mediated_agreement(world):
    dispute = world.dispute_at("mediator_accepted")
    assert dispute.stage == DisputeStage.MEDIATION
    assert _open(dispute) == [("mediation", world.mediator.user)]
    mail.outbox.clear()
    services.mediation_complete(
        task=_task(dispute, DisputeFlow.mediation),
        by=world.mediator.user,
        agreed=True,
        summary="The council will run a six-week round in January.",
    )
    dispute.refresh_from_db()
    assert dispute.outcome == DisputeOutcome.MEDIATED_AGREEMENT
    assert _open(dispute) == []
    assert [m.subject for m in mail.outbox] == [
        f"Dispute {dispute.reference} has ended: mediated agreement"
    ]
    assert [state for _, state, _ in _log(dispute)] == [
        "informal",
        "mediation",
        "closed",
    ]


def test_the_mediator_is_appointed_from_the_joint_body_queue(world):
    mail.outbox.clear()
    dispute = world.dispute_at("mediation")
    subjects = [m.subject for m in mail.outbox]
    assert f"Dispute {dispute.reference} is now at informal resolution" in subjects
    assert f"Dispute {dispute.reference} is now at mediation" in subjects
    task = _task(dispute, DisputeFlow.appoint_mediator)
    assert task.owner is None  # in the queue
    # Nobody can appoint without claiming first, and only the joint body can claim.
    with pytest.raises(PermissionDenied):
        task_claim(task=task, by=world.complainant)
    with pytest.raises(PermissionDenied):
        task_claim(task=task, by=world.champion)
    # A joint body member from the respondent's organisation stands aside.
    with pytest.raises(PermissionDenied):
        task_claim(task=task, by=world.statutory_member.user)
    task_claim(task=task, by=world.vcs_member.user)
    with pytest.raises(ValidationError, match="already been done or taken"):
        task_claim(task=task, by=world.cochair.user)
    task_release(task=task, by=world.vcs_member.user)
    task_claim(task=task, by=world.cochair.user)
    assert _open(dispute) == [("appoint_mediator", world.cochair.user)]


def test_an_objection_sends_the_appointment_back_to_the_joint_body(world):
    dispute = world.dispute_at("mediation")
    task = _task(dispute, DisputeFlow.appoint_mediator)
    task_claim(task=task, by=world.vcs_member.user)
    services.appoint_mediator_complete(task=task, by=world.vcs_member.user, mediator=world.mediator)
    assert _open(dispute) == [("complainant_confirms_mediator", world.complainant)]
    services.confirm_mediator_complete(
        task=_task(dispute, DisputeFlow.complainant_confirms_mediator),
        by=world.complainant,
        accepts=True,
    )
    assert _open(dispute) == [("respondent_confirms_mediator", world.respondent)]
    with pytest.raises(ValidationError, match="why you object"):
        services.confirm_mediator_complete(
            task=_task(dispute, DisputeFlow.respondent_confirms_mediator),
            by=world.respondent,
            accepts=False,
        )
    services.confirm_mediator_complete(
        task=_task(dispute, DisputeFlow.respondent_confirms_mediator),
        by=world.respondent,
        accepts=False,
        reason="The mediator advised the club last year.",
    )
    dispute.refresh_from_db()
    assert dispute.mediator is None
    assert dispute.respondent_accepts_mediator is False
    assert [name for name, _ in _open(dispute)] == ["appoint_mediator"]


@pytest.mark.parametrize(
    "outcome",
    [DisputeOutcome.UPHELD, DisputeOutcome.PARTLY_UPHELD, DisputeOutcome.NOT_UPHELD],
)
def test_each_arbitration_outcome_with_a_decision_letter(world, outcome):
    dispute = world.dispute_at("panel_formed")
    assert dispute.stage == DisputeStage.ARBITRATION
    assert _open(dispute) == [("arbitration", world.chair.user)]
    mail.outbox.clear()
    services.arbitration_complete(
        task=_task(dispute, DisputeFlow.arbitration),
        by=world.chair.user,
        outcome=outcome,
        decision="The panel finds the two-week bid window broke commitment FC1 because...",
    )
    dispute.refresh_from_db()
    assert (dispute.stage, dispute.outcome) == (DisputeStage.CLOSED, outcome)
    assert _open(dispute) == []
    assert DisputeProcess.objects.get(dispute=dispute).status == STATUS.DONE
    assert [state for _, state, _ in _log(dispute)] == [
        "informal",
        "mediation",
        "arbitration",
        "closed",
    ]
    assert dispute.decision_letter.name.endswith(".pdf")
    letter = next(m for m in mail.outbox if m.attachments)
    assert {world.complainant.email, world.respondent.email} <= set(letter.to)


def test_withdrawn_at_any_open_stage(world):
    for advance in (
        world.raise_dispute,
        lambda: world.dispute_at("informal"),
        lambda: world.dispute_at("mediation"),
    ):
        dispute = advance()
        with pytest.raises(PermissionDenied):
            services.dispute_withdraw(dispute=dispute, by=world.respondent, reason="no")
        services.dispute_withdraw(dispute=dispute, by=world.complainant, reason="Settled")
        dispute.refresh_from_db()
        assert dispute.stage == DisputeStage.WITHDRAWN
        assert _open(dispute) == []
        process = DisputeProcess.objects.get(dispute=dispute)
        assert process.status == STATUS.CANCELED
        assert _log(dispute)[-1][1:] == ("withdrawn", world.complainant)


def test_a_step_cannot_be_done_by_someone_else_or_twice(world):
    dispute = world.raise_dispute()
    task = _task(dispute, DisputeFlow.triage)
    with pytest.raises(PermissionDenied):
        services.triage_complete(task=task, by=UserFactory(), accept=True)
    services.triage_complete(task=task, by=world.champion, accept=True)
    with pytest.raises(ValidationError, match="already been done"):
        services.triage_complete(task=task, by=world.champion, accept=True)
    assert len(_log(dispute)) == 1


def test_the_panel_has_both_sectors_and_nobody_from_either_party(world):
    dispute = world.dispute_at("arbitration")
    task = _task(dispute, DisputeFlow.form_panel)
    # The member from the respondent's organisation cannot even take the step.
    with pytest.raises(PermissionDenied):
        task_claim(task=task, by=world.statutory_member.user)
    task_claim(task=task, by=world.chair.user)
    with pytest.raises(ValidationError, match="either party"):
        services.form_panel_complete(
            task=task,
            by=world.chair.user,
            members=[world.statutory_member, world.vcs_member],
            chair=world.vcs_member,
        )
    with pytest.raises(ValidationError, match="both sectors"):
        services.form_panel_complete(
            task=task,
            by=world.chair.user,
            members=[world.vcs_member, world.cochair],
            chair=world.cochair,
        )
    assert _open(dispute) == [("form_panel", world.chair.user)]


def test_a_party_can_ask_for_mediation_only_after_the_time_limit(world):
    with time_machine.travel(MONDAY, tick=False) as clock:
        dispute = world.dispute_at("informal")
        with pytest.raises(ValidationError, match="time limit"):
            services.party_escalate(dispute=dispute, by=world.respondent, reason="Stuck")
        clock.move_to(
            datetime.datetime.combine(dispute.due_on, datetime.time(12), datetime.UTC)
            + datetime.timedelta(days=1)
        )
        with pytest.raises(PermissionDenied):
            services.party_escalate(dispute=dispute, by=UserFactory(), reason="Stuck")
        services.party_escalate(dispute=dispute, by=world.respondent, reason="No progress")
    dispute.refresh_from_db()
    assert dispute.stage == DisputeStage.MEDIATION
    assert _log(dispute)[-1] == ("informal", "mediation", world.respondent)
    # The respondent has still not answered: its answer may come late, in mediation.
    assert [name for name, _ in _open(dispute)] == ["answer", "appoint_mediator"]


def test_the_dispute_page_record_never_shows_mediation_papers_to_the_panel(world):
    from cases.disputes.selectors import dispute_timeline

    dispute = world.dispute_at("mediator_accepted")
    from cases.disputes import services as dispute_services

    dispute_services.dispute_add_note(
        dispute=dispute, by=world.mediator.user, kind="meeting", text="Offer of 3 weeks floated."
    )
    dispute = _finish_arbitration_setup(world, dispute)
    panel_view = dispute_timeline(dispute=dispute, user=world.chair.user)
    party_view = dispute_timeline(dispute=dispute, user=world.complainant)
    assert not any("3 weeks" in e.body for e in panel_view)
    assert any("3 weeks" in e.body for e in party_view)


def _finish_arbitration_setup(world, dispute):
    services.mediation_complete(
        task=_task(dispute, DisputeFlow.mediation),
        by=world.mediator.user,
        agreed=False,
        summary="No agreement.",
    )
    dispute.refresh_from_db()
    return dispute


def test_dispute_rows_are_one_per_submission(world):
    first = world.raise_dispute(submission_key="same")
    second = world.raise_dispute(submission_key="same")
    assert first == second
    assert Dispute.objects.count() == 1
    assert DisputeProcess.objects.count() == 1


def test_the_decision_letter_is_a_tagged_pdf_with_the_decision_text(world):
    import io

    from pypdf import PdfReader

    dispute = world.dispute_at("panel_formed")
    reasons = "The panel finds a two-week window too short for a small group to bid."
    services.arbitration_complete(
        task=_task(dispute, DisputeFlow.arbitration),
        by=world.chair.user,
        outcome=DisputeOutcome.PARTLY_UPHELD,
        decision=reasons,
    )
    dispute.refresh_from_db()
    with dispute.decision_letter.open("rb") as letter:
        reader = PdfReader(io.BytesIO(letter.read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert reasons in text
    assert "Partly upheld" in text
    assert dispute.reference in text
    # Addressed to each party's contact, and signed for the joint body by the panel's chair.
    complainant = world.complainant.get_full_name() or world.complainant.username
    respondent = world.respondent.get_full_name() or world.respondent.username
    assert f"Dear {complainant} and {respondent}," in text
    assert world.complainant_org.name in text and world.council.name in text
    chair = world.chair.user.get_full_name() or world.chair.user.username
    assert f"Yours sincerely, {chair} Chair of the arbitration panel, for the " in text
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"]  # tagged, for screen readers
    assert catalog["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in catalog
