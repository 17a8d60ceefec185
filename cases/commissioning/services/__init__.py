"""Writes to commissioning: one public service per action, each moving the exercise (or
bid, review, departure) and its procedure together in one transaction.

- `exercises`: the commissioner's steps from planning to closing;
- `consultations`: the consultation and "you said, we did";
- `bids`: bids and clarification questions;
- `reviews`: the running service's reviews;
- `departures`: the Compact's guards and the Champion's review of a departure;
- `pack`: the tender pack (documents, criteria) and amendments to a published opportunity.
"""

from cases.commissioning.services.alerts import (
    alert_create,
    alert_from_token,
    alert_stop,
    stop_token,
)
from cases.commissioning.services.bids import (
    BID_FIELDS,
    bid_add_document,
    bid_add_partner,
    bid_evaluate,
    bid_remove_partner,
    bid_save,
    bid_submit,
    bid_withdraw,
    clarification_answer,
    clarification_ask,
)
from cases.commissioning.services.consultations import (
    consultation_respond,
    exercise_open_consultation,
    exercise_publish_summary,
)
from cases.commissioning.services.departures import departure_review, departure_review_start
from cases.commissioning.services.exercises import (
    exercise_award,
    exercise_cancel,
    exercise_close,
    exercise_create,
    exercise_finish_evaluation,
    exercise_give_notice,
    exercise_open_bids,
    exercise_procedure_start,
    exercise_publish_tender,
    exercise_reduce_funding,
    exercise_start_service,
)
from cases.commissioning.services.pack import (
    exercise_add_document,
    exercise_move_closing,
    exercise_set_criteria,
)
from cases.commissioning.services.reviews import (
    REVIEW_INTERVAL_MONTHS,
    review_complete,
    review_interval_months,
    review_respond,
)

__all__ = [
    "alert_create",
    "alert_from_token",
    "alert_stop",
    "stop_token",
    "exercise_add_document",
    "exercise_move_closing",
    "exercise_set_criteria",
    "BID_FIELDS",
    "REVIEW_INTERVAL_MONTHS",
    "bid_add_document",
    "bid_add_partner",
    "bid_evaluate",
    "bid_remove_partner",
    "bid_save",
    "bid_submit",
    "bid_withdraw",
    "clarification_answer",
    "clarification_ask",
    "consultation_respond",
    "departure_review",
    "departure_review_start",
    "exercise_award",
    "exercise_cancel",
    "exercise_close",
    "exercise_create",
    "exercise_finish_evaluation",
    "exercise_give_notice",
    "exercise_open_bids",
    "exercise_open_consultation",
    "exercise_procedure_start",
    "exercise_publish_summary",
    "exercise_publish_tender",
    "exercise_reduce_funding",
    "exercise_start_service",
    "review_complete",
    "review_interval_months",
    "review_respond",
]
