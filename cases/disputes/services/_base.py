"""What the dispute services share: the locked record, the timeline event, the stage's
clock, the transition and telling the parties. Private to `cases.disputes.services`."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.common.services import locked, transition
from cases.common.text import plain
from cases.common.working_days import add_working_days
from cases.disputes import kept
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import (
    Dispute,
    DisputeAnswer,
    DisputeEvent,
    DisputeProcess,
)
from cases.disputes.selectors import (
    party_emails,
    respondent_emails,
)
from workflows.notifications import notify
from workflows.selectors import OPEN as OPEN_STATUSES

Kind = DisputeEvent.Kind


def _lock(dispute: Dispute) -> Dispute:
    return locked(dispute, "compact")


def _event(dispute, *, actor, kind, title, body="", without_prejudice=False, occurred_on=None):
    return DisputeEvent.objects.create(
        dispute=dispute,
        actor=actor,
        kind=kind,
        stage=dispute.stage,
        title=Truncator(plain(title)).chars(200),
        body=plain(body),
        without_prejudice=without_prejudice,
        occurred_on=occurred_on,
    )


def _events(entries: list[tuple[Dispute, str, str]]) -> list[DisputeEvent]:
    """Many disputes' timeline entries at once, by nobody: (dispute, kind, title) each."""
    entries = list(entries)
    made = DisputeEvent.objects.bulk_create(
        DisputeEvent(
            dispute=dispute,
            actor=None,
            kind=kind,
            stage=dispute.stage,
            title=Truncator(plain(title)).chars(200),
        )
        for dispute, kind, title in entries
    )
    # A bulk insert sends no signal: what their pages kept is forgotten here, once the
    # events are written (a page read before then keeps nothing under the new generation).
    kept.changed(*(dispute.pk for dispute, _kind, _title in entries))
    return made


def _start_stage_clock(dispute: Dispute) -> None:
    """Start the working-day clock of the stage the dispute has just entered."""
    limit = dispute.compact.stage_limit(dispute.stage)
    today = timezone.localdate()
    dispute.stage_started_on = today
    dispute.due_on = (
        add_working_days(today, limit, dispute.compact.nation) if limit is not None else None
    )
    dispute.paused_at = None
    dispute.pause_reason = ""
    dispute.working_days_left_at_pause = None
    dispute.reminded_at = None
    dispute.escalated_at = None


def _notify_parties(dispute, template, **context):
    notify(
        to=party_emails(dispute),
        template=template,
        context={"dispute": dispute, "compact": dispute.compact, **context},
    )


# The stages.


def _transition(dispute, method, *, by, description):
    transition(dispute, method, by=by, description=description, noun="dispute")


# The respondent's answer (`cases.disputes.services.answer`): asked for on acceptance, and
# its step cancelled if the dispute ends first.


def _answer_tasks(dispute: Dispute):
    return Task.objects.filter(
        process__in=DisputeProcess.objects.filter(dispute=dispute),
        flow_task=DisputeFlow.answer,
        status__in=OPEN_STATUSES,
    )


def _ask(dispute: Dispute) -> DisputeAnswer:
    """On acceptance: the answer is due `answer_days` working days from today, and the
    respondent's contacts are told what is asked and by when."""
    today = timezone.localdate()
    answer, _ = DisputeAnswer.objects.update_or_create(
        dispute=dispute,
        defaults={
            "asked_on": today,
            "due_on": add_working_days(today, dispute.compact.answer_days, dispute.compact.nation),
        },
    )
    notify(
        to=respondent_emails(dispute),
        template="dispute_answer_asked",
        context={"dispute": dispute, "compact": dispute.compact, "answer": answer},
    )
    return answer


def _cancel_answer_step(dispute: Dispute) -> None:
    """The dispute ended before the respondent answered: its answer step and timers go
    (the caller holds the procedure's lock)."""
    for task in _answer_tasks(dispute):
        Task.objects.filter(previous=task, flow_task_type="TIMER", status=STATUS.SCHEDULED).update(
            status=STATUS.CANCELED, finished=timezone.now()
        )
        task.flow_task.activation_class(task).cancel()


# The dispute's papers (`cases.disputes.bundle`), made by the worker.


def _ask_for_bundle(dispute: Dispute) -> bool:
    """Queue the making of the dispute's papers, once however often asked while it is being
    made (`Dispute.bundle_is_being_made`). The caller holds the dispute's lock. Returns
    whether a job was queued."""
    now = timezone.now()
    if dispute.bundle_is_being_made:
        return False
    dispute.bundle_asked_at = now
    Dispute.objects.filter(pk=dispute.pk).update(bundle_asked_at=now)
    from cases.disputes.jobs import render_bundle

    transaction.on_commit(lambda: render_bundle.enqueue(dispute_id=dispute.pk))
    return True


def _close(dispute, reasons):
    _cancel_answer_step(dispute)
    dispute.outcome_reasons = reasons
    dispute.closed_at = timezone.now()
    dispute.due_on = None
    dispute.paused_at = None
    dispute.save()


def _close_by(dispute, transition, *, by, text, title):
    """Close the dispute with `transition`: log it, stop the clock, write the timeline and
    tell both parties."""
    _transition(dispute, transition, by=by, description=text)
    _close(dispute, text)
    _event(dispute, actor=by, kind=Kind.STAGE, title=title, body=text)
    _notify_parties(dispute, "dispute_closed")
    return dispute
