"""Consortium bids: the lead names partners (voluntary organisations of the compact) while
bidding is open; partners' people see the bid, its documents and its tracker, never change
it; nobody else sees it; the commissioner sees the partners once the bids are opened."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cases.commissioning import selectors, services
from tests.api.conftest import Api
from tests.factories import CommissioningWorld, OrganisationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def test_a_consortium_bid_is_seen_by_its_partners_and_changed_only_by_its_lead():
    world = CommissioningWorld()
    (lead_org, lead), (partner_org, partner), (other_org, other) = world.bidders
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 2, 15), 12),
        )
        bid = services.bid_save(
            exercise=exercise,
            by=lead,
            organisation=lead_org,
            data={"proposal": "Joint plan", "direct_costs": Decimal(10), "overheads": Decimal(1)},
        )
        services.bid_add_document(
            bid=bid, by=lead, upload=SimpleUploadedFile("plan.txt", b"Our joint plan")
        )
        assert selectors.own_bid(partner, bid.pk) is None  # not yet a partner

        # Only the lead names partners, and only voluntary organisations of the compact.
        with pytest.raises(PermissionDenied):
            services.bid_add_partner(bid=bid, by=partner, organisation=partner_org)
        unsigned = OrganisationFactory(name="Not a signatory")
        with pytest.raises(ValidationError, match="has signed"):
            services.bid_add_partner(bid=bid, by=lead, organisation=unsigned)
        with pytest.raises(ValidationError, match="another organisation than the lead"):
            services.bid_add_partner(bid=bid, by=lead, organisation=lead_org)
        services.bid_add_partner(bid=bid, by=lead, organisation=partner_org)
        with pytest.raises(ValidationError, match="already a partner"):
            services.bid_add_partner(bid=bid, by=lead, organisation=partner_org)

        # The partner's people see the bid, its documents, and follow it; they change nothing.
        assert list(selectors.bids_of(partner)) == [bid]
        client = Client()
        client.force_login(partner)
        page = client.get(bid.get_absolute_url())
        assert page.status_code == 200
        assert "A consortium bid for" in page.text and "Joint plan" in page.text
        assert 'name="bid-proposal"' not in page.text  # no form to change it
        document = bid.documents.get()
        assert client.get(f"/bids/{bid.pk}/documents/{document.pk}/").status_code == 200
        refused = client.post(bid.get_absolute_url(), {"action": "withdraw"})
        assert refused.status_code == 403
        with pytest.raises(PermissionDenied):
            services.bid_submit(bid=bid, by=partner, data={})
        body = Api(partner).get(f"/bids/{bid.pk}").json()
        assert [p["slug"] for p in body["partners"]] == [partner_org.slug]

        # Anyone else: the bid does not exist; the commissioner sees nothing while sealed.
        client.force_login(other)
        assert client.get(bid.get_absolute_url()).status_code == 404
        assert client.get(f"/bids/{bid.pk}/documents/{document.pk}/").status_code == 404
        client.force_login(world.commissioner)
        assert client.get(f"/exercises/{exercise.reference}/bids/{bid.pk}/").status_code == 404

        services.bid_submit(bid=bid, by=lead)
        clock.move_to(at(D(2027, 2, 15), 13))
        with pytest.raises(ValidationError, match="while bidding is open"):
            services.bid_add_partner(bid=bid, by=lead, organisation=other_org)
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        client.force_login(world.commissioner)
        opened = client.get(f"/exercises/{exercise.reference}/bids/{bid.pk}/")
        assert "Consortium partners" in opened.text and partner_org.name in opened.text


def test_the_lead_adds_and_removes_partners_on_the_bid_page_and_through_the_api():
    world = CommissioningWorld()
    (lead_org, lead), (partner_org, partner), (other_org, _) = world.bidders
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 2, 15), 12),
        )
        bid = services.bid_save(exercise=exercise, by=lead, organisation=lead_org, data={})
        client = Client()
        client.force_login(lead)
        page = client.get(bid.get_absolute_url()).text
        assert "Add a partner organisation" in page
        assert client.post(bid.get_absolute_url(), {"action": "partner"}).status_code == 400
        added = client.post(
            bid.get_absolute_url(), {"action": "partner", "partner-organisation": partner_org.pk}
        )
        assert added.status_code == 302
        assert [p.organisation for p in bid.partners.all()] == [partner_org]
        client.post(
            bid.get_absolute_url(),
            {"action": "remove_partner", "partner": bid.partners.get().pk},
        )
        assert not bid.partners.exists()
        response = Api(lead).post(f"/bids/{bid.pk}/partners", {"organisation": other_org.slug})
        assert response.status_code == 200, response.content
        assert [p["slug"] for p in response.json()["partners"]] == [other_org.slug]
        assert (
            Api(partner)
            .post(f"/bids/{bid.pk}/partners", {"organisation": partner_org.slug})
            .status_code
            == 404
        )  # not theirs: the bid does not exist for them
