"""When a dispute's reminder and escalation fire: from its stage's due date
(`Dispute.due_on`), parked while the clock is paused; and the respondent's answer's, from
the answer's own due date (`DisputeAnswer.due_on`)."""

import datetime

from workflows.clock import escalation_after, reminder_before


def reminder_at(dispute) -> datetime.datetime:
    return reminder_before(dispute.due_on, dispute.compact)


def escalation_at(dispute) -> datetime.datetime:
    return escalation_after(dispute.due_on)


def answer_reminder_at(dispute) -> datetime.datetime:
    return reminder_before(dispute.answer.due_on, dispute.compact)


def answer_escalation_at(dispute) -> datetime.datetime:
    return escalation_after(dispute.answer.due_on)


def remedy_reminder_at(remedy) -> datetime.datetime:
    return reminder_before(remedy.due_on, remedy.dispute.compact)


def remedy_escalation_at(remedy) -> datetime.datetime:
    return escalation_after(remedy.due_on)
