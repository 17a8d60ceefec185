"""Asking to sign a compact, and the Champion's decision."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_fsm_log.models import StateLog

from cases.register import services
from cases.register.models import Membership, Signatory, SignupRequest
from tests.factories import (
    CompactFactory,
    MembershipFactory,
    PendingSignupRequestFactory,
    SignatoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FORM = {
    "organisation_name": "Mumbles Lunch Club",
    "sector": "vcs",
    "legal_form": "community_group",
    "charity_number": "",
    "address": "2 Promenade\nMumbles",
    "postcode": "sa3 4aa",
    "purpose": "A weekly lunch club for older people.",
    "contact_name": "Rhian Evans",
    "contact_position": "Secretary",
    "contact_email": "rhian@lunchclub.example.org",
    "contact_phone": "",
    "governing_body": "The committee",
    "governing_body_agreed": "on",
    "agrees_to_principles": "on",
    "understands_not_binding": "on",
    "contributions": "",
    "submission_key": "abc123",
}


def _submit(client, compact, **changes):
    data = {**FORM, **changes}
    return client.post(reverse("signup-request-create", args=[compact.slug]), data)


def test_anyone_can_ask_to_sign_and_sees_a_reference(client, django_capture_on_commit_callbacks):
    compact = CompactFactory(prefix="SWA")
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, compact)
    signup = SignupRequest.objects.get()
    assert signup.reference.startswith("SWA-S-")
    assert signup.reference.endswith("-0001")
    assert signup.postcode == "SA3 4AA"
    assert signup.status == SignupRequest.Status.PENDING
    assert response.status_code == 302
    confirmation = client.get(response["Location"])
    assert signup.reference in confirmation.text
    assert "What happens next" in confirmation.text
    # The applicant and the Champion are both told.
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(["rhian@lunchclub.example.org", compact.champion.email])


def test_the_form_shows_clear_errors_and_keeps_what_was_typed(client):
    compact = CompactFactory()
    response = _submit(
        client,
        compact,
        organisation_name="",
        contact_email="not-an-email",
        understands_not_binding="",
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter the name of the organisation" in response.text
    assert "Enter an email address in the correct format" in response.text
    assert "Confirm that you understand the Compact is not legally binding" in response.text
    assert "A weekly lunch club for older people." in response.text  # nothing lost
    assert response.text.startswith("<!DOCTYPE html>") or "<title>Error:" in response.text
    assert "<title>Error:" in response.text
    assert not SignupRequest.objects.exists()


def test_a_double_submit_makes_one_request(client):
    compact = CompactFactory()
    first = _submit(client, compact)
    second = _submit(client, compact)
    assert SignupRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_references_count_up_within_a_compact(client):
    compact = CompactFactory(prefix="HPK")
    _submit(client, compact, submission_key="one")
    _submit(client, compact, submission_key="two")
    references = sorted(SignupRequest.objects.values_list("reference", flat=True))
    assert [r[-4:] for r in references] == ["0001", "0002"]


def test_a_stranger_cannot_see_someone_elses_confirmation(client):
    signup = PendingSignupRequestFactory()
    response = client.get(reverse("signup-request-done", args=[signup.reference]))
    assert response.status_code == 404


def test_champion_approves_and_the_organisation_joins_the_register(
    client, django_capture_on_commit_callbacks
):
    applicant = UserFactory()
    signup = PendingSignupRequestFactory(submitted_by=applicant, organisation_name="Gorseinon Band")
    champion = signup.compact.champion
    client.force_login(champion)
    page = client.get(signup.get_absolute_url())
    assert "Gorseinon Band" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(signup.get_absolute_url(), {"decision": "approve"})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.APPROVED
    assert signup.decided_by == champion
    signatory = Signatory.objects.get(compact=signup.compact)
    assert signatory.organisation.name == "Gorseinon Band"
    # The person who asked now acts for the organisation.
    assert Membership.objects.filter(
        user=applicant, organisation=signatory.organisation, role="administrator"
    ).exists()
    log = StateLog.objects.for_(signup).get()
    assert (log.source_state, log.state, log.by) == ("pending", "approved", champion)
    assert [m.to for m in mail.outbox] == [[signup.contact_email]]
    register = client.get(reverse("signatory-register", args=[signup.compact.slug]))
    assert "Gorseinon Band" in register.text


def test_champion_must_give_a_reason_to_decline(client, django_capture_on_commit_callbacks):
    signup = PendingSignupRequestFactory()
    client.force_login(signup.compact.champion)
    response = client.post(signup.get_absolute_url(), {"decision": "decline", "reason": ""})
    assert response.status_code == 200
    assert "Enter the reason the request is declined" in response.text
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            signup.get_absolute_url(),
            {"decision": "decline", "reason": "The group is outside the compact's area."},
        )
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.DECLINED
    assert "outside the compact" in mail.outbox[0].body
    log = StateLog.objects.for_(signup).get()
    assert log.description == "The group is outside the compact's area."
    assert not Signatory.objects.exists()


def test_a_decided_request_cannot_be_decided_again():
    signup = PendingSignupRequestFactory()
    champion = signup.compact.champion
    services.signup_request_decline(signup_request=signup, by=champion, reason="Duplicate")
    with pytest.raises(ValidationError, match="already declined"):
        services.signup_request_approve(signup_request=signup, by=champion)
    assert not Signatory.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "member", "other_champion"])
def test_only_the_compacts_champion_can_see_or_decide_requests(client, who):
    signup = PendingSignupRequestFactory()
    if who == "member":
        client.force_login(MembershipFactory().user)
    elif who == "other_champion":
        client.force_login(CompactFactory().champion)
    detail = client.get(signup.get_absolute_url())
    listing = client.get(reverse("signup-request-list", args=[signup.compact.slug]))
    decide = client.post(signup.get_absolute_url(), {"decision": "approve"})
    if who == "anonymous":
        assert detail.status_code == listing.status_code == decide.status_code == 302
        assert "/accounts/login/" in detail["Location"]
    else:
        assert detail.status_code == listing.status_code == decide.status_code == 403
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.PENDING


def test_the_service_refuses_a_decision_by_someone_else():
    signup = PendingSignupRequestFactory()
    with pytest.raises(PermissionDenied):
        services.signup_request_approve(signup_request=signup, by=UserFactory())


def test_an_organisation_that_has_signed_cannot_ask_again():
    membership = MembershipFactory()
    signatory = SignatoryFactory(organisation=membership.organisation)
    with pytest.raises(ValidationError, match="already signed"):
        services.signup_request_submit(
            compact=signatory.compact,
            user=membership.user,
            submission_key="x",
            data={
                **FORM,
                "organisation_name": membership.organisation.name,
                "governing_body_agreed": True,
                "agrees_to_principles": True,
                "understands_not_binding": True,
            },
        )


def test_champion_sees_pending_requests_listed(client):
    signup = PendingSignupRequestFactory(organisation_name="Pontarddulais Choir")
    client.force_login(signup.compact.champion)
    response = client.get(reverse("signup-request-list", args=[signup.compact.slug]))
    assert "Pontarddulais Choir" in response.text
    approved = client.get(
        reverse("signup-request-list", args=[signup.compact.slug]), {"status": "approved"}
    )
    assert "Pontarddulais Choir" not in approved.text
