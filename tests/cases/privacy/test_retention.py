"""The retention schedule's daily job, run with a frozen clock: an ended dispute past its
time is anonymised and its files deleted, the counts the annual report reads are kept, a
legal hold keeps a case whole, every disposal is audited, and a second run does nothing."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.commissioning import services as commissioning
from cases.commissioning.models import Bid, BidStatus
from cases.disputes.models import Dispute, DisputeDocument, DisputeStage
from cases.disputes.services import (
    dispute_add_document,
    dispute_pause_clock,
    dispute_post_message,
    dispute_resume_clock,
)
from cases.privacy import services
from cases.privacy.models import Disposal, LegalHold, RecordKind, RetentionRun
from cases.register.models import AccessEvent, AuditEvent, DataProtectionOfficer
from cases.year import report
from cases.year.report import year_of
from tests.factories import CommissioningWorld, DisputeWorld
from workflows.models import Notification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _closed_dispute_with_papers(world):
    """A dispute with evidence and a message, decided by the panel (closed, with its
    decision letter), in March 2027."""
    dispute = world.raise_dispute()
    dispute_add_document(
        dispute=dispute,
        by=world.complainant,
        upload=SimpleUploadedFile("invoice.pdf", PDF, "application/pdf"),
    )
    dispute_post_message(dispute=dispute, by=world.complainant, body="Our treasurer, Ann Jones.")
    # Its clock paused and restarted: the annual report counts the pause.
    world.stages.to(dispute, "informal")
    dispute.refresh_from_db()
    dispute_pause_clock(dispute=dispute, by=world.champion, reason="Ann Jones is in hospital")
    dispute_resume_clock(dispute=Dispute.objects.get(pk=dispute.pk), by=world.champion)
    dispute = world.stages.to(
        dispute, "decided", panel=([world.chair, world.vcs_member], world.chair)
    )
    dispute.refresh_from_db()
    assert dispute.stage == DisputeStage.CLOSED
    return dispute


def test_an_ended_dispute_past_its_time_is_anonymised_and_its_files_deleted(
    django_capture_on_commit_callbacks,
):
    world = DisputeWorld()
    with time_machine.travel(at(D(2027, 3, 1)), tick=False):
        dispute = _closed_dispute_with_papers(world)
        kept = world.raise_dispute()  # open: never disposed of
    # Its decision letter, as the worker writes it.
    dispute.decision_letter.save("decision.pdf", ContentFile(PDF))
    files = [d.file.name for d in dispute.documents.all()] + [dispute.decision_letter.name]
    storage = dispute.decision_letter.storage
    assert len(files) == 2 and all(storage.exists(name) for name in files)
    outcome, closed_at = dispute.outcome, dispute.closed_at

    # The annual report's figures for the year it was raised, before.
    year = year_of(dispute.created_at.date())
    reported = report.figures(report.report_for(world.compact, year))
    # Six years less a day: nothing yet.
    with time_machine.travel(closed_at + datetime.timedelta(days=365 * 6 - 5), tick=False):
        assert services.apply_retention()["disputes"] == 0
    with (
        time_machine.travel(closed_at + datetime.timedelta(days=365 * 6 + 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),  # files go once it commits
    ):
        done = services.apply_retention()
    assert done["disputes"] == 1 and done["files"] == len(files)
    dispute.refresh_from_db()
    # The people, words and files are gone...
    assert dispute.raised_by is None
    assert dispute.what_happened == services.REMOVED and dispute.subject == ""
    assert not dispute.decision_letter and dispute.decision == ""
    assert not DisputeDocument.objects.filter(dispute=dispute).exists()
    assert not dispute.messages.exists()
    assert not any(storage.exists(name) for name in files)
    assert not dispute.events.exclude(body="").exists()
    assert not dispute.events.filter(actor__isnull=False).exists()
    # ...and what the annual report counts is kept.
    assert (dispute.stage, dispute.outcome, dispute.closed_at) == ("closed", outcome, closed_at)
    assert (dispute.compact_id, dispute.complainant_id) == (
        world.compact.pk,
        world.complainant_org.pk,
    )
    assert Dispute.objects.filter(compact=world.compact).count() == 2
    # The annual report of that year counts the same.
    assert report.figures(report.report_for(world.compact, year)) == reported
    # Recorded and audited, once.
    assert Disposal.objects.get(kind=RecordKind.CLOSED_DISPUTE).reference == dispute.reference
    assert (
        AuditEvent.objects.filter(
            action="disposed of (retention schedule)", object_repr=dispute.reference
        ).count()
        == 1
    )
    kept.refresh_from_db()
    assert kept.raised_by == world.complainant
    # Idempotent: run again, nothing more happens.
    with time_machine.travel(closed_at + datetime.timedelta(days=365 * 6 + 11), tick=False):
        assert not any(services.apply_retention().values())
    assert Disposal.objects.count() == 1


def test_a_legal_hold_keeps_a_case_whole_until_it_is_lifted(client):
    world = DisputeWorld()
    with time_machine.travel(at(D(2027, 3, 1)), tick=False):
        dispute = _closed_dispute_with_papers(world)
    officer = world.champion  # any user; the seat makes them the compact's officer
    DataProtectionOfficer.objects.create(
        user=officer, compact=world.compact, appointed_on=D(2027, 1, 1)
    )
    hold = services.hold_place(
        by=officer,
        reference=dispute.reference,
        reason="A claim in the county court",
        compacts=[world.compact],
    )
    with pytest.raises(ValidationError):  # one hold at a time
        services.hold_place(
            by=officer, reference=dispute.reference, reason="Again", compacts=[world.compact]
        )
    later = dispute.closed_at + datetime.timedelta(days=365 * 7)
    with time_machine.travel(later, tick=False):
        assert services.apply_retention()["disputes"] == 0
        [line] = services.due_next_month([world.compact])
        assert line["held"] and line["reference"] == dispute.reference
    dispute.refresh_from_db()
    assert dispute.what_happened != services.REMOVED
    services.hold_lift(hold=hold, by=officer, reason="The claim was withdrawn")
    assert LegalHold.objects.get(pk=hold.pk).lifted_at is not None
    with time_machine.travel(later, tick=False):
        assert services.apply_retention()["disputes"] == 1
    assert AuditEvent.objects.filter(action="placed a legal hold on").exists()
    assert AuditEvent.objects.filter(action="lifted the legal hold on").exists()


def test_a_compact_keeps_its_cases_for_its_own_time_and_the_service_its_notes():
    world = DisputeWorld()
    with time_machine.travel(at(D(2027, 3, 1)), tick=False):
        dispute = _closed_dispute_with_papers(world)
    officer = world.champion
    DataProtectionOfficer.objects.create(user=officer, compact=None, appointed_on=D(2027, 1, 1))
    services.rule_set(by=officer, compact=world.compact, kind=RecordKind.CLOSED_DISPUTE, months=24)
    with pytest.raises(ValidationError):  # notifications are the service's to set
        services.rule_set(by=officer, compact=world.compact, kind=RecordKind.NOTIFICATION, months=3)
    assert AuditEvent.objects.filter(action="changed the retention of").count() == 1
    notes = Notification.objects.count()
    assert notes  # the e-mails of the dispute's journey
    AccessEvent.objects.create(
        user=officer, compact=world.compact, kind="dispute", reference=dispute.reference
    )
    with time_machine.travel(dispute.closed_at + datetime.timedelta(days=365 * 2 + 2), tick=False):
        done = services.apply_retention()
    # Two years: the compact's time for its disputes, the service's for notifications and
    # the access log (one year and two years).
    assert done["disputes"] == 1
    assert done["notifications"] == notes
    assert done["access_events"] == 1
    assert AuditEvent.objects.filter(action="deleted under the retention schedule").count() == 1


def test_an_unsuccessful_bid_loses_its_words_and_files_a_year_after_the_award():
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 3, 1)), tick=False) as clock:
        exercise = world.plan()
        commissioning.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 3, 29),
            bids_close_at=at(D(2027, 5, 7), 12),
        )
        bids = []
        clock.move_to(at(D(2027, 4, 1)))
        for org, user in world.bidders[:2]:
            bid = commissioning.bid_save(
                exercise=exercise,
                by=user,
                organisation=org,
                data={
                    "proposal": "Breaks.",
                    "direct_costs": Decimal(100),
                    "overheads": Decimal(10),
                },
            )
            bids.append(commissioning.bid_submit(bid=bid, by=user))
        clock.move_to(at(D(2027, 5, 10)))
        commissioning.exercise_open_bids(exercise=exercise, by=world.commissioner)
        commissioning.exercise_award(
            exercise=exercise,
            by=world.commissioner,
            winners=bids[:1],
            scores=[(bids[0], 80, "", "Strong."), (bids[1], 60, "", "Thin on outreach.")],
        )
    loser = Bid.objects.get(pk=bids[1].pk)
    assert loser.status == BidStatus.UNSUCCESSFUL
    with time_machine.travel(at(D(2028, 5, 12)), tick=False):
        done = services.apply_retention()
    assert done["bids"] == 1
    loser.refresh_from_db()
    assert loser.proposal == services.REMOVED and loser.feedback == ""
    assert loser.direct_costs == Decimal(100)  # the sums stay, for the report
    assert (
        not hasattr(loser, "letter")
        or not Bid.objects.filter(pk=loser.pk, letter__isnull=False).exists()
    )
    winner = Bid.objects.get(pk=bids[0].pk)
    assert winner.proposal == "Breaks."  # the contract's bid is kept


def test_the_daily_job_runs_once_a_day(django_assert_max_num_queries):
    with time_machine.travel(at(D(2027, 6, 1), 7), tick=False):
        services.daily_retention()
        assert RetentionRun.objects.filter(day=D(2027, 6, 1), finished_at__isnull=False).exists()
        with django_assert_max_num_queries(1):
            assert services.daily_retention() == ""


def test_a_remedy_still_to_do_keeps_the_case_and_a_disposed_case_cannot_be_held():
    from cases.disputes.models import Remedy

    world = DisputeWorld()
    with time_machine.travel(at(D(2027, 3, 1)), tick=False):
        dispute = _closed_dispute_with_papers(world)
    Remedy.objects.create(
        dispute=dispute,
        owed_by=world.respondent_org,
        action="Reopen the round",
        working_days=20,
        due_on=D(2027, 6, 1),
    )
    later = dispute.closed_at + datetime.timedelta(days=365 * 7)
    with time_machine.travel(later, tick=False):
        assert services.apply_retention()["disputes"] == 0
    Remedy.objects.filter(dispute=dispute).update(status=Remedy.Status.COMPLIED)
    with time_machine.travel(later, tick=False):
        assert services.apply_retention()["disputes"] == 1
    officer = _officer_for(world.compact)
    with pytest.raises(ValidationError, match="disposed of already"):
        services.hold_place(
            by=officer, reference=dispute.reference, reason="Late claim", compacts=[world.compact]
        )


def test_a_compact_cannot_set_its_cases_to_go_in_a_month():
    world = DisputeWorld()
    officer = _officer_for(world.compact)
    with pytest.raises(ValidationError, match="at least 12 months"):
        services.rule_set(
            by=officer, compact=world.compact, kind=RecordKind.CLOSED_DISPUTE, months=1
        )


def _officer_for(compact):
    from tests.factories import UserFactory

    user = UserFactory()
    DataProtectionOfficer.objects.create(user=user, compact=compact, appointed_on=D(2027, 1, 1))
    return user
