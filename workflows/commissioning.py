"""Who does what next in commissioning: each commissioner's step completes its task, and
each departure from the Compact becomes a task for the Champion. Each of those steps
runs on a working-day clock: a reminder to whoever holds it, then the joint body's chairs
are told when it is overdue."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.models import Departure, Exercise, ExerciseEvent, Membership
from cases.notifications import notify
from cases.services import commissioning as exercise_services
from workflows import clock
from workflows.flows import DepartureFlow, ExerciseFlow
from workflows.models import DepartureProcess, ExerciseProcess, StepClock
from workflows.services import complete_task

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def exercise_procedure_start(*, exercise: Exercise) -> None:
    ExerciseFlow.start.run(exercise=exercise)


def departure_review_start(*, departure: Departure) -> None:
    DepartureFlow.start.run(departure=departure)


def exercise_tasks(exercise: Exercise):
    return Task.objects.filter(
        process__in=ExerciseProcess.objects.filter(exercise=exercise),
        flow_task_type="HUMAN",
        status__in=OPEN,
    ).select_related("owner")


def _step(exercise, nodes, by, record):
    """Do a commissioner's step: complete its task if it is the open one, otherwise (a
    step done out of the usual order, such as publishing straight from planning) just
    record it."""
    task = exercise_tasks(exercise).filter(flow_task__in=nodes).first()
    if task is None:
        with transaction.atomic():
            return record(exercise)
    result = {}

    def keep(case):
        result["value"] = record(case)

    complete_task(task, by, nodes, keep, holder=False, case="exercise")
    return result["value"]


def exercise_open_consultation(*, exercise, by, **kwargs):
    return _step(
        exercise,
        [ExerciseFlow.plan],
        by,
        lambda e: exercise_services._open_consultation(exercise=e, by=by, **kwargs),
    )


def exercise_publish_summary(*, exercise, by, summary):
    return _step(
        exercise,
        [ExerciseFlow.publish_summary],
        by,
        lambda e: exercise_services._publish_summary(exercise=e, by=by, summary=summary),
    )


def exercise_publish_tender(*, exercise, by, **kwargs):
    return _step(
        exercise,
        [ExerciseFlow.plan, ExerciseFlow.publish_tender],
        by,
        lambda e: exercise_services._publish_tender(exercise=e, by=by, **kwargs),
    )


def exercise_open_bids(*, exercise, by):
    return _step(
        exercise,
        [ExerciseFlow.open_bids],
        by,
        lambda e: exercise_services._open_bids(exercise=e, by=by),
    )


def exercise_finish_evaluation(*, exercise, by):
    """The commissioner has scored every bid and written its feedback."""

    def record(e):
        exercise_services.require_commissioner(by, e)
        unscored = e.bids.filter(status="submitted", score__isnull=True)
        if unscored.exists():
            raise ValidationError("Score every submitted bid and write its feedback first.")
        return e

    return _step(exercise, [ExerciseFlow.evaluate], by, record)


def exercise_award(*, exercise, by, winners):
    return _step(
        exercise,
        [ExerciseFlow.evaluate, ExerciseFlow.confirm_award],
        by,
        lambda e: exercise_services._award(exercise=e, by=by, winners=winners),
    )


def exercise_start_service(*, exercise, by, starts_on, ends_on):
    return _step(
        exercise,
        [ExerciseFlow.schedule_review],
        by,
        lambda e: exercise_services._start_service(
            exercise=e, by=by, starts_on=starts_on, ends_on=ends_on
        ),
    )


def exercise_cancel(*, exercise, by, reasons):
    """Cancel the exercise and every step still open for it."""
    with transaction.atomic():
        exercise = exercise_services._cancel(exercise=exercise, by=by, reasons=reasons)
        for process in ExerciseProcess.objects.filter(exercise=exercise, status=STATUS.NEW):
            ExerciseFlow.instance.cancel(process)
    return exercise


def departure_review(*, departure, by, notes):
    task = (
        Task.objects.filter(
            process__in=DepartureProcess.objects.filter(departure=departure),
            flow_task_type="HUMAN",
            status__in=OPEN,
        )
        .select_related("owner")
        .first()
    )
    if task is None:
        return exercise_services._review_departure(departure=departure, by=by, notes=notes)
    result = {}

    def keep(case):
        result["value"] = exercise_services._review_departure(departure=case, by=by, notes=notes)

    # Whoever is the Champion now may review it (the service checks), not only whoever was
    # Champion when the departure was recorded.
    complete_task(task, by, [DepartureFlow.review], keep, holder=False, case="departure")
    return result["value"]


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
    `clock.STEP_RULES`; the step's two timers share one clock."""
    host = _host(timer)
    existing = StepClock.objects.filter(task=host).first()
    if existing is not None:
        return existing
    return StepClock.objects.create(task=host, due_on=_due_on(host)[1])


def _due_on(host: Task) -> tuple[Exercise, datetime.date | None]:
    """The step's exercise and its due date by `clock.STEP_RULES`."""
    exercise, case = _step_case(host)
    opened_on = timezone.localtime(host.created).date()
    return exercise, clock.step_due_on(
        host.flow_task.name, case, exercise=exercise, opened_on=opened_on
    )


def step_reminder_at(*, timer: Task) -> datetime.datetime:
    step_clock = step_clock_start(timer=timer)
    exercise, _ = _step_case(step_clock.task)
    return clock.reminder_before(step_clock.due_on, exercise.compact)


def step_escalation_at(*, timer: Task) -> datetime.datetime:
    return clock.escalation_after(step_clock_start(timer=timer).due_on)


def _still_waiting(host: Task, exercise: Exercise, case) -> bool:
    """The step is open and its work not yet recorded (the exercise is still at the
    step's stage; the departure not yet reviewed)."""
    if host.status not in OPEN:
        return False
    if isinstance(case, Departure):
        return case.reviewed_at is None
    rule = clock.STEP_RULES.get(host.flow_task.name)
    return rule is not None and exercise.stage == rule.stage


def _step_holders(host: Task, exercise: Exercise, case) -> list:
    """Who holds the step: for a departure review the compact's Champion now; for a
    commissioner's step its owner while they still commission for the organisation,
    otherwise the organisation's commissioners."""
    if isinstance(case, Departure):
        champion = exercise.compact.champion
        return [champion] if champion else []
    if host.owner and exercise_services.is_commissioner(host.owner, exercise):
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


def step_send_reminder(*, task: Task) -> None:
    """Remind whoever holds the step that it is due soon: once, and only while it waits."""
    host = Task.objects.select_related("owner").get(pk=_host(task).pk)
    step_clock = StepClock.objects.select_for_update().filter(task=host).first()
    if step_clock is None or step_clock.reminded_at or step_clock.due_on is None:
        return
    exercise, case = _step_case(host)
    if not _still_waiting(host, exercise, case):
        return
    step_clock.reminded_at = timezone.now()
    step_clock.save(update_fields=["reminded_at"])
    context = _step_context(host, step_clock, exercise, case)
    ExerciseEvent.objects.create(
        exercise=exercise,
        title=f"Reminder sent: “{context['step']}” is due {step_clock.due_on:%-d %B %Y}",
    )
    notify(
        to=[user.email for user in _step_holders(host, exercise, case)],
        template="step_reminder",
        context=context,
    )


def step_send_escalation(*, task: Task) -> None:
    """Tell the joint body's chair and co-chairs that a step has passed its due date:
    once, and only while it waits. The step stays with its holder."""
    host = Task.objects.select_related("owner").get(pk=_host(task).pk)
    step_clock = StepClock.objects.select_for_update().filter(task=host).first()
    if step_clock is None or step_clock.escalated_at or step_clock.due_on is None:
        return
    exercise, case = _step_case(host)
    if not _still_waiting(host, exercise, case):
        return
    step_clock.escalated_at = timezone.now()
    step_clock.save(update_fields=["escalated_at"])
    compact = exercise.compact
    chairs = list(compact.joint_body.filter(role__in=["chair", "co_chair"]).select_related("user"))
    context = _step_context(host, step_clock, exercise, case)
    told = (
        f"the {compact.joint_body_name}'s chair was told"
        if chairs
        else f"the {compact.joint_body_name} has no chair to tell"
    )
    ExerciseEvent.objects.create(
        exercise=exercise,
        title=f"Overdue: “{context['step']}” passed its due date of "
        f"{step_clock.due_on:%-d %B %Y}; {told}",
    )
    notify(
        to=[seat.user.email for seat in chairs],
        template="step_escalation",
        context={**context, "holders": _step_holders(host, exercise, case)},
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
                clock.reminder_before(step_clock.due_on, owner.compact)
                if is_reminder
                else clock.escalation_after(step_clock.due_on)
            )
            timer.save(update_fields=["scheduled"])
