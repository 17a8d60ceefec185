"""The respondent's answer: asked for when the Champion accepts a dispute, given once on
the answer step (with evidence), on its own working-day clock that the Champion can
extend with a reason both parties see; and the reminder and late notice its timers fire.

The answer's step runs beside the informal stage (`DisputeFlow.answer`). Its due date is
the answer's own, so the task lists show it (`workflows.entries.clock_saved`), and the
dispute's pause and resume leave its timers alone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.common.services import refuse, require
from cases.common.text import plain
from cases.common.uploads import MAX_FILES, check_upload
from cases.common.working_days import add_working_days, working_days_between
from cases.disputes import selectors
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import Dispute, DisputeAnswer, DisputeProcess
from cases.disputes.rules import answers_for_respondent, is_champion
from cases.disputes.services._base import (
    Kind,
    _answer_tasks,
    _event,
    _events,
    _lock,
    _notify_parties,
)
from cases.disputes.services.procedure import _procedure_locked
from cases.disputes.services.raising import _store_document
from workflows import entries, navigation
from workflows.clock import notices_once
from workflows.notifications import Message, notify
from workflows.selectors import OPEN as OPEN_STATUSES
from workflows.services import complete_task

ANSWER_TIMERS = "answer__"  # the answer step's timers: `answer__timeout` and `..._2`
MAX_EXTENSION = 60  # working days at a time


def _record_answer(
    *,
    dispute: Dispute,
    by,
    account: str,
    accepted: Iterable,
    disputed: Iterable,
    already_done: str = "",
    offer: str = "",
    evidence: Iterable[Any] = (),
    holds_step: bool = False,
) -> DisputeAnswer:
    # The Champion holding the answer step (given when the respondent had nobody here)
    # may still record it after a member joins.
    require(
        answers_for_respondent(by, dispute) or (holds_step and is_champion(by, dispute)),
        _("Only someone who acts for the respondent can answer the dispute."),
    )
    evidence = list(evidence)
    if len(evidence) > MAX_FILES:
        refuse(
            ngettext("Add up to %(count)s file", "Add up to %(count)s files", MAX_FILES)
            % {"count": MAX_FILES},
            "evidence",
        )
    types = [check_upload(upload) for upload in evidence]
    account = plain(account, field="account")
    already_done = plain(already_done, field="already_done")
    offer = plain(offer, field="offer")
    if not account:
        refuse(_("Enter your account of what happened"), "account")
    dispute = _lock(dispute)
    answer = DisputeAnswer.objects.select_for_update().filter(dispute=dispute).first()
    if answer is None:
        refuse(_("This dispute has not asked for an answer."))
    if answer.is_given:
        refuse(_("The respondent has already answered this dispute."))
    if not dispute.is_open:
        refuse(_("The dispute has ended: it no longer needs an answer."))
    accepted, disputed = set(accepted), set(disputed)
    named = set(dispute.commitments.all())
    if accepted & disputed or (accepted | disputed) != named:
        refuse(_("Say for each commitment whether you accept it was broken"), "commitments")
    today = timezone.localdate()
    answer.account = account
    answer.already_done = already_done
    answer.offer = offer
    answer.answered_by = by
    answer.answered_at = timezone.now()
    answer.late = today > answer.due_on
    answer.save()
    answer.accepted.set(accepted)
    answer.disputed.set(disputed)
    for upload, content_type in zip(evidence, types, strict=True):
        _store_document(
            dispute,
            by=by,
            upload=upload,
            content_type=content_type,
            answer=answer,
            without_prejudice=False,  # the answer's evidence is for the panel too
        )
    if answer.late:
        late_by = working_days_between(answer.due_on, today, dispute.compact.nation)
        title = f"The respondent answered, {late_by} working day{'s' if late_by != 1 else ''} late"
    else:
        title = "The respondent answered"
    _event(dispute, actor=by, kind=Kind.ANSWER, title=title)
    emails = selectors.party_emails(dispute)
    if dispute.compact.champion and dispute.compact.champion.email:
        emails.append(dispute.compact.champion.email)
    notify(
        to=emails,
        template="dispute_answered",
        context={"dispute": dispute, "compact": dispute.compact, "answer": answer},
    )
    return answer


def answer_complete(
    *,
    task: Task,
    by,
    account: str,
    accepted: Iterable,
    disputed: Iterable,
    already_done: str = "",
    offer: str = "",
    evidence: Iterable[Any] = (),
) -> Task:
    """The respondent gives its answer on the answer step (once: a second submit finds the
    step done)."""
    answer = {
        "account": account,
        "accepted": accepted,
        "disputed": disputed,
        "already_done": already_done,
        "offer": offer,
        "evidence": evidence,
    }
    return _complete(task, by, answer, holder=True)


def _complete(task: Task, by, answer: dict, *, holder: bool) -> Task:
    """Complete the answer step with `answer` recorded. The step's holder may be the
    Champion, given it when the respondent had nobody here (`holds_step`)."""

    def record(dispute):
        _record_answer(dispute=dispute, by=by, holds_step=holder, **answer)

    return complete_task(task, by, [DisputeFlow.answer], record, holder=holder)


def dispute_answer(
    *,
    dispute: Dispute,
    by,
    account: str,
    accepted: Iterable,
    disputed: Iterable,
    already_done: str = "",
    offer: str = "",
    evidence: Iterable[Any] = (),
) -> DisputeAnswer:
    """The same answer from wherever the respondent is (the API): completes the open answer
    step, whoever of the respondent holds it."""
    require(
        answers_for_respondent(by, dispute),
        _("Only someone who acts for the respondent can answer the dispute."),
    )
    task = _answer_tasks(dispute).first()
    if task is None:
        answer = DisputeAnswer.objects.filter(dispute=dispute).first()
        refuse(
            _("The respondent has already answered this dispute.")
            if answer and answer.is_given
            else _("This dispute is not waiting for an answer.")
        )

    answer = {
        "account": account,
        "accepted": accepted,
        "disputed": disputed,
        "already_done": already_done,
        "offer": offer,
        "evidence": evidence,
    }
    _complete(task, by, answer, holder=False)
    return DisputeAnswer.objects.get(dispute=dispute)


def _rearm_timers(task: Task) -> None:
    """The answer's reminder and late notice, set again for its new due date (those that
    had fired or were waiting alike)."""
    Task.objects.filter(previous=task, flow_task_type="TIMER", status=STATUS.SCHEDULED).update(
        status=STATUS.CANCELED, finished=timezone.now()
    )
    host = task.flow_task.activation_class(task)
    for boundary in task.flow_task._boundary_events:
        boundary._arm(host)


def dispute_extend_answer(*, dispute: Dispute, by, days: int, reason: str) -> DisputeAnswer:
    """The Champion gives the respondent more working days to answer, from the due date
    (or from today, if it has passed), with a reason both parties see."""
    require(is_champion(by, dispute), _("Only the Champion can give more time to answer."))
    reason = plain(reason, field="reason")
    if not reason:
        refuse(_("Enter why the respondent has more time; both parties will see it"), "reason")
    if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION:
        refuse(
            _("Enter a number of working days from 1 to %(most)s") % {"most": MAX_EXTENSION},
            "days",
        )
    with _procedure_locked(dispute):
        dispute = _lock(dispute)
        answer = DisputeAnswer.objects.select_for_update().filter(dispute=dispute).first()
        if answer is None or answer.is_given or not dispute.is_open:
            refuse(_("This dispute is not waiting for an answer."))
        start = max(answer.due_on, timezone.localdate())
        answer.due_on = add_working_days(start, days, dispute.compact.nation)
        answer.reminded_at = None
        answer.escalated_at = None
        answer.save()
        _event(
            dispute,
            actor=by,
            kind=Kind.CLOCK,
            title=f"More time to answer: the answer is now due {answer.due_on:%-d %B %Y}",
            body=reason,
        )
        _notify_parties(dispute, "dispute_answer_extended", answer=answer, reason=reason)
        answer_timers_refresh(dispute=dispute, due_on=answer.due_on)
    return answer


def answer_timers_refresh(*, dispute: Dispute, due_on) -> None:
    """The answer is now due on `due_on`: its step's due date in the lists, and its
    reminder and late notice, follow (the caller holds the procedure's lock)."""
    for task in _answer_tasks(dispute):
        entries.clock_saved(task.pk, due_on)
        _rearm_timers(task)
        if task.owner_id:
            navigation.forget(task.owner_id)


# The answer's reminder and late notice, fired by its timers.


def dispute_send_answer_notices(
    *, processes: list[int], reminder: bool, skip_locked: bool = False
) -> set[int]:
    """The answers' reminders (to whoever holds the answer step) or late notices (to the
    Champion, who can give more time, and the respondent), each once, none for an answer
    given or a dispute ended. As `dispute_send_notices`: returns the procedures dealt
    with; with `skip_locked`, an answer being changed is left for the next sweep."""
    of_dispute = dict(
        DisputeProcess.objects.filter(pk__in=processes).values_list("dispute_id", "pk")
    )
    answers = list(
        DisputeAnswer.objects.select_for_update(of=("self",), skip_locked=skip_locked)
        .select_related("dispute__compact__champion", "dispute__respondent")
        .filter(dispute__in=of_dispute)
        .order_by("pk")
    )
    handled = {of_dispute[answer.dispute_id] for answer in answers}
    field = "reminded_at" if reminder else "escalated_at"
    waiting = [a for a in answers if not a.is_given and a.dispute.is_open]
    if not waiting:
        return handled
    holders = {}
    for task in (
        Task.objects.filter(
            process_id__in=[of_dispute[a.dispute_id] for a in waiting],
            flow_task=DisputeFlow.answer,
            status__in=OPEN_STATUSES,
        )
        .exclude(owner=None)
        .select_related("owner")
    ):
        holders[task.process_id] = task.owner

    def holder_emails(answer) -> list[str]:
        owner = holders.get(of_dispute[answer.dispute_id])
        return [owner.email] if owner else selectors.respondent_emails(answer.dispute)

    if reminder:

        def title(answer):
            return f"Reminder sent: the respondent's answer is due {answer.due_on:%-d %B %Y}"

        def message(answer):
            context = {"dispute": answer.dispute, "compact": answer.dispute.compact}
            return Message(
                holder_emails(answer), "dispute_answer_reminder", {**context, "answer": answer}
            )

    else:

        def title(answer):
            return (
                f"Late: the respondent's answer was due {answer.due_on:%-d %B %Y}; "
                "the Champion was told"
            )

        def message(answer):
            champion = answer.dispute.compact.champion
            context = {"dispute": answer.dispute, "compact": answer.dispute.compact}
            return Message(
                [champion.email if champion else "", *holder_emails(answer)],
                "dispute_answer_late",
                {**context, "answer": answer},
            )

    def log(sent):
        kind = Kind.REMINDER if reminder else Kind.ESCALATION
        _events([(answer.dispute, kind, title(answer)) for answer in sent])

    notices_once(waiting, field, waiting=lambda answer: True, log=log, message=message)
    return handled


def answer_timers(timers) -> tuple[list, list]:
    """Split fired timers into the answer's and the stages'."""
    answer, stage = [], []
    for timer in timers:
        (answer if timer.flow_task.name.startswith(ANSWER_TIMERS) else stage).append(timer)
    return answer, stage
