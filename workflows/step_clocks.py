"""Clocks for steps that keep their own due date (a `StepClock`), for any kind of case.

A kind says, in a `ClockRules`, how to read one of its steps: the step's due date when it
opens, the compact whose calendar and joint body it uses, whether it still waits, who
holds it, and how to log a notice on the case's timeline. The flows' timers then ask
`reminder_at` and `escalation_at`, and the timer sweep sends `send_notices`: a reminder
to the holder before the due date and, once it has passed, an overdue notice to the
joint body's chair and co-chairs; each once, and none for a step no longer waiting.
`refresh` moves a step's clock and timers when its due date changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.common.formats import in_english
from workflows.clock import escalation_after, notice_once, reminder_before
from workflows.models import StepClock
from workflows.selectors import OPEN


@dataclass(frozen=True)
class ClockRules:
    due_on: Callable[[Task], datetime.date | None]  # the step's due date (the host step)
    compact: Callable[[Task], Any]  # whose calendar, reminder days and joint body
    waiting: Callable[[Task], bool]  # the step's work is not yet done
    holders: Callable[[Task], list]  # who holds the step (reminded)
    log: Callable[[Task, str], None]  # write a line on the case's timeline
    context: Callable[[Task], dict]  # the e-mails' context: "what", "url"
    template: str  # e-mails `<template>_reminder` and `<template>_escalation`


def host(task: Task) -> Task:
    """The step a timer is attached to, from the timer or the function it fired."""
    while task.flow_task_type != "HUMAN":
        task = task.previous.get()
    return task


def clock_start(timer: Task, rules: ClockRules) -> StepClock:
    """The clock of the step `timer` belongs to, started with its due date if new."""
    step = host(timer)
    existing = StepClock.objects.filter(task=step).first()
    if existing is not None:
        return existing
    return StepClock.objects.create(task=step, due_on=rules.due_on(step))


def reminder_at(timer: Task, rules: ClockRules) -> datetime.datetime:
    step_clock = clock_start(timer, rules)
    return reminder_before(step_clock.due_on, rules.compact(step_clock.task))


def escalation_at(timer: Task, rules: ClockRules) -> datetime.datetime:
    return escalation_after(clock_start(timer, rules).due_on)


def send_notices(*, timers: list[Task], reminder: bool, rules: ClockRules) -> set[int]:
    """The reminders (or overdue notices) of fired timers, each once; the caller holds
    the procedures' locks. Returns the procedures dealt with: all of them."""
    for timer in timers:
        send_notice(timer, rules, reminder=reminder)
    return {timer.process_id for timer in timers}


def send_notice(task: Task, rules: ClockRules, *, reminder: bool) -> bool:
    step = Task.objects.select_related("owner").get(pk=host(task).pk)
    step_clock = StepClock.objects.select_for_update().filter(task=step).first()
    if step_clock is None or step_clock.due_on is None:
        return False
    compact = rules.compact(step)
    # The step's history line stays in English; the e-mail is written in its own languages.
    with in_english():
        title = str(step.flow_task.task_title)
    due = f"{step_clock.due_on:%-d %B %Y}"
    context = {
        "step": step.flow_task.task_title,
        "due_on": step_clock.due_on,
        "compact": compact,
        **rules.context(step),
    }
    if reminder:
        people = rules.holders(step)
        line = f"Reminder sent: “{title}” is due {due}"
    else:
        people = [
            seat.user
            for seat in compact.joint_body.filter(role__in=["chair", "co_chair"]).select_related(
                "user"
            )
        ]
        with in_english():  # kept in the case's log, in English
            name = compact.joint_body_name
        told = f"the {name}'s chair was told" if people else f"the {name} has no chair to tell"
        line = f"Overdue: “{title}” passed its due date of {due}; {told}"
        context["holders"] = rules.holders(step)
    return notice_once(
        step_clock,
        "reminded_at" if reminder else "escalated_at",
        waiting=step.status in OPEN and rules.waiting(step),
        log=lambda: rules.log(step, line),
        to=lambda: [user.email for user in people],
        template=f"{rules.template}_{'reminder' if reminder else 'escalation'}",
        context=lambda: context,
    )


def refresh(step: Task, rules: ClockRules) -> None:
    """Work the open step's due date out again and move its clock and the timers that
    have not fired yet to match."""
    step_clock = StepClock.objects.filter(task=step).first()
    if step_clock is None or step.status not in OPEN:
        return
    due_on = rules.due_on(step)
    if due_on == step_clock.due_on:
        return
    step_clock.due_on = due_on
    step_clock.save(update_fields=["due_on"])
    compact = rules.compact(step)
    for timer in Task.objects.filter(
        previous=step, flow_task_type="TIMER", status=STATUS.SCHEDULED
    ):
        is_reminder = timer.flow_task.name.endswith("__timeout")
        timer.scheduled = (
            reminder_before(due_on, compact) if is_reminder else escalation_after(due_on)
        )
        timer.save(update_fields=["scheduled"])
