"""What the commissioning services share: the locked exercise, its timeline, the logged
transition, and doing a step of its procedure. Private to `cases.commissioning.services`."""

from __future__ import annotations

from django.db import transaction
from django_fsm import can_proceed

from cases.commissioning.models import (
    Departure,
    Exercise,
    ExerciseEvent,
)
from cases.commissioning.selectors import exercise_tasks
from cases.common.services import refuse
from cases.common.text import plain
from workflows.services import complete_task

Rule = Departure.Rule


# Which code of practice each rule protects, to link a departure to the commitment.
def _lock(exercise: Exercise) -> Exercise:
    return Exercise.objects.select_for_update().select_related("compact").get(pk=exercise.pk)


def _event(exercise, *, actor, title, body=""):
    return ExerciseEvent.objects.create(
        exercise=exercise, actor=actor, title=plain(title), body=plain(body)
    )


def _transition(exercise, method, *, by, description):
    if not can_proceed(method):
        refuse(
            f"This exercise is at {exercise.get_stage_display().lower()}: that step is not "
            "open now. Nothing was changed."
        )
    method(by=by, description=description)


def _weeks(days: int) -> str:
    weeks, rest = divmod(days, 7)
    return f"{weeks} week{'s' * (weeks != 1)}" + (
        f" and {rest} day{'s' * (rest != 1)}" if rest else ""
    )


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

    complete_task(task, by, nodes, keep, holder=False)
    return result["value"]
