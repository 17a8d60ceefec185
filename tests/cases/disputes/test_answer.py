"""The respondent's answer: asked for on acceptance with its own working-day limit, given
once on its step (with evidence), marked late after its due date, reminded and reported
late by its own timers, extended by the Champion with a reason both parties see, and
cancelled when the dispute ends first."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task
from viewflow.workflow.timers import fire_due_timers

from cases.disputes import services
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import DisputeAnswer, DisputeDocument, DisputeEvent, DisputeProcess
from cases.disputes.selectors import open_tasks
from tests.factories import DisputeWorld, MembershipFactory
from workflows.models import StepEntry
from workflows.services import TaskUnavailable
from workflows.timers import fire_due

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MONDAY = datetime.datetime(2027, 2, 1, 10, tzinfo=datetime.UTC)  # no holidays in reach


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)


def _answer_task(dispute):
    return open_tasks(dispute).get(flow_task=DisputeFlow.answer)


def _timers(dispute, status=STATUS.SCHEDULED):
    return Task.objects.filter(
        process__in=DisputeProcess.objects.filter(dispute=dispute),
        flow_task_type="TIMER",
        status=status,
    )


def _answer(world, dispute, **changes):
    data = {
        "task": _answer_task(dispute),
        "by": world.respondent,
        "account": "The round was short because the money had to be spent this year.",
        "accepted": [],
        "disputed": [world.commitment],
        "offer": "A second round in the spring, with six weeks to bid.",
    }
    data.update(changes)
    return services.answer_complete(**data)


def test_acceptance_asks_the_respondent_for_its_answer_on_its_own_clock():
    world = DisputeWorld()
    with time_machine.travel(MONDAY, tick=False):
        dispute = world.raise_dispute()
        mail.outbox.clear()
        dispute = world.stages.to(dispute, "informal")
    answer = DisputeAnswer.objects.get(dispute=dispute)
    # 10 working days from Monday 1 February 2027; the informal stage has 20.
    assert (answer.asked_on, answer.due_on) == (
        datetime.date(2027, 2, 1),
        datetime.date(2027, 2, 15),
    )
    assert dispute.due_on == datetime.date(2027, 3, 1)
    task = _answer_task(dispute)
    assert task.owner == world.respondent
    # The task lists show the answer's due date, not the stage's.
    assert StepEntry.objects.get(task=task).due_on == answer.due_on
    asked = [m for m in mail.outbox if "asked for your answer" in m.subject]
    assert [m.to for m in asked] == [[world.respondent.email]]
    assert "15 February 2027" in asked[0].body
    # The stage's clock moving (a pause) leaves the answer's due date in the lists alone.
    services.dispute_pause_clock(dispute=dispute, by=world.champion, reason="Audit")
    assert StepEntry.objects.get(task=task).due_on == answer.due_on
    assert set(_timers(dispute).values_list("scheduled", flat=True)) >= {
        datetime.datetime(2027, 2, 10, 9, tzinfo=datetime.UTC),  # 3 working days before
        datetime.datetime(2027, 2, 16, 0, tzinfo=datetime.UTC),  # the day after
    }


def test_the_respondent_answers_on_its_step_with_evidence_and_both_sides_see_it(client):
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    task = _answer_task(dispute)
    client.force_login(world.respondent)
    page = client.get(reverse("task-detail", args=[task.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert dispute.what_happened in html  # the complaint it answers
    assert f"{world.commitment.ref}: {world.commitment.title}" in html
    mail.outbox.clear()
    response = client.post(
        reverse("task-detail", args=[task.pk]),
        {
            "account": "We advertised the round on our website and in the newsletter.",
            f"commitment_{world.commitment.pk}": "dispute",
            "already_done": "We have written to every group on our list.",
            "offer": "A second round in the spring.",
            "evidence_1": SimpleUploadedFile("newsletter.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    answer = DisputeAnswer.objects.get(dispute=dispute)
    assert answer.is_given and not answer.late
    assert list(answer.disputed.all()) == [world.commitment]
    assert list(answer.accepted.all()) == []
    (document,) = DisputeDocument.objects.filter(answer=answer)
    assert document.original_name == "newsletter.pdf" and not document.without_prejudice
    assert DisputeEvent.objects.filter(dispute=dispute, kind="answer").count() == 1
    told = {address for m in mail.outbox for address in m.to}
    assert {world.complainant.email, world.champion.email} <= told
    assert Task.objects.get(pk=task.pk).status == STATUS.DONE
    assert not _timers(dispute).filter(previous=task).exists()  # its timers went with it
    # The complainant reads the answer beside the complaint.
    client.force_login(world.complainant)
    html = client.get(dispute.get_absolute_url()).content.decode()
    assert "The respondent's answer" in html
    assert "We advertised the round on our website" in html
    assert "A second round in the spring." in html
    assert "newsletter.pdf" in html


def test_an_answer_with_mistakes_is_refused_with_clear_messages_and_nothing_is_kept(client):
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    task = _answer_task(dispute)
    client.force_login(world.respondent)
    response = client.post(
        reverse("task-detail", args=[task.pk]),
        {
            "account": "Paid \u202e0001\u202c pounds",
            "evidence_1": SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/octet-stream"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Remove the hidden direction characters" in html
    assert f"Say whether you accept you broke commitment {world.commitment.ref}" in html
    assert "govuk-error-summary" in html
    assert not DisputeAnswer.objects.get(dispute=dispute).is_given
    assert not DisputeDocument.objects.filter(dispute=dispute).exists()
    assert Task.objects.get(pk=task.pk).status == STATUS.ASSIGNED


def test_only_the_respondent_answers_and_only_once():
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    with pytest.raises(PermissionDenied):
        services.dispute_answer(
            dispute=dispute,
            by=world.complainant,
            account="We are the respondent really.",
            accepted=[],
            disputed=[world.commitment],
        )
    with pytest.raises(ValidationError, match="each commitment"):
        _answer(world, dispute, disputed=[])
    task = _answer_task(dispute)
    _answer(world, dispute)
    with pytest.raises(TaskUnavailable):  # the same step sent twice
        services.answer_complete(
            task=task,
            by=world.respondent,
            account="Again",
            accepted=[world.commitment],
            disputed=[],
        )
    with pytest.raises(ValidationError, match="already answered"):
        services.dispute_answer(
            dispute=dispute,
            by=world.respondent,
            account="Again",
            accepted=[world.commitment],
            disputed=[],
        )
    answer = DisputeAnswer.objects.get(dispute=dispute)
    assert list(answer.disputed.all()) == [world.commitment]
    assert DisputeEvent.objects.filter(dispute=dispute, kind="answer").count() == 1


def test_a_colleague_of_the_respondent_can_answer_where_the_contact_cannot():
    world = DisputeWorld()
    colleague = MembershipFactory(organisation=world.council).user
    dispute = world.dispute_at("informal")
    services.dispute_answer(
        dispute=dispute,
        by=colleague,
        account="Our contact is on leave; we answer for the council.",
        accepted=[world.commitment],
        disputed=[],
    )
    answer = DisputeAnswer.objects.get(dispute=dispute)
    assert answer.answered_by == colleague
    assert not open_tasks(dispute).filter(flow_task=DisputeFlow.answer).exists()


def test_the_answer_is_reminded_then_reported_late_then_marked_late():
    world = DisputeWorld()
    with time_machine.travel(MONDAY, tick=False) as clock:
        dispute = world.dispute_at("informal")  # answer due Monday 15 February
        mail.outbox.clear()
        clock.move_to(at(datetime.date(2027, 2, 10), 10))  # 3 working days before
        fire_due()
        assert [m.to for m in mail.outbox] == [[world.respondent.email]]
        assert mail.outbox[0].subject.startswith("Reminder: your answer to dispute")
        fire_due()
        assert len(mail.outbox) == 1  # once
        clock.move_to(at(datetime.date(2027, 2, 16), 1))
        fire_due()
        late = mail.outbox[-1]
        assert late.subject.startswith("Late: the answer to dispute")
        assert set(late.to) == {world.champion.email, world.respondent.email}
        # Nothing of the stage's clock went: it is not due until 1 March.
        assert not any("Overdue" in m.subject for m in mail.outbox)
        clock.move_to(at(datetime.date(2027, 2, 17), 11))
        _answer(world, dispute)
    answer = DisputeAnswer.objects.get(dispute=dispute)
    assert answer.late
    titles = list(dispute.events.values_list("title", flat=True))
    assert "The respondent answered, 2 working days late" in titles
    assert any(t.startswith("Late: the respondent's answer was due 15 February") for t in titles)


def test_the_champion_gives_more_time_with_a_reason_both_parties_see(client):
    world = DisputeWorld()
    with time_machine.travel(MONDAY, tick=False) as clock:
        dispute = world.dispute_at("informal")
        clock.move_to(at(datetime.date(2027, 2, 16), 1))
        fire_due()  # the reminder and the late notice have gone
        assert _timers(dispute).count() == 2  # the stage's two, waiting
        with pytest.raises(PermissionDenied):
            services.dispute_extend_answer(
                dispute=dispute, by=world.complainant, days=5, reason="Why not"
            )
        with pytest.raises(ValidationError):
            services.dispute_extend_answer(dispute=dispute, by=world.champion, days=5, reason="")
        mail.outbox.clear()
        client.force_login(world.champion)
        response = client.post(
            reverse("dispute-action", args=[dispute.reference]),
            {
                "action": "extend_answer",
                "extend_answer-days": "5",
                "extend_answer-text": "The council's officer was ill.",
            },
        )
        assert response.status_code == 302
        answer = DisputeAnswer.objects.get(dispute=dispute)
        # Five working days from today (the due date had passed): Tuesday 23 February.
        assert answer.due_on == datetime.date(2027, 2, 23)
        assert StepEntry.objects.get(task=_answer_task(dispute)).due_on == answer.due_on
        (told,) = mail.outbox
        assert {world.complainant.email, world.respondent.email} <= set(told.to)
        assert "The council's officer was ill." in told.body
        # The reminder and the late notice are set again for the new date.
        assert _timers(dispute).count() == 4
        clock.move_to(at(datetime.date(2027, 2, 24), 1))
        mail.outbox.clear()
        fire_due()
        fire_due_timers()
        assert [m.subject for m in mail.outbox if m.subject.startswith("Late")] == [
            f"Late: the answer to dispute {dispute.reference} was due 23 February 2027"
        ]
    client.force_login(world.complainant)
    html = client.get(dispute.get_absolute_url()).content.decode()
    assert "The council&#x27;s officer was ill." in html
    # The complainant may not extend: the form is not offered, and a forged post is refused.
    assert "extend_answer" not in html
    response = client.post(
        reverse("dispute-action", args=[dispute.reference]),
        {"action": "extend_answer", "extend_answer-days": "5", "extend_answer-text": "x"},
    )
    assert response.status_code == 403


def test_a_dispute_that_ends_first_cancels_the_answer_and_its_timers():
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    task = _answer_task(dispute)
    services.informal_complete(
        task=open_tasks(dispute).get(flow_task=DisputeFlow.informal),
        by=world.champion,
        resolved=True,
        text="The council reopened the round.",
    )
    assert Task.objects.get(pk=task.pk).status == STATUS.CANCELED
    assert not _timers(dispute).exists()
    assert DisputeProcess.objects.get(dispute=dispute).status == STATUS.DONE
    assert StepEntry.objects.get(task=task).status == STATUS.CANCELED


def test_a_respondent_with_nobody_here_is_answered_for_by_the_champion():
    world = DisputeWorld()
    dispute = world.raise_dispute()
    dispute.respondent.memberships.all().delete()
    dispute = world.stages.to(dispute, "informal")
    task = _answer_task(dispute)
    assert task.owner == world.champion
    services.answer_complete(
        task=task,
        by=world.champion,
        account="Recorded from the council's letter of 3 February.",
        accepted=[],
        disputed=[world.commitment],
    )
    assert DisputeAnswer.objects.get(dispute=dispute).answered_by == world.champion


def test_evidence_sent_with_a_late_answer_in_mediation_is_for_the_panel_too():
    world = DisputeWorld()
    dispute = world.raise_dispute()
    world.stages.to(dispute, "informal")
    services.informal_complete(
        task=open_tasks(dispute).get(flow_task=DisputeFlow.informal),
        by=world.champion,
        resolved=False,
        text="No agreement",
    )
    _answer(
        world,
        dispute,
        evidence=[SimpleUploadedFile("minutes.pdf", PDF, "application/pdf")],
    )
    (document,) = DisputeDocument.objects.filter(dispute=dispute)
    assert document.stage == "mediation" and not document.without_prejudice


def test_the_champion_holding_the_answer_records_it_after_a_member_joins(client):
    world = DisputeWorld()
    dispute = world.raise_dispute()
    dispute.respondent.memberships.all().delete()
    dispute = world.stages.to(dispute, "informal")
    task = _answer_task(dispute)
    assert task.owner == world.champion
    MembershipFactory(organisation=world.council)  # someone joins the council here
    client.force_login(world.champion)
    response = client.post(
        reverse("task-detail", args=[task.pk]),
        {
            "account": "Recorded from the council's letter.",
            f"commitment_{world.commitment.pk}": "dispute",
        },
    )
    assert response.status_code == 302
    assert DisputeAnswer.objects.get(dispute=dispute).answered_by == world.champion


def test_nobody_answers_for_both_sides():
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    MembershipFactory(organisation=world.council, user=world.complainant)
    with pytest.raises(PermissionDenied):
        services.dispute_answer(
            dispute=dispute,
            by=world.complainant,
            account="Both hats.",
            accepted=[world.commitment],
            disputed=[],
        )
