"""The clocks of the year's steps (`workflows.step_clocks`): a lead's report on an action
is due on the action's target date; the Champion's review of an impact assessment ten
working days after it was recorded."""

from __future__ import annotations

from django.utils import timezone
from viewflow.workflow.models import Task

from cases.common.working_days import add_working_days
from cases.register.services import audit_record
from cases.year.models import ActionProcess, ImpactProcess
from workflows.step_clocks import ClockRules

REVIEW_WORKING_DAYS = 10


def record_of(task: Task):
    """The action or the impact assessment a step belongs to."""
    process = ActionProcess.objects.select_related("action__compact").filter(pk=task.process_id)
    if process:
        return process[0].action
    return (
        ImpactProcess.objects.select_related("assessment__compact")
        .get(pk=task.process_id)
        .assessment
    )


def _due_on(task: Task):
    record = record_of(task)
    if hasattr(record, "target_date"):
        return record.target_date
    opened = timezone.localtime(record.created_at).date()
    return add_working_days(opened, REVIEW_WORKING_DAYS, record.compact.nation)


def _waiting(task: Task) -> bool:
    record = record_of(task)
    if hasattr(record, "target_date"):
        return record.is_open
    return record.reviewed_at is None


def _holders(task: Task) -> list:
    record = record_of(task)
    if hasattr(record, "target_date"):
        person = record.lead_person or record.compact.champion
    else:
        person = record.compact.champion
    return [person] if person else []


def _log(task: Task, line: str) -> None:
    record = record_of(task)
    action = (
        "sent a reminder about" if line.startswith("Reminder") else "sent an overdue notice about"
    )
    audit_record(
        actor=None, action=action, obj=record, compact=record.compact, changes={"notice": line}
    )


def _context(task: Task) -> dict:
    record = record_of(task)
    return {
        "what": str(record) if hasattr(record, "target_date") else record.title,
        "url": record.get_absolute_url(),
    }


RULES = ClockRules(
    due_on=_due_on,
    compact=lambda task: record_of(task).compact,
    waiting=_waiting,
    holders=_holders,
    log=_log,
    context=_context,
    template="year_step",
)
