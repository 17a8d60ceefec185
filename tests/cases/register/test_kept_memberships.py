"""A request's user reads its organisations once, however many permissions a page checks
(`cases.register.rules.organisations_of`), and never keeps an answer a change or a rollback
has made wrong."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cases.register.models import Membership
from cases.register.rules import is_member
from tests.factories import DisputeWorld, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _membership_reads(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum('FROM "cases_membership"' in q["sql"] for q in queries.captured_queries)


def test_a_dispute_page_asks_for_the_users_organisations_once():
    world = DisputeWorld()
    dispute = world.raise_dispute()
    from django.test import Client

    client = Client()
    client.force_login(world.champion)
    client.get(dispute.get_absolute_url())  # the header is worked out and kept
    # The party checks (complainant, respondent, without prejudice, answers for...) share
    # one read of the user's memberships.
    assert _membership_reads(client, dispute.get_absolute_url()) == 1


def test_a_kept_answer_follows_a_membership_made_or_removed():
    world = DisputeWorld()
    user = get_user_model().objects.get(pk=world.vcs_member.user.pk)
    other = OrganisationFactory()
    assert not is_member(user, other)
    membership = Membership.objects.create(user=user, organisation=other)
    assert is_member(user, other)
    membership.delete()
    assert not is_member(user, other)


def test_a_membership_rolled_back_is_not_remembered():
    world = DisputeWorld()
    user = get_user_model().objects.get(pk=world.vcs_member.user.pk)
    other = OrganisationFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        Membership.objects.create(user=user, organisation=other)
        assert is_member(user, other)
        raise RuntimeError("the service failed")
    assert not is_member(user, other)
