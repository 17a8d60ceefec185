"""Signatories over time: an organisation renews its signature or leaves the Compact, with
the date and a reason; the register shows current and former signatories; a former
signatory can no longer raise disputes, and signs up again to come back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.register import services
from cases.register.models import AuditEvent, Signatory, SignatoryChange
from tests.factories import (
    DisputeWorld,
    MembershipFactory,
    PendingSignupRequestFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_an_administrator_renews_and_the_champion_records_leaving():
    world = DisputeWorld()
    signatory = Signatory.objects.get(compact=world.compact, organisation=world.complainant_org)
    services.signatory_renew(signatory=signatory, by=world.complainant, on=_day(-3), note="Again")
    assert signatory.renewed_on == _day(-3)
    with pytest.raises(ValidationError):  # no reason
        services.signatory_leave(signatory=signatory, by=world.champion, on=_day(0), reason="")
    with pytest.raises(ValidationError):  # not in the future
        services.signatory_leave(signatory=signatory, by=world.champion, on=_day(2), reason="x")
    with pytest.raises(PermissionDenied):  # another organisation's member
        services.signatory_leave(signatory=signatory, by=world.respondent, on=_day(0), reason="x")
    services.signatory_leave(
        signatory=signatory, by=world.champion, on=_day(0), reason="The club closed"
    )
    assert (signatory.left_on, signatory.left_reason) == (_day(0), "The club closed")
    assert [(c.kind, c.on) for c in signatory.changes.all()] == [
        ("renewed", _day(-3)),
        ("left", _day(0)),
    ]
    assert AuditEvent.objects.filter(action="recorded the leaving of").count() == 1
    with pytest.raises(ValidationError):  # once
        services.signatory_leave(signatory=signatory, by=world.champion, on=_day(0), reason="x")
    with pytest.raises(ValidationError):  # a former signatory does not renew
        services.signatory_renew(signatory=signatory, by=world.champion, on=_day(0))
    # A former signatory can no longer raise a dispute under the compact.
    with pytest.raises(ValidationError, match="has not signed"):
        world.raise_dispute()


def test_a_former_signatory_signs_up_again_and_is_current_from_the_new_date():
    world = DisputeWorld()
    signatory = Signatory.objects.get(compact=world.compact, organisation=world.complainant_org)
    services.signatory_leave(signatory=signatory, by=world.champion, on=_day(-10), reason="Paused")
    request = PendingSignupRequestFactory(
        compact=world.compact,
        organisation=world.complainant_org,
        organisation_name=world.complainant_org.name,
    )
    services.signup_request_approve(signup_request=request, by=world.champion)
    signatory.refresh_from_db()
    assert signatory.left_on is None and signatory.signed_on == timezone.localdate()
    assert list(signatory.changes.values_list("kind", flat=True)) == ["left", "joined"]


def test_the_register_lists_current_and_former_signatories(client):
    world = DisputeWorld()
    signatory = Signatory.objects.get(compact=world.compact, organisation=world.trust)
    services.signatory_leave(
        signatory=signatory, by=world.champion, on=_day(0), reason="Merged with another trust"
    )
    url = reverse("signatory-register", args=[world.compact.slug])
    current = client.get(url).text
    assert world.cvs.name in current and world.trust.name not in current
    former = client.get(url, {"status": "former"}).text
    assert world.trust.name in former and "Merged with another trust" in former
    assert world.cvs.name not in former
    assert "4 signatories" in current  # five signed, one left
    detail = client.get(
        reverse("signatory-detail", args=[world.compact.slug, world.trust.slug])
    ).text
    assert "Former signatory" in detail and "Record a renewal" not in detail


def test_leaving_on_the_page_asks_first_and_keeps_what_was_typed(client):
    world = DisputeWorld()
    admin = MembershipFactory(organisation=world.trust, role="administrator").user
    url = reverse("signatory-leave", args=[world.compact.slug, world.trust.slug])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(admin)
    today = timezone.localdate()
    answers = {
        "on_0": today.day,
        "on_1": today.month,
        "on_2": today.year,
        "reason": "Our trustees decided to leave",
    }
    response = client.post(url, answers)
    assert "Are you sure" not in response.text  # the GOV.UK page asks in its title
    assert "Yes, record that it left" in response.text
    assert not SignatoryChange.objects.filter(kind="left").exists()
    back = client.post(url, {**answers, "confirmed": "back"})
    assert "Our trustees decided to leave" in back.text
    response = client.post(url, {**answers, "confirmed": "yes"})
    assert response.status_code == 302
    assert Signatory.objects.get(organisation=world.trust).left_on == today
    # Renewing: the date is checked on the form.
    renew = reverse("signatory-renew", args=[world.compact.slug, world.cvs.slug])
    client.force_login(world.champion)
    response = client.post(renew, {"on_0": "31", "on_1": "2", "on_2": "2026"})
    assert "must be a real date" in response.text
