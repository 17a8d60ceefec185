"""Writes to disputes: each function is one step of the Compact's procedure on the record.

They take the acting user, check permission, make the transition (logged by
django-fsm-log), write the timeline event and set the stage's clock in one transaction,
and send e-mail after it commits. The workflow services (`workflows/services.py`) call
these inside the task's lock, so the record and the task move together.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from cases.disputes.models import (
    Dispute,
)
from cases.register.models import (
    JointBodyMember,
)
from cases.register.services import is_member

# Who is who.


def is_complainant(user, dispute: Dispute) -> bool:
    return dispute.raised_by_id == getattr(user, "pk", None) or is_member(user, dispute.complainant)


def is_party(user, dispute: Dispute) -> bool:
    return is_complainant(user, dispute) or is_member(user, dispute.respondent)


def stands_aside(user, dispute: Dispute) -> bool:
    """Whether the user is too close to the dispute to act for the joint body on it: a
    party, or holding a seat that represents either party's organisation."""
    return (
        is_party(user, dispute)
        or dispute.compact.joint_body.filter(
            user=user, organisation__in=[dispute.complainant_id, dispute.respondent_id]
        ).exists()
    )


def is_champion(user, dispute: Dispute) -> bool:
    return user.is_authenticated and dispute.compact.champion_id == user.pk


def is_joint_body_chair(user, dispute: Dispute) -> bool:
    """A chair or co-chair of the compact's joint body who does not stand aside."""
    return dispute.compact.joint_body.filter(
        user=user, role__in=[JointBodyMember.Role.CHAIR, JointBodyMember.Role.CO_CHAIR]
    ).exists() and not stands_aside(user, dispute)


def is_mediator(user, dispute: Dispute) -> bool:
    return dispute.mediator_id is not None and dispute.mediator.user_id == user.pk


def stage_time_has_run_out(dispute: Dispute) -> bool:
    return (
        dispute.due_on is not None
        and not dispute.is_paused
        and timezone.localdate() > dispute.due_on
    )


def is_joint_body_member(user, dispute: Dispute) -> bool:
    return dispute.compact.joint_body.filter(user=user).exists()


def acts_for_joint_body(user, dispute: Dispute) -> bool:
    """A joint body member who may take the joint body's steps on this dispute."""
    return is_joint_body_member(user, dispute) and not stands_aside(user, dispute)


# The clock.


def can_manage_clock(user, dispute: Dispute) -> bool:
    return is_champion(user, dispute) or is_joint_body_chair(user, dispute)


# Disputes. Parties see their own disputes; the compact's Champion and joint body see all
# of that compact's disputes; the appointed mediator sees the one they mediate; nobody
# else sees any. Mediation papers (without prejudice) are for the parties and the
# mediator only: never the joint body, whose panel decides any arbitration.


def _member_of(user, organisation_id):
    return user.memberships.filter(organisation_id=organisation_id).exists()


@rules.predicate
def is_dispute_party(user, dispute):
    return (
        dispute is not None
        and user.is_authenticated
        and (
            dispute.raised_by_id == user.pk
            or _member_of(user, dispute.complainant_id)
            or _member_of(user, dispute.respondent_id)
        )
    )


@rules.predicate
def is_dispute_complainant(user, dispute):
    return (
        dispute is not None
        and user.is_authenticated
        and (dispute.raised_by_id == user.pk or _member_of(user, dispute.complainant_id))
    )


@rules.predicate
def is_dispute_officer(user, dispute):
    return (
        dispute is not None
        and user.is_authenticated
        and (
            dispute.compact.champion_id == user.pk
            or dispute.compact.joint_body.filter(user=user).exists()
        )
    )


@rules.predicate
def is_dispute_mediator(user, dispute):
    return (
        dispute is not None
        and user.is_authenticated
        and dispute.mediator_id is not None
        and dispute.mediator.user_id == user.pk
    )


rules.add_perm("cases.view_dispute", is_dispute_party | is_dispute_officer | is_dispute_mediator)
rules.add_perm("cases.view_without_prejudice", is_dispute_party | is_dispute_mediator)
rules.add_perm("cases.withdraw_dispute", is_dispute_complainant)
