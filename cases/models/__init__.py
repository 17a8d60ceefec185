"""The records of Compact Casework: the register (compacts, organisations, people,
signatories, commitments) and the cases that hang off it (disputes)."""

from cases.models.disputes import (
    Dispute,
    DisputeDocument,
    DisputeEvent,
    DisputeOutcome,
    DisputeStage,
)
from cases.models.register import (
    ActionPlanItem,
    AuditEvent,
    Code,
    Commitment,
    Compact,
    JointBodyMember,
    Mediator,
    Membership,
    Nation,
    Organisation,
    Sector,
    Signatory,
    SignupRequest,
    Undertaker,
)

__all__ = [
    "ActionPlanItem",
    "AuditEvent",
    "Code",
    "Commitment",
    "Compact",
    "Dispute",
    "DisputeDocument",
    "DisputeEvent",
    "DisputeOutcome",
    "DisputeStage",
    "JointBodyMember",
    "Mediator",
    "Membership",
    "Nation",
    "Organisation",
    "Sector",
    "Signatory",
    "SignupRequest",
    "Undertaker",
]
