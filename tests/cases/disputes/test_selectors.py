"""The dispute lists' visibility rule agrees with the permission on one dispute, for
every kind of person, and is built without DISTINCT or a join that multiplies rows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cases.disputes.models import Dispute
from cases.disputes.selectors import dispute_visibility, disputes_visible_to
from tests.factories import DisputeWorld, UserFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_exactly_the_disputes_each_person_may_open():
    world = DisputeWorld()
    other = DisputeWorld(prefix="OTH")
    world.raise_dispute()
    world.dispute_at("mediator_accepted")
    other.raise_dispute()
    people = [
        world.champion,
        world.complainant,
        world.respondent,
        world.chair.user,
        world.vcs_member.user,
        world.mediator.user,
        other.champion,
        UserFactory(),
    ]
    assert len(set(people)) == len(people)
    for user in people:
        listed = set(disputes_visible_to(user))
        allowed = {d for d in Dispute.objects.all() if user.has_perm("cases.view_dispute", d)}
        assert listed == allowed, user.username
    assert disputes_visible_to(AnonymousUser()).count() == 0  # signed out: none
    assert not Dispute.objects.filter(dispute_visibility(AnonymousUser())).exists()


def test_the_rule_needs_no_distinct():
    world = DisputeWorld()
    sql = str(disputes_visible_to(world.chair.user).query).upper()
    assert "DISTINCT" not in sql
    assert "JOINTBODYMEMBER" in sql  # as a subquery of the user's seats, not a join
