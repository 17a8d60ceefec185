"""What the commissioning services share: the locked exercise, its timeline, the logged
transition, and doing a step of its procedure. Private to `cases.commissioning.services`."""

from __future__ import annotations

from django.db import transaction

from cases.commissioning.models import (
    Departure,
    Exercise,
    ExerciseEvent,
)
from cases.commissioning.selectors import exercise_tasks
from cases.common.services import locked, transition
from cases.common.text import plain
from workflows.services import complete_task

Rule = Departure.Rule


def _lock(exercise: Exercise) -> Exercise:
    return locked(exercise, "compact")


def _event(exercise, *, actor, title, body=""):
    return ExerciseEvent.objects.create(
        exercise=exercise, actor=actor, title=plain(title), body=plain(body)
    )


def _transition(exercise, method, *, by, description):
    transition(exercise, method, by=by, description=description, noun="exercise")


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
