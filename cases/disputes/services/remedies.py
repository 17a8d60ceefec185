"""Remedies: the actions a decision or a mediated agreement asks of a party, each followed
up in its own procedure (`RemedyFlow`): the party carries it out by its due date and
reports it done with evidence; the complainant can say it was not done; the joint body
confirms compliance or, where it was not carried out, reopens the dispute with the
Champion."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from cases.common.services import refuse, require
from cases.common.text import plain
from cases.common.uploads import check_upload
from cases.common.working_days import add_working_days
from cases.disputes.flow import DisputeFlow, RemedyFlow
from cases.disputes.models import (
    Dispute,
    DisputeDocument,
    DisputeStage,
    Remedy,
    RemedyProcess,
)
from cases.disputes.rules import acts_for_joint_body, is_champion, is_complainant, standing_aside
from cases.disputes.selectors import contact_of, party_emails
from cases.disputes.services._base import (
    Kind,
    _event,
    _events,
    _lock,
    _notify_parties,
    _start_stage_clock,
    _transition,
)
from cases.disputes.services.raising import _store_document
from cases.register.models import JointBodyMember
from cases.register.rules import is_member
from workflows.clock import notices_once
from workflows.notifications import Message, notify
from workflows.selectors import OPEN as OPEN_STATUSES
from workflows.services import complete_task

MAX_DAYS = 250


def _set_remedies(dispute: Dispute, remedies: list[dict], *, by) -> list[Remedy]:
    """Record the remedies a decision or agreement asks for and start each one's
    follow-up (the caller holds the dispute's lock, in its transaction)."""
    parties = {
        dispute.complainant_id: dispute.complainant,
        dispute.respondent_id: dispute.respondent,
    }
    made = []
    today = timezone.localdate()
    for n, remedy in enumerate(remedies, start=1):
        owed_by = parties.get(remedy["owed_by"])
        action = plain(remedy["action"], field="remedies")
        days = remedy["days"]
        if owed_by is None:
            refuse(_("Remedy %(n)s must be owed by one of the parties") % {"n": n}, "remedies")
        if not action:
            refuse(_("Enter what remedy %(n)s asks for") % {"n": n}, "remedies")
        if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
            refuse(
                _("Give remedy %(n)s from 1 to %(most)s working days") % {"n": n, "most": MAX_DAYS},
                "remedies",
            )
        made.append(
            Remedy.objects.create(
                dispute=dispute,
                owed_by=owed_by,
                action=action,
                working_days=days,
                due_on=add_working_days(today, days, dispute.compact.nation),
            )
        )
    for remedy in made:
        _event(
            dispute,
            actor=by,
            kind=Kind.DECISION,
            title=f"Remedy for {remedy.owed_by.name}, due {remedy.due_on:%-d %B %Y}",
            body=remedy.action,
        )
        RemedyFlow.start.run(remedy=remedy)
    if made:
        _notify_parties(dispute, "dispute_remedies", remedies=made)
    return made


def _locked_remedy(remedy: Remedy) -> Remedy:
    return (
        Remedy.objects.select_for_update()
        .select_related("dispute__compact", "owed_by")
        .get(pk=remedy.pk)
    )


def remedy_done_complete(*, task: Task, by, note: str, evidence: Any = None) -> Task:
    """The party that owes the remedy reports it carried out, with evidence if it has
    some; the joint body then confirms it."""
    content_type = check_upload(evidence) if evidence else None

    def record(remedy):
        remedy = _locked_remedy(remedy)
        dispute = remedy.dispute
        # The step's holder (checked by complete_task): the organisation's contact, or the
        # Champion where it had nobody here.
        require(
            is_member(by, remedy.owed_by) or is_champion(by, dispute),
            _("Only someone who acts for %(organisation)s reports this remedy done.")
            % {"organisation": remedy.owed_by.name},
        )
        text = plain(note, field="note")
        if not text:
            refuse(_("Say what was done"), "note")
        if remedy.status != Remedy.Status.OPEN:
            refuse(_("This remedy has already been reported."))
        if evidence:
            remedy.evidence = _store_document(
                dispute,
                by=by,
                upload=evidence,
                content_type=content_type,
                without_prejudice=False,
            )
        remedy.status = Remedy.Status.DONE
        remedy.done_at = timezone.now()
        remedy.done_by = by
        remedy.done_note = text
        remedy.save()
        _event(
            dispute,
            actor=by,
            kind=Kind.NOTE,
            title=f"{remedy.owed_by.name} reported a remedy done",
            body=text,
        )
        _notify_parties(dispute, "dispute_remedy_done", remedy=remedy)

    return complete_task(task, by, [RemedyFlow.carry_out], record)


def remedy_challenge(*, remedy: Remedy, by, text: str) -> Remedy:
    """The complainant says the remedy was not carried out: the joint body sees why when
    it confirms compliance."""
    text = plain(text, field="text")
    with transaction.atomic():
        remedy = _locked_remedy(remedy)
        dispute = remedy.dispute
        require(
            is_complainant(by, dispute), _("Only the complainant can say a remedy was not done.")
        )
        if not text:
            refuse(_("Say what was not done"), "text")
        if remedy.is_settled:
            refuse(_("The joint body has already decided on this remedy."))
        remedy.challenged_at = timezone.now()
        remedy.challenged_by = by
        remedy.challenge = text
        remedy.save()
        _event(
            dispute,
            actor=by,
            kind=Kind.NOTE,
            title=f"The complainant says a remedy for {remedy.owed_by.name} was not done",
            body=text,
        )
        _notify_parties(dispute, "dispute_remedy_challenged", remedy=remedy)
    return remedy


def remedy_check_complete(*, task: Task, by, complied: bool, note: str = "") -> Task:
    """The joint body confirms the remedy was carried out, or finds it was not and reopens
    the dispute, back with the Champion in informal resolution."""

    def record(remedy):
        remedy = _locked_remedy(remedy)
        dispute = remedy.dispute
        require(
            acts_for_joint_body(by, dispute),
            _("Only joint body members who are not party to the dispute confirm remedies."),
        )
        text = plain(note, field="text")
        if not complied and not text:
            refuse(_("Say why the remedy was not carried out"), "text")
        if remedy.status != Remedy.Status.DONE:
            refuse(_("The remedy has not been reported done."))
        remedy.status = Remedy.Status.COMPLIED if complied else Remedy.Status.NOT_COMPLIED
        remedy.decided_at = timezone.now()
        remedy.decided_by = by
        remedy.decision_note = text
        remedy.save()
        if complied:
            _event(
                dispute,
                actor=by,
                kind=Kind.NOTE,
                title=f"Remedy confirmed: {remedy.owed_by.name} carried it out",
                body=text,
            )
            _notify_parties(dispute, "dispute_remedy_checked", remedy=remedy)
            return
        _reopen(dispute, by=by, reason=text, remedy=remedy)

    return complete_task(task, by, [RemedyFlow.check], record)


def remedy_not_carried_out(*, remedy: Remedy, by, reason: str) -> Remedy:
    """A remedy past its due date that its party never reported done: the joint body
    records that it was not carried out (its steps stop) and the dispute is reopened."""
    reason = plain(reason, field="text")
    process = RemedyProcess.objects.filter(remedy=remedy).first()
    with RemedyFlow.lock(process.pk), transaction.atomic():
        remedy = _locked_remedy(remedy)
        dispute = remedy.dispute
        require(
            acts_for_joint_body(by, dispute),
            _("Only joint body members who are not party to the dispute decide on remedies."),
        )
        if not reason:
            refuse(_("Say why the remedy was not carried out"), "text")
        if remedy.status != Remedy.Status.OPEN or not remedy.is_overdue:
            refuse(
                _("Only a remedy past its due date and not reported done can be found not done.")
            )
        remedy.status = Remedy.Status.NOT_COMPLIED
        remedy.decided_at = timezone.now()
        remedy.decided_by = by
        remedy.decision_note = reason
        remedy.save()
        RemedyFlow.instance.cancel(RemedyProcess.objects.get(pk=process.pk))
        _reopen(dispute, by=by, reason=reason, remedy=remedy)
    return remedy


def _reopen(dispute: Dispute, *, by, reason: str, remedy: Remedy) -> None:
    """Reopen the dispute with the Champion; or, if it is already open again (another
    remedy reopened it) or was withdrawn, note the remedy on its timeline and tell the
    parties and the Champion."""
    dispute = _lock(dispute)
    if dispute.stage != DisputeStage.CLOSED:
        _event(
            dispute,
            actor=by,
            kind=Kind.NOTE,
            title=f"A remedy for {remedy.owed_by.name} was not carried out",
            body=reason,
        )
        notify(
            to=[*party_emails(dispute), getattr(dispute.compact.champion, "email", "")],
            template="dispute_remedy_not_done",
            context={"dispute": dispute, "compact": dispute.compact, "remedy": remedy},
        )
        return
    if dispute.decision_letter:
        # The letter of the decision that is reopened stays with the dispute's papers.
        letter = dispute.decision_letter
        DisputeDocument.objects.create(
            dispute=dispute,
            uploaded_by=by,
            file=letter.name,
            original_name=f"{dispute.reference}-decision-{dispute.decided_at:%Y-%m-%d}.pdf"
            if dispute.decided_at
            else f"{dispute.reference}-decision.pdf",
            content_type="application/pdf",
            size=letter.size if letter.storage.exists(letter.name) else 0,
            stage=dispute.stage,
        )
    _transition(dispute, dispute.reopen, by=by, description=reason)
    dispute.panel.clear()
    _start_stage_clock(dispute)
    dispute.save()
    _event(
        dispute,
        actor=by,
        kind=Kind.STAGE,
        title=f"Reopened: a remedy for {remedy.owed_by.name} was not carried out",
        body=reason,
    )
    _notify_parties(dispute, "dispute_stage")
    DisputeFlow.reopen.run(dispute=dispute)


def remedy_timers_refresh(*, remedy: Remedy) -> None:
    """Move an open remedy's reminder and overdue timers to its (new) due date."""
    from cases.disputes import clock

    for timer in Task.objects.filter(
        process__in=RemedyProcess.objects.filter(remedy=remedy),
        flow_task_type="TIMER",
        status="SCHEDULED",
    ):
        is_reminder = timer.flow_task.name.endswith("__timeout")
        timer.scheduled = (clock.remedy_reminder_at if is_reminder else clock.remedy_escalation_at)(
            remedy
        )
        timer.save(update_fields=["scheduled"])
    from workflows import entries

    for task in Task.objects.filter(
        process__in=RemedyProcess.objects.filter(remedy=remedy), flow_task_type="HUMAN"
    ):
        entries.clock_saved(task.pk, remedy.due_on)


# The remedy's reminder and overdue notice, fired by its timers.


def remedy_send_notices(
    *, processes: list[int], reminder: bool, skip_locked: bool = False
) -> set[int]:
    """Remind whoever holds a remedy that it is due soon, or tell the joint body's chairs
    (those who do not stand aside) and the complainant that it is overdue: each once,
    none for a remedy already reported. Returns the procedures dealt with."""
    of_remedy = dict(RemedyProcess.objects.filter(pk__in=processes).values_list("remedy_id", "pk"))
    remedies = list(
        Remedy.objects.select_for_update(of=("self",), skip_locked=skip_locked)
        .select_related("dispute__compact", "dispute__raised_by", "owed_by")
        .filter(pk__in=of_remedy)
        .order_by("pk")
    )
    handled = {of_remedy[remedy.pk] for remedy in remedies}
    field = "reminded_at" if reminder else "escalated_at"
    waiting = [r for r in remedies if r.status == Remedy.Status.OPEN]
    if not waiting:
        return handled
    holders = {
        task.process_id: task.owner
        for task in Task.objects.filter(
            process_id__in=[of_remedy[r.pk] for r in waiting],
            flow_task=RemedyFlow.carry_out,
            status__in=OPEN_STATUSES,
        )
        .exclude(owner=None)
        .select_related("owner")
    }
    disputes = [r.dispute for r in waiting]
    chairs = defaultdict(list)
    for seat in JointBodyMember.objects.filter(
        compact_id__in={d.compact_id for d in disputes}, role__in=["chair", "co_chair"]
    ).select_related("user"):
        chairs[seat.compact_id].append(seat.user)
    aside = standing_aside([u for users in chairs.values() for u in users], disputes)

    def message(remedy):
        context = {"dispute": remedy.dispute, "compact": remedy.dispute.compact, "remedy": remedy}
        if reminder:
            owner = holders.get(of_remedy[remedy.pk]) or contact_of(remedy.owed_by)
            return Message([owner.email] if owner else [], "dispute_remedy_reminder", context)
        told = [
            u.email
            for u in chairs[remedy.dispute.compact_id]
            if (u.pk, remedy.dispute_id) not in aside
        ]
        raiser = remedy.dispute.raised_by
        return Message(
            [*told, *([raiser.email] if raiser else [])], "dispute_remedy_overdue", context
        )

    def log(sent):
        kind = Kind.REMINDER if reminder else Kind.ESCALATION
        _events(
            [
                (
                    r.dispute,
                    kind,
                    (
                        f"Reminder sent: a remedy for {r.owed_by.name} is due "
                        if reminder
                        else f"Overdue: a remedy for {r.owed_by.name} was due "
                    )
                    + f"{r.due_on:%-d %B %Y}",
                )
                for r in sent
            ]
        )

    notices_once(waiting, field, waiting=lambda remedy: True, log=log, message=message)
    return handled
