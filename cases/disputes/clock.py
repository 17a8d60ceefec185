"""When a step's reminder and escalation fire, from its working-day due date.

The reminder goes at 9am, the compact's `reminder_working_days` working days before the
due date; the escalation at midnight at the end of the due date, when the step has run
out of time. A step with no due date (a paused dispute, a commissioning step whose
starting date is not known) has its timers parked at NEVER.

A dispute's due date is its stage's (`Dispute.due_on`). The commissioner's steps and the
Champion's review of a departure have their own, set by `STEP_RULES` below when the step
opens (see docs/decisions/0008-step-clocks.md).
"""

import datetime

from workflows.clock import escalation_after, reminder_before


def reminder_at(dispute) -> datetime.datetime:
    return reminder_before(dispute.due_on, dispute.compact)


def escalation_at(dispute) -> datetime.datetime:
    return escalation_after(dispute.due_on)
