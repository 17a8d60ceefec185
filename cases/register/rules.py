"""Who may do what in the Compact register, as django-rules predicates.

Views check these with `user.has_perm(name, obj)`; services check them again, so the web
form, any API and the tests share one answer.
"""

import rules
from django.db import connection, models

from cases.register.models import Membership

# Moved on by every membership's save or delete in this process (`cases.register.signals`):
# what a user object has kept of its memberships holds only while it has not moved on.
_memberships = {"generation": 0}


def memberships_changed(**kwargs) -> None:
    _memberships["generation"] += 1


def _organisation_ids(user):
    return Membership.objects.filter(user=user).order_by().values_list("organisation_id", flat=True)


def organisations_of(user) -> frozenset[int]:
    """The ids of the organisations the user acts for here: read once for a user object (a
    request's user, say), however many permissions a page checks, and read again after
    any membership changes. Inside a transaction (every service) it is read afresh each
    time: a membership made there and rolled back must not be remembered."""
    if connection.in_atomic_block:
        return frozenset(_organisation_ids(user))
    kept = getattr(user, "_organisations_kept", None)
    if kept is None or kept[0] != _memberships["generation"]:
        kept = (_memberships["generation"], frozenset(_organisation_ids(user)))
        user._organisations_kept = kept
    return kept[1]


def is_member(user, organisation) -> bool:
    """Whether the user acts for the organisation (or organisation id) here."""
    return (
        user is not None
        and user.is_authenticated
        and organisation is not None
        and getattr(organisation, "pk", organisation) in organisations_of(user)
    )


@rules.predicate
def is_champion(user, compact):
    return compact is not None and user.is_authenticated and compact.champion_id == user.pk


@rules.predicate
def is_joint_body_member(user, compact):
    return (
        compact is not None
        and user.is_authenticated
        and compact.joint_body.filter(user=user).exists()
    )


@rules.predicate
def is_joint_body_chair(user, compact):
    return (
        compact is not None
        and user.is_authenticated
        and compact.joint_body.filter(user=user, role__in=["chair", "co_chair"]).exists()
    )


@rules.predicate
def is_signup_champion(user, signup_request):
    return signup_request is not None and is_champion(user, signup_request.compact)


@rules.predicate
def is_organisation_administrator(user, organisation):
    return (
        organisation is not None
        and user.is_authenticated
        and organisation.memberships.filter(user=user, role="administrator").exists()
    )


@rules.predicate
def acts_for_signatory(user, signatory):
    """The signatory organisation's administrators, or the compact's Champion."""
    return signatory is not None and (
        is_organisation_administrator(user, signatory.organisation)
        or is_champion(user, signatory.compact)
    )


is_staff = rules.is_staff


@rules.predicate
def is_data_protection_officer(user, compact):
    """The compact's data protection officer, or the whole service's (`compact` None: the
    whole service's only)."""
    if not user.is_authenticated:
        return False
    seats = user.data_protection_for.all()
    if compact is None:
        return seats.filter(compact__isnull=True).exists()
    return seats.filter(models.Q(compact__isnull=True) | models.Q(compact=compact)).exists()


@rules.predicate
def sees_who_looked(user, compact):
    return is_champion(user, compact) or is_data_protection_officer(user, compact)


rules.add_perm("cases.act_for_data_protection", is_data_protection_officer)
rules.add_perm("cases.see_who_looked", sees_who_looked)
rules.add_perm("cases.change_compact_rules", is_champion | is_joint_body_chair | is_staff)
rules.add_perm("cases.view_compact_oversight", is_champion | is_joint_body_member | is_staff)
rules.add_perm("cases.review_signup_requests", is_champion | is_staff)
rules.add_perm("cases.decide_signup_request", is_signup_champion | is_staff)
rules.add_perm("cases.change_organisation_details", is_organisation_administrator | is_staff)
rules.add_perm("cases.change_signature", acts_for_signatory | is_staff)
