"""Working-day clocks on the commissioner's steps and the Champion's departure reviews:
each step's due date, the reminder to whoever holds it and the overdue notice to the joint
body's chairs, fired by the workflow timers with a frozen clock."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task
from viewflow.workflow.timers import fire_due_timers

from cases.commissioning import services
from cases.commissioning.flow import DepartureFlow, ExerciseFlow
from cases.commissioning.models import (
    Departure,
    DepartureProcess,
    ExerciseEvent,
    ExerciseProcess,
    ExerciseStage,
)
from cases.commissioning.selectors import exercise_tasks
from tests.factories import (
    CommissioningWorld,
    DisputeWorld,
    JointBodyMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    StatutoryOrganisationFactory,
)
from workflows import clock, digests
from workflows.models import Notification, StepClock
from workflows.timers import fire_due

pytestmark = pytest.mark.django_db(transaction=True)

UTC = datetime.UTC
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), UTC)


def fire():
    """Fire the due timers as the timer loop does (in bulk, then any left one at a time),
    without its digests."""
    fire_due()
    fire_due_timers()


class World(CommissioningWorld):
    """A commissioning world whose compact has a joint body: a chair, a co-chair and an
    ordinary member."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.chair = JointBodyMemberFactory(
            compact=self.compact, organisation=StatutoryOrganisationFactory(), role="chair"
        )
        self.cochair = JointBodyMemberFactory(
            compact=self.compact, organisation=OrganisationFactory(), role="co_chair"
        )
        self.member = JointBodyMemberFactory(
            compact=self.compact, organisation=OrganisationFactory()
        )

    def bid(self, exercise, n=0):
        org, user = self.bidders[n]
        bid = services.bid_save(
            exercise=exercise,
            by=user,
            organisation=org,
            data={
                "proposal": f"{org} will run it.",
                "direct_costs": Decimal("90000"),
                "overheads": Decimal("12000"),
            },
        )
        return services.bid_submit(bid=bid, by=user)

    def tender(self, *, opens_on, closes_at, **kwargs):
        exercise = self.plan()
        services.exercise_publish_tender(
            exercise=exercise,
            by=self.commissioner,
            opens_on=opens_on,
            bids_close_at=closes_at,
            **kwargs,
        )
        exercise.refresh_from_db()
        return exercise

    def evaluate_and_award(self, exercise, bid):
        services.bid_evaluate(bid=bid, by=self.commissioner, score=70, notes="", feedback="Good")
        services.exercise_finish_evaluation(exercise=exercise, by=self.commissioner)
        services.exercise_award(exercise=exercise, by=self.commissioner, winners=[bid])


@pytest.fixture
def world():
    return World()


def _open_step(exercise):
    """The exercise's open step and its due date."""
    task = exercise_tasks(exercise).get()
    step_clock = StepClock.objects.filter(task=task).first()
    return task.flow_task, step_clock.due_on if step_clock else None


def _timers(task):
    return Task.objects.filter(flow_task_type="TIMER", previous=task)


def _to(address):
    return [m for m in mail.outbox if address in m.to]


def test_each_commissioning_step_is_due_in_working_days_from_the_exercises_own_dates(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as frozen:
        exercise = world.plan()
        # Planning has no clock: the exercise is private and when to start is the
        # commissioner's call.
        assert _open_step(exercise) == (ExerciseFlow.plan, None)
        assert not _timers(exercise_tasks(exercise).get()).exists()

        services.exercise_open_consultation(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 3, 29),
            questions=["What do carers need?"],
        )
        # 60 working days after the close on Monday 29 March 2027, skipping the early May
        # and spring bank holidays (3 and 31 May).
        assert _open_step(exercise) == (ExerciseFlow.publish_summary, D(2027, 6, 23))

        frozen.move_to(at(D(2027, 3, 30)))
        services.exercise_publish_summary(
            exercise=exercise,
            by=world.commissioner,
            summary="You said carers need breaks; we added respite to the outcomes.",
        )
        # 20 working days after the summary was published.
        assert _open_step(exercise) == (ExerciseFlow.publish_tender, D(2027, 4, 27))

        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 4, 1),
            bids_close_at=at(D(2027, 5, 10), 12),
        )
        # 3 working days after the window closes on Monday 10 May.
        assert _open_step(exercise) == (ExerciseFlow.open_bids, D(2027, 5, 13))

        frozen.move_to(at(D(2027, 4, 1)))
        bid = world.bid(exercise)
        frozen.move_to(at(D(2027, 5, 10), 13))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        # 15 working days after opening, across the spring bank holiday on 31 May.
        assert _open_step(exercise) == (ExerciseFlow.evaluate, D(2027, 6, 1))

        services.bid_evaluate(bid=bid, by=world.commissioner, score=80, notes="", feedback="Good")
        services.exercise_finish_evaluation(exercise=exercise, by=world.commissioner)
        # 5 working days after the evaluation was finished.
        assert _open_step(exercise) == (ExerciseFlow.confirm_award, D(2027, 5, 17))

        services.exercise_award(exercise=exercise, by=world.commissioner, winners=[bid])
        exercise.refresh_from_db()
        assert exercise.standstill_ends_on == D(2027, 5, 24)
        # 10 working days after the standstill ends, across 31 May.
        assert _open_step(exercise) == (ExerciseFlow.schedule_review, D(2027, 6, 8))

        frozen.move_to(at(D(2027, 5, 25)))
        services.exercise_start_service(
            exercise=exercise,
            by=world.commissioner,
            starts_on=D(2027, 6, 1),
            ends_on=D(2030, 5, 31),
        )
    assert not exercise_tasks(exercise).exists()
    # Every clocked step kept its due date; every timer ended with its step.
    assert StepClock.objects.filter(task__process__exerciseprocess__exercise=exercise).count() == 6
    timers = Task.objects.filter(
        process__exerciseprocess__exercise=exercise, flow_task_type="TIMER"
    )
    assert set(timers.values_list("status", flat=True)) == {STATUS.CANCELED}


@pytest.mark.parametrize(
    ("nation", "due"),
    [
        # Bids close on Thursday 25 March 2027. Good Friday is a holiday everywhere; Easter
        # Monday in England and Wales and Northern Ireland, but not in Scotland.
        ("england_wales", D(2027, 4, 1)),
        ("northern_ireland", D(2027, 4, 1)),
        ("scotland", D(2027, 3, 31)),
    ],
)
def test_opening_the_bids_is_due_in_working_days_of_the_compacts_nation(nation, due):
    world = World(nation=nation)
    with time_machine.travel(at(D(2027, 2, 22)), tick=False):
        exercise = world.tender(opens_on=D(2027, 2, 22), closes_at=at(D(2027, 3, 25), 12))
    assert _open_step(exercise) == (ExerciseFlow.open_bids, due)


@pytest.mark.parametrize(
    ("nation", "due"),
    # Recorded on Friday 26 November 2027; Scotland keeps St Andrew's Day, Tuesday 30th.
    [("england_wales", D(2027, 12, 10)), ("scotland", D(2027, 12, 13))],
)
def test_a_departure_review_is_due_ten_working_days_after_it_was_recorded(nation, due):
    world = World(nation=nation)
    with time_machine.travel(at(D(2027, 11, 26)), tick=False):
        world.tender(
            opens_on=D(2027, 11, 26),
            closes_at=at(D(2027, 12, 6), 12),
            bid_window_justification="The grant must be paid before the year end.",
        )
    departure = Departure.objects.get()
    review = Task.objects.get(
        process__in=DepartureProcess.objects.filter(departure=departure),
        flow_task=DepartureFlow.review,
    )
    assert review.owner == world.champion
    assert StepClock.objects.get(task=review).due_on == due


def test_the_commissioner_is_reminded_once_and_the_chairs_told_once_when_a_step_is_late(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as frozen:
        exercise = world.tender(opens_on=D(2027, 1, 4), closes_at=at(D(2027, 2, 15), 12))
        bid = world.bid(exercise)
        frozen.move_to(at(D(2027, 2, 15), 13))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        # Opened on Monday 15 February: 15 working days to evaluate.
        assert _open_step(exercise) == (ExerciseFlow.evaluate, D(2027, 3, 8))
        mail.outbox.clear()

        frozen.move_to(at(D(2027, 3, 3), 8))  # before 9am, 3 working days before the due date
        fire()
        assert mail.outbox == []

        frozen.move_to(at(D(2027, 3, 3), 10))
        fire()
        fire()  # firing again sends nothing more
        assert [m.to for m in mail.outbox] == [[world.commissioner.email]]
        reminder = mail.outbox[0]
        assert reminder.subject == (
            f'Reminder: {exercise.reference}: "Evaluate the bids" is due 8 March 2027'
        )
        assert "it is with you" in reminder.body
        assert exercise.get_absolute_url() in reminder.body
        assert (
            Notification.objects.filter(user=world.commissioner, subject=reminder.subject).count()
            == 1
        )

        frozen.move_to(at(D(2027, 3, 8), 18))  # still the due date
        fire()
        assert len(mail.outbox) == 1

        frozen.move_to(at(D(2027, 3, 9), 1))  # the due date has passed
        out = io.StringIO()
        call_command("run_timers", "--once", stdout=out)
        assert "1 timer(s) fired" in out.getvalue()
        fire()
        assert len(mail.outbox) == 2
        escalation = mail.outbox[1]
        assert set(escalation.to) == {world.chair.user.email, world.cochair.user.email}
        assert escalation.subject == (
            f'Overdue: {exercise.reference}: "Evaluate the bids" passed its due date'
        )
        assert "was due by 8 March 2027 and is not done" in escalation.body
        assert world.commissioner.get_full_name() in escalation.body
        for seat in (world.chair, world.cochair):
            assert Notification.objects.filter(user=seat.user, subject=escalation.subject).exists()
        assert not Notification.objects.filter(user=world.member.user).exists()

    step_clock = StepClock.objects.get(task__flow_task=ExerciseFlow.evaluate)
    assert step_clock.reminded_at is not None
    assert step_clock.escalated_at is not None
    titles = list(ExerciseEvent.objects.filter(exercise=exercise).values_list("title", flat=True))
    assert titles.count("Reminder sent: “Evaluate the bids” is due 8 March 2027") == 1
    assert (
        titles.count(
            "Overdue: “Evaluate the bids” passed its due date of 8 March 2027; the Joint "
            "Liaison Committee's chair was told"
        )
        == 1
    )
    # The step is still the commissioner's, and they can still do it.
    task = exercise_tasks(exercise).get()
    assert (task.flow_task, task.owner, task.status) == (
        ExerciseFlow.evaluate,
        world.commissioner,
        STATUS.ASSIGNED,
    )
    with time_machine.travel(at(D(2027, 3, 9)), tick=False):
        world.evaluate_and_award(exercise, bid)
    exercise.refresh_from_db()
    assert exercise.stage == ExerciseStage.AWARD


def test_the_champion_is_reminded_of_a_departure_review_and_the_chairs_told_when_late(world):
    with time_machine.travel(at(D(2027, 2, 1)), tick=False) as frozen:
        exercise = world.tender(
            opens_on=D(2027, 2, 1),
            closes_at=at(D(2027, 2, 26), 12),
            bid_window_justification="The grant must be paid before the year end.",
        )
        departure = Departure.objects.get()
        mail.outbox.clear()

        frozen.move_to(at(D(2027, 2, 10), 10))  # due 15 February; reminded 3 working days before
        fire()
        fire()
        reminders = _to(world.champion.email)
        assert len(reminders) == 1
        assert '"Review a departure from the Compact" is due 15 February 2027' in (
            reminders[0].subject
        )
        assert "bid window shorter than the minimum" in reminders[0].body
        assert (
            Notification.objects.filter(user=world.champion, subject__startswith="Reminder").count()
            == 1
        )

        frozen.move_to(at(D(2027, 2, 16), 1))
        fire()
        fire()
        to_chairs = _to(world.chair.user.email)
        assert len(to_chairs) == 1
        assert world.cochair.user.email in to_chairs[0].to
        assert "Champion's review of a departure" in to_chairs[0].body
        assert len(_to(world.champion.email)) == 1  # no second reminder

    assert (
        ExerciseEvent.objects.filter(
            exercise=exercise, title__startswith="Overdue: “Review a departure"
        ).count()
        == 1
    )
    # The review is still the Champion's to do.
    services.departure_review(departure=departure, by=world.champion, notes="Acceptable this once.")
    departure.refresh_from_db()
    assert departure.reviewed_by == world.champion


def test_no_reminder_or_overdue_notice_once_the_step_is_done(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as frozen:
        exercise = world.tender(opens_on=D(2027, 1, 4), closes_at=at(D(2027, 2, 15), 12))
        bid = world.bid(exercise)
        frozen.move_to(at(D(2027, 2, 15), 13))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        world.evaluate_and_award(exercise, bid)
        # Standstill to 1 March, so the service is due to start by 15 March.
        assert _open_step(exercise) == (ExerciseFlow.schedule_review, D(2027, 3, 15))
        mail.outbox.clear()

        # Opening, evaluating and confirming were due by now; all are done.
        frozen.move_to(at(D(2027, 3, 9), 1))
        fire()
        assert mail.outbox == []

    done = Task.objects.filter(
        flow_task__in=[ExerciseFlow.open_bids, ExerciseFlow.evaluate, ExerciseFlow.confirm_award]
    )
    assert done.count() == 3
    for task in done:
        assert set(_timers(task).values_list("status", flat=True)) == {STATUS.CANCELED}
        assert task.step_clock.reminded_at is None
    assert not ExerciseEvent.objects.filter(title__startswith="Reminder").exists()


def test_no_reminder_once_the_exercise_is_cancelled(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as frozen:
        exercise = world.tender(opens_on=D(2027, 1, 4), closes_at=at(D(2027, 2, 15), 12))
        services.exercise_cancel(
            exercise=exercise, by=world.commissioner, reasons="The service moved."
        )
        mail.outbox.clear()
        frozen.move_to(at(D(2027, 4, 1)))
        fire()
    assert mail.outbox == []


def test_a_step_whose_exercise_has_moved_on_has_no_due_date_and_its_timers_wait(world):
    """Awarding straight from evaluation leaves "Confirm the award" open with nothing to
    confirm: it is not due, and its timers are parked."""
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as frozen:
        exercise = world.tender(opens_on=D(2027, 1, 4), closes_at=at(D(2027, 2, 15), 12))
        bid = world.bid(exercise)
        frozen.move_to(at(D(2027, 2, 15), 13))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        services.bid_evaluate(bid=bid, by=world.commissioner, score=70, notes="", feedback="Good")
        services.exercise_award(exercise=exercise, by=world.commissioner, winners=[bid])
    task = exercise_tasks(exercise).get()
    assert _open_step(exercise) == (ExerciseFlow.confirm_award, None)
    assert set(_timers(task).values_list("scheduled", flat=True)) == {clock.NEVER}


def test_the_inbox_sorts_filters_and_counts_late_commissioning_steps(client, world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as frozen:
        late = world.tender(opens_on=D(2027, 1, 4), closes_at=at(D(2027, 2, 15), 12))
        world.bid(late)
        soon = world.tender(opens_on=D(2027, 1, 4), closes_at=at(D(2027, 3, 8), 12))
        planned = world.plan()
        frozen.move_to(at(D(2027, 2, 15), 13))
        services.exercise_open_bids(exercise=late, by=world.commissioner)  # evaluation due 8 March

        frozen.move_to(at(D(2027, 3, 10)))  # Wednesday
        client.force_login(world.commissioner)
        page = client.get(reverse("task-inbox"))
        rows = page.context["page"].object_list
        # Earliest due first: the late evaluation, the bids to open by Thursday 11 March,
        # then the plan, which has no due date.
        assert [t.line.reference for t in rows] == [
            late.reference,
            soon.reference,
            planned.reference,
        ]
        assert [(t.line.due_on, t.line.days_left) for t in rows] == [
            (D(2027, 3, 8), -2),
            (D(2027, 3, 11), 1),
            (None, None),
        ]
        assert "Overdue" in page.text
        assert "Due soon" in page.text
        assert "1 working day left" in page.text
        overdue = client.get(reverse("task-inbox"), {"due": "overdue"})
        assert [t.line.reference for t in overdue.context["page"].object_list] == [late.reference]
        week = client.get(reverse("task-inbox"), {"due": "week"})
        assert [t.line.reference for t in week.context["page"].object_list] == [soon.reference]
        counts = page.context["task_counts"]
        assert (counts["inbox"], counts["overdue"]) == (3, 1)

        digest = digests.digest_for(world.commissioner)
        assert [t.line.reference for t in digest["overdue"]] == [late.reference]
        assert [t.line.reference for t in digest["soon"]] == [soon.reference]


def test_a_late_departure_review_sorts_before_a_dispute_due_later(client):
    world = DisputeWorld()
    world.compact.consultation_expected = False  # one departure only: the bid window's
    world.compact.save()
    commissioner = MembershipFactory(organisation=world.council, role="commissioner").user
    with time_machine.travel(at(D(2027, 2, 1)), tick=False) as frozen:
        exercise = services.exercise_create(
            by=commissioner,
            compact=world.compact,
            commissioner=world.council,
            title="Lunch clubs",
            service="Lunch clubs for older people.",
            outcomes="Fewer people are lonely.",
            funding_type="grant",
            estimated_value=Decimal("40000"),
            term_years=3,
        )
        services.exercise_publish_tender(
            exercise=exercise,
            by=commissioner,
            opens_on=D(2027, 2, 1),
            bids_close_at=at(D(2027, 2, 15), 12),
            bid_window_justification="The grant must be paid before the year end.",
        )  # the Champion's review is due 15 February
        frozen.move_to(at(D(2027, 2, 10)))
        dispute = world.raise_dispute()  # triage due 17 February
        assert dispute.due_on == D(2027, 2, 17)

        frozen.move_to(at(D(2027, 2, 16)))
        client.force_login(world.champion)
        page = client.get(reverse("task-inbox"))
        rows = page.context["page"].object_list
        assert [(t.line.kind, t.line.due_on) for t in rows] == [
            ("Departure", D(2027, 2, 15)),
            ("Dispute", D(2027, 2, 17)),
        ]
        overdue = client.get(reverse("task-inbox"), {"due": "overdue"})
        assert [t.line.kind for t in overdue.context["page"].object_list] == ["Departure"]
        counts = page.context["task_counts"]
        assert (counts["inbox"], counts["overdue"]) == (2, 1)


def test_the_inbox_of_commissioning_steps_runs_a_fixed_number_of_queries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        client.force_login(world.commissioner)
        for rows in (2, 6):
            while ExerciseProcess.objects.count() < rows:
                world.tender(opens_on=D(2027, 1, 4), closes_at=at(D(2027, 2, 15), 12))
            with CaptureQueriesContext(connection) as captured:
                response = client.get(reverse("task-inbox"))
            assert response.status_code == 200
            assert all(t.line.due_on for t in response.context["page"].object_list)
            counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[0] <= 20
