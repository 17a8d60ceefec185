"""Who may do what in a dispute: one home for the dispute's predicates.

The services call these before every change; the pages and the API check the django-rules
permissions at the bottom (`user.has_perm("cases.view_dispute", dispute)`), which are
built from the same predicates, so every path gets one answer. The compact-level roles
(Champion, joint body member, chair) are the register's (`cases.register.rules`).
"""

from __future__ import annotations

import rules
from django.utils import timezone

from cases.disputes.models import Dispute
from cases.register import rules as register_rules
from cases.register.models import JointBodyMember, Membership
from cases.register.rules import is_member

# Who is who.


def is_complainant(user, dispute: Dispute) -> bool:
    """Whoever raised the dispute, or acts for the complainant organisation."""
    return dispute.raised_by_id == getattr(user, "pk", None) or is_member(
        user, dispute.complainant_id
    )


def is_party(user, dispute: Dispute) -> bool:
    """The complainant, or whoever acts for the respondent organisation."""
    return is_complainant(user, dispute) or is_member(user, dispute.respondent_id)


def answers_for_respondent(user, dispute: Dispute) -> bool:
    """Who may put the respondent's side: a member of the respondent organisation (who is
    not also the complainant), or, where it has nobody here, the compact's Champion, who
    records its answer for it."""
    if user is None or not user.is_authenticated or is_complainant(user, dispute):
        return False  # nobody answers for both sides
    if is_member(user, dispute.respondent_id):
        return True
    return (
        is_champion(user, dispute)
        and not Membership.objects.filter(organisation=dispute.respondent_id).exists()
    )


def stands_aside(user, dispute: Dispute) -> bool:
    """Whether the user is too close to the dispute to act for the joint body on it: a
    party, or holding a seat that represents either party's organisation."""
    if user is None or not user.is_authenticated:
        return False
    if dispute.raised_by_id == user.pk:
        return True  # no query: every page a complainant opens asks this
    return (user.pk, dispute.pk) in standing_aside([user], [dispute])


def standing_aside(users, disputes) -> set[tuple[int, int]]:
    """Of these users and disputes, the pairs (user id, dispute id) where the user stands
    aside (as `stands_aside`), in at most two queries whatever their number."""
    user_ids = {user.pk for user in users}
    if not user_ids or not disputes:
        return set()
    parties = {dispute.pk: (dispute.complainant_id, dispute.respondent_id) for dispute in disputes}
    organisations = {org for pair in parties.values() for org in pair}
    members = set(
        Membership.objects.filter(
            user_id__in=user_ids, organisation_id__in=organisations
        ).values_list("user_id", "organisation_id")
    )
    seats = set(
        JointBodyMember.objects.filter(
            user_id__in=user_ids,
            organisation_id__in=organisations,
            compact_id__in={dispute.compact_id for dispute in disputes},
        ).values_list("user_id", "organisation_id", "compact_id")
    )
    return {
        (user_id, dispute.pk)
        for dispute in disputes
        for user_id in user_ids
        if dispute.raised_by_id == user_id
        or any((user_id, org) in members for org in parties[dispute.pk])
        or any((user_id, org, dispute.compact_id) in seats for org in parties[dispute.pk])
    }


def is_champion(user, dispute: Dispute) -> bool:
    """The Champion of the dispute's compact."""
    return register_rules.is_champion(user, dispute.compact)


def chairs_for_joint_body(user, dispute: Dispute) -> bool:
    """A chair or co-chair of the compact's joint body who does not stand aside: who may
    hand the joint body's steps round and manage the dispute's clock."""
    return register_rules.is_joint_body_chair(user, dispute.compact) and not stands_aside(
        user, dispute
    )


def is_mediator(user, dispute: Dispute) -> bool:
    """The mediator appointed to the dispute."""
    return (
        user.is_authenticated
        and dispute.mediator_id is not None
        and dispute.mediator.user_id == user.pk
    )


def stage_time_has_run_out(dispute: Dispute) -> bool:
    return (
        dispute.due_on is not None
        and not dispute.is_paused
        and timezone.localdate() > dispute.due_on
    )


def acts_for_joint_body(user, dispute: Dispute) -> bool:
    """A joint body member who may take the joint body's steps on this dispute."""
    return register_rules.is_joint_body_member(user, dispute.compact) and not stands_aside(
        user, dispute
    )


# The clock.


def can_manage_clock(user, dispute: Dispute) -> bool:
    return is_champion(user, dispute) or chairs_for_joint_body(user, dispute)


# Disputes. Parties see their own disputes; the compact's Champion and joint body see all
# of that compact's disputes; the appointed mediator sees the one they mediate; nobody
# else sees any. Mediation papers (without prejudice) are for the parties and the
# mediator only: never the joint body, whose panel decides any arbitration.


@rules.predicate
def is_dispute_party(user, dispute):
    return dispute is not None and user.is_authenticated and is_party(user, dispute)


@rules.predicate
def is_dispute_complainant(user, dispute):
    return dispute is not None and user.is_authenticated and is_complainant(user, dispute)


@rules.predicate
def is_dispute_officer(user, dispute):
    """The compact's Champion or a member of its joint body."""
    return dispute is not None and (
        register_rules.is_champion(user, dispute.compact)
        or register_rules.is_joint_body_member(user, dispute.compact)
    )


@rules.predicate
def is_dispute_mediator(user, dispute):
    return dispute is not None and is_mediator(user, dispute)


rules.add_perm("cases.view_dispute", is_dispute_party | is_dispute_officer | is_dispute_mediator)
rules.add_perm("cases.view_without_prejudice", is_dispute_party | is_dispute_mediator)
rules.add_perm("cases.withdraw_dispute", is_dispute_complainant)
