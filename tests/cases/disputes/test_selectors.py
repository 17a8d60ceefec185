"""The dispute lists' visibility rule agrees with the permission on one dispute, for
every kind of person, and is built without DISTINCT or a join that multiplies rows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cases.disputes.models import Dispute
from cases.disputes.selectors import dispute_visibility, disputes_visible_to
from tests.factories import DisputeWorld, JointBodyMemberFactory, MembershipFactory, UserFactory

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
    ways = sql.split(" WHERE ", 1)[1]  # (the rows' own parties and compact are joined)
    assert " JOIN " not in ways  # each way from the dispute's own columns
    assert f'"COMPACT_ID" IN ({world.compact.pk})' in sql  # the seat's compact, named


def test_the_kept_ways_of_seeing_follow_a_seat_and_a_membership_at_once():
    world = DisputeWorld()
    dispute = world.raise_dispute()
    newcomer = UserFactory()
    assert dispute not in disputes_visible_to(newcomer)
    seat = JointBodyMemberFactory(compact=world.compact, user=newcomer)
    assert dispute in disputes_visible_to(newcomer)
    seat.delete()
    assert dispute not in disputes_visible_to(newcomer)
    membership = MembershipFactory(user=newcomer, organisation=world.respondent_org)
    assert dispute in disputes_visible_to(newcomer)
    membership.delete()
    assert dispute not in disputes_visible_to(newcomer)
