"""The clocks of commissioning's steps: each of the commissioner's steps after planning,
and the Champion's review of a departure, is due a number of working days after its own
starting date (`STEP_RULES`). Its timers remind the holder before the due date and tell
the joint body's chair and co-chairs when it passes (see docs/decisions/0008)."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.utils import timezone
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.commissioning.models import (
    Departure,
    DepartureProcess,
    Exercise,
    ExerciseEvent,
    ExerciseProcess,
)
from cases.commissioning.rules import is_commissioner
from cases.common.formats import in_english
from cases.common.working_days import add_working_days
from cases.register.models import Membership
from workflows.clock import escalation_after, notice_once, reminder_before
from workflows.models import StepClock
from workflows.selectors import OPEN

# Step clocks, started and fired by the flows' timers (see workflows/clock.py).


def _host(task: Task) -> Task:
    """The step a timer is attached to, from the timer or the function it fired."""
    while task.flow_task_type != "HUMAN":
        task = task.previous.get()
    return task


def _step_case(task: Task) -> tuple[Exercise, Exercise | Departure]:
    """The exercise a step belongs to, and the step's own record: the exercise, or for a
    departure review the departure."""
    process = ExerciseProcess.objects.filter(pk=task.process_id).first()
    if process is not None:
        exercise = Exercise.objects.select_related("compact").get(pk=process.exercise_id)
        return exercise, exercise
    process = DepartureProcess.objects.get(pk=task.process_id)
    departure = Departure.objects.select_related("exercise__compact").get(pk=process.departure_id)
    return departure.exercise, departure


def step_clock_start(*, timer: Task) -> StepClock:
    """Start the clock of the step `timer` is attached to, with its due date from
    `STEP_RULES`; the step's two timers share one clock."""
    host = _host(timer)
    existing = StepClock.objects.filter(task=host).first()
    if existing is not None:
        return existing
    return StepClock.objects.create(task=host, due_on=_due_on(host)[1])


def _due_on(host: Task) -> tuple[Exercise, datetime.date | None]:
    """The step's exercise and its due date by `STEP_RULES`."""
    exercise, case = _step_case(host)
    opened_on = timezone.localtime(host.created).date()
    return exercise, step_due_on(host.flow_task.name, case, exercise=exercise, opened_on=opened_on)


def step_reminder_at(*, timer: Task) -> datetime.datetime:
    step_clock = step_clock_start(timer=timer)
    exercise, _ = _step_case(step_clock.task)
    return reminder_before(step_clock.due_on, exercise.compact)


def step_escalation_at(*, timer: Task) -> datetime.datetime:
    return escalation_after(step_clock_start(timer=timer).due_on)


def _still_waiting(host: Task, exercise: Exercise, case) -> bool:
    """The step is open and its work not yet recorded (the exercise is still at the
    step's stage; the departure not yet reviewed)."""
    if host.status not in OPEN:
        return False
    if isinstance(case, Departure):
        return case.reviewed_at is None
    rule = STEP_RULES.get(host.flow_task.name)
    return rule is not None and exercise.stage == rule.stage


def _step_holders(host: Task, exercise: Exercise, case) -> list:
    """Who holds the step: for a departure review the compact's Champion now; for a
    commissioner's step its owner while they still commission for the organisation,
    otherwise the organisation's commissioners."""
    if isinstance(case, Departure):
        champion = exercise.compact.champion
        return [champion] if champion else []
    if host.owner and is_commissioner(host.owner, exercise):
        return [host.owner]
    return [
        m.user
        for m in Membership.objects.filter(
            organisation=exercise.commissioner, role=Membership.Role.COMMISSIONER
        ).select_related("user")
    ]


def _step_context(host: Task, step_clock: StepClock, exercise: Exercise, case) -> dict:
    return {
        "step": host.flow_task.task_title,
        "due_on": step_clock.due_on,
        "exercise": exercise,
        "departure": case if isinstance(case, Departure) else None,
        "compact": exercise.compact,
    }


def _locked_clock(task: Task):
    """The step `task` belongs to, with its clock locked, or (None, None) if it has none."""
    host = Task.objects.select_related("owner").get(pk=_host(task).pk)
    step_clock = StepClock.objects.select_for_update().filter(task=host).first()
    if step_clock is None or step_clock.due_on is None:
        return None, None
    return host, step_clock


def step_send_reminder(*, task: Task) -> None:
    """Remind whoever holds the step that it is due soon: once, and only while it waits."""
    _send_notice(task=task, reminder=True)


def step_send_escalation(*, task: Task) -> None:
    """Tell the joint body's chair and co-chairs that a step has passed its due date:
    once, and only while it waits. The step stays with its holder."""
    _send_notice(task=task, reminder=False)


def step_send_notices(*, timers: list[Task], reminder: bool) -> set[int]:
    """The reminders (or overdue notices) of many steps' fired timers, each as
    `step_send_reminder` (or `..._escalation`) sends it; the caller holds the procedures'
    locks. Returns the procedures dealt with: all of them. (Commissioning's steps are few
    beside disputes', so each is sent in turn.)"""
    for timer in timers:
        _send_notice(task=timer, reminder=reminder)
    return {timer.process_id for timer in timers}


def _send_notice(*, task: Task, reminder: bool) -> bool:
    host, step_clock = _locked_clock(task)
    if host is None:
        return False
    exercise, case = _step_case(host)
    context = _step_context(host, step_clock, exercise, case)
    due = f"{step_clock.due_on:%-d %B %Y}"
    holders = lambda: _step_holders(host, exercise, case)  # noqa: E731
    if reminder:
        title = f"Reminder sent: “{context['step']}” is due {due}"
        people, extra = holders, {}
    else:
        with in_english():  # kept in the case's log, in English
            name = exercise.compact.joint_body_name
        chairs = [
            seat.user
            for seat in exercise.compact.joint_body.filter(
                role__in=["chair", "co_chair"]
            ).select_related("user")
        ]
        told = f"the {name}'s chair was told" if chairs else f"the {name} has no chair to tell"
        title = f"Overdue: “{context['step']}” passed its due date of {due}; {told}"
        people, extra = (lambda: chairs), {"holders": holders}
    return notice_once(
        step_clock,
        "reminded_at" if reminder else "escalated_at",
        waiting=_still_waiting(host, exercise, case),
        log=lambda: ExerciseEvent.objects.create(exercise=exercise, title=title),
        to=lambda: [user.email for user in people()],
        template="step_reminder" if reminder else "step_escalation",
        context=lambda: {**context, **{key: value() for key, value in extra.items()}},
    )


def step_clocks_refresh(*, exercise: Exercise) -> None:
    """Work out again the due dates of the exercise's open steps from its dates, and move
    their timers to match: for when the exercise's dates are changed after a step opened
    (the demo does this to put its exercises at every stage)."""
    open_steps = StepClock.objects.filter(
        task__status__in=OPEN,
        task__process__in=list(
            ExerciseProcess.objects.filter(exercise=exercise).values_list("pk", flat=True)
        )
        + list(
            DepartureProcess.objects.filter(departure__exercise=exercise).values_list(
                "pk", flat=True
            )
        ),
    ).select_related("task")
    for step_clock in open_steps:
        host = step_clock.task
        owner, step_clock.due_on = _due_on(host)
        step_clock.save(update_fields=["due_on"])
        for timer in Task.objects.filter(
            previous=host, flow_task_type="TIMER", status=STATUS.SCHEDULED
        ):
            is_reminder = timer.flow_task.name.endswith("__timeout")
            timer.scheduled = (
                reminder_before(step_clock.due_on, owner.compact)
                if is_reminder
                else escalation_after(step_clock.due_on)
            )
            timer.save(update_fields=["scheduled"])


# The commissioner's steps and the Champion's departure review.


class StepRule(NamedTuple):
    """How long a step may take: `working_days` after the date in `counts_from` (a field
    of the exercise, or of the departure for its review; None: the day the step opened).
    `stage` is the exercise stage the step waits in: once the exercise has moved on, the
    step is no longer due."""

    counts_from: str | None
    working_days: int
    stage: str | None


STEP_RULES = {
    # Publish what was heard and what changed within twelve weeks of the close, as the
    # government's consultation principles ask of a consultation response.
    "publish_summary": StepRule("consultation_closes_on", 60, "consultation"),
    # Invite bids within a month of publishing the summary, while it is still current.
    "publish_tender": StepRule("summary_published_at", 20, "consultation"),
    # Open the bids promptly once the window has closed: bidders are waiting.
    "open_bids": StepRule("bids_close_at", 3, "tender"),
    # Score every bid and write its feedback within three weeks of opening them.
    "evaluate": StepRule("bids_opened_at", 15, "evaluation"),
    # Decide the award within a week of finishing the evaluation.
    "confirm_award": StepRule(None, 5, "evaluation"),
    # Start the service (and schedule its reviews) within two weeks of the standstill's end.
    "schedule_review": StepRule("standstill_ends_on", 10, "award"),
    # The Champion reviews a departure within two weeks of its being recorded.
    "review": StepRule("created_at", 10, None),
}


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def step_due_on(step: str, case, *, exercise, opened_on: datetime.date) -> datetime.date | None:
    """The due date of a commissioning step (`case` is the exercise) or a departure review
    (`case` is the departure), or None when the step has no clock or its starting date is
    not known."""
    rule = STEP_RULES.get(step)
    if rule is None or (rule.stage and exercise.stage != rule.stage):
        return None
    starts_on = opened_on if rule.counts_from is None else _day(getattr(case, rule.counts_from))
    if starts_on is None:
        return None
    return add_working_days(starts_on, rule.working_days, exercise.compact.nation)


def feedback_due_on(exercise) -> datetime.date | None:
    """The day by which the consultation's feedback ("you said, we did") is due: the
    summary step's working days after the consultation closes."""
    if exercise.consultation_closes_on is None:
        return None
    return add_working_days(
        exercise.consultation_closes_on,
        STEP_RULES["publish_summary"].working_days,
        exercise.compact.nation,
    )
