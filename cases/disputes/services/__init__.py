"""Writes to disputes: one public service per action, each moving the dispute record and
its procedure together.

Each takes the acting user, checks permission (`cases.disputes.rules`), makes the
transition (logged by django-fsm-log), writes the timeline event, sets the stage's clock
and completes the procedure's step, all in one transaction, and sends e-mail after it
commits. The record-level helpers below them are private to this package.

- `raising`: raising a dispute, its documents and the informal stage's notes;
- `procedure`: each step from triage to the panel's decision, and withdrawal;
- `answer`: the respondent's answer, its time limit and its extension;
- `messages`: the thread between the parties, the Champion and the mediator;
- `remedies`: what a decision or agreement asks of a party, followed up to compliance;
- `drafts`: disputes begun and not yet sent, kept for their author, and their expiry;
- `clock`: pausing and resuming the clock, and the reminders and escalations it fires.
"""

from cases.disputes.services.answer import (
    answer_complete,
    answer_timers_refresh,
    dispute_answer,
    dispute_extend_answer,
    dispute_send_answer_notices,
)
from cases.disputes.services.clock import (
    dispute_pause_clock,
    dispute_resume_clock,
    dispute_send_escalation,
    dispute_send_notices,
    dispute_send_reminder,
    dispute_timer_notices,
    dispute_timers_refresh,
)
from cases.disputes.services.drafts import (
    draft_delete,
    draft_opened,
    draft_save,
    draft_sent,
    expire_drafts,
)
from cases.disputes.services.messages import dispute_post_message
from cases.disputes.services.procedure import (
    appoint_mediator_complete,
    arbitration_complete,
    confirm_mediator_complete,
    decision_letter_queue,
    dispute_bundle_request,
    dispute_withdraw,
    form_panel_complete,
    informal_complete,
    mediation_complete,
    party_escalate,
    triage_complete,
)
from cases.disputes.services.raising import (
    dispute_add_document,
    dispute_add_note,
    dispute_raise,
    remove_abandoned_uploads,
    wizard_file_storage,
)
from cases.disputes.services.remedies import (
    remedy_challenge,
    remedy_check_complete,
    remedy_done_complete,
    remedy_not_carried_out,
    remedy_send_notices,
    remedy_timers_refresh,
)

__all__ = [
    "remedy_challenge",
    "remedy_check_complete",
    "remedy_done_complete",
    "remedy_not_carried_out",
    "remedy_send_notices",
    "remedy_timers_refresh",
    "dispute_post_message",
    "draft_delete",
    "draft_opened",
    "draft_save",
    "draft_sent",
    "expire_drafts",
    "answer_complete",
    "answer_timers_refresh",
    "dispute_answer",
    "dispute_extend_answer",
    "dispute_send_answer_notices",
    "dispute_timer_notices",
    "appoint_mediator_complete",
    "arbitration_complete",
    "confirm_mediator_complete",
    "decision_letter_queue",
    "dispute_bundle_request",
    "dispute_add_document",
    "dispute_add_note",
    "dispute_pause_clock",
    "dispute_raise",
    "remove_abandoned_uploads",
    "wizard_file_storage",
    "dispute_resume_clock",
    "dispute_send_escalation",
    "dispute_send_notices",
    "dispute_send_reminder",
    "dispute_timers_refresh",
    "dispute_withdraw",
    "form_panel_complete",
    "informal_complete",
    "mediation_complete",
    "party_escalate",
    "triage_complete",
]
