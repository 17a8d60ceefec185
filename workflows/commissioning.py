"""Who does what next in commissioning: each commissioner's step completes its task, and
each departure from the Compact becomes a task for the Champion."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.models import Departure, Exercise
from cases.services import commissioning as exercise_services
from workflows.flows import DepartureFlow, ExerciseFlow
from workflows.models import DepartureProcess, ExerciseProcess
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


def open_consultation(*, exercise, by, **kwargs):
    return _step(
        exercise,
        [ExerciseFlow.plan],
        by,
        lambda e: exercise_services.exercise_open_consultation(exercise=e, by=by, **kwargs),
    )


def publish_summary(*, exercise, by, summary):
    return _step(
        exercise,
        [ExerciseFlow.publish_summary],
        by,
        lambda e: exercise_services.exercise_publish_summary(exercise=e, by=by, summary=summary),
    )


def publish_tender(*, exercise, by, **kwargs):
    return _step(
        exercise,
        [ExerciseFlow.plan, ExerciseFlow.publish_tender],
        by,
        lambda e: exercise_services.exercise_publish_tender(exercise=e, by=by, **kwargs),
    )


def open_bids(*, exercise, by):
    return _step(
        exercise,
        [ExerciseFlow.open_bids],
        by,
        lambda e: exercise_services.exercise_open_bids(exercise=e, by=by),
    )


def finish_evaluation(*, exercise, by):
    """The commissioner has scored every bid and written its feedback."""

    def record(e):
        exercise_services.require_commissioner(by, e)
        unscored = e.bids.filter(status="submitted", score__isnull=True)
        if unscored.exists():
            raise ValidationError("Score every submitted bid and write its feedback first.")
        return e

    return _step(exercise, [ExerciseFlow.evaluate], by, record)


def award(*, exercise, by, winners):
    return _step(
        exercise,
        [ExerciseFlow.evaluate, ExerciseFlow.confirm_award],
        by,
        lambda e: exercise_services.exercise_award(exercise=e, by=by, winners=winners),
    )


def start_service(*, exercise, by, starts_on, ends_on):
    return _step(
        exercise,
        [ExerciseFlow.schedule_review],
        by,
        lambda e: exercise_services.exercise_start_service(
            exercise=e, by=by, starts_on=starts_on, ends_on=ends_on
        ),
    )


def cancel(*, exercise, by, reasons):
    """Cancel the exercise and every step still open for it."""
    with transaction.atomic():
        exercise = exercise_services.exercise_cancel(exercise=exercise, by=by, reasons=reasons)
        for process in ExerciseProcess.objects.filter(exercise=exercise, status=STATUS.NEW):
            ExerciseFlow.instance.cancel(process)
    return exercise


def review_departure(*, departure, by, notes):
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
        return exercise_services.departure_review(departure=departure, by=by, notes=notes)
    result = {}

    def keep(case):
        result["value"] = exercise_services.departure_review(departure=case, by=by, notes=notes)

    # Whoever is the Champion now may review it (the service checks), not only whoever was
    # Champion when the departure was recorded.
    complete_task(task, by, [DepartureFlow.review], keep, holder=False, case="departure")
    return result["value"]
