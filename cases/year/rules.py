"""Who may do what in the Compact's year, as django-rules predicates (checked by the
views and again by the services)."""

import rules

from cases.register.models import Membership, Sector
from cases.register.rules import is_champion, is_joint_body_chair, is_joint_body_member


@rules.predicate
def keeps_the_plan(user, compact):
    """The joint body and the Champion keep the action plan."""
    return is_champion(user, compact) or is_joint_body_member(user, compact)


@rules.predicate
def leads_the_action(user, action):
    return action is not None and user.is_authenticated and action.lead_person_id == user.pk


@rules.predicate
def keeps_the_action_plan(user, action):
    return action is not None and keeps_the_plan(user, action.compact)


@rules.predicate
def is_statutory_officer(user, compact):
    """A member of a statutory body that has signed the compact (it records impact
    assessments of its reports and decisions)."""
    return (
        compact is not None
        and user.is_authenticated
        and Membership.objects.filter(
            user=user,
            organisation__sector=Sector.STATUTORY,
            organisation__signatures__compact=compact,
            organisation__signatures__left_on__isnull=True,
        ).exists()
    )


@rules.predicate
def reviews_the_assessment(user, assessment):
    return assessment is not None and is_champion(user, assessment.compact)


is_staff = rules.is_staff

rules.add_perm("cases.change_action_plan", keeps_the_plan | is_staff)
rules.add_perm("cases.run_annual_review", is_champion | is_joint_body_chair | is_staff)
rules.add_perm("cases.report_on_action", leads_the_action | keeps_the_action_plan | is_staff)
rules.add_perm("cases.record_impact_assessment", is_statutory_officer)
rules.add_perm("cases.review_impact_assessment", reviews_the_assessment)
