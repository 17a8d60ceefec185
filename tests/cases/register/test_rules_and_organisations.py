"""Changing a compact's rules and an organisation's core details: who may, and the record."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.register import services
from cases.register.models import AuditEvent
from tests.factories import (
    CompactFactory,
    JointBodyMemberFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

RULES = {
    "triage_days": 5,
    "answer_days": 10,
    "informal_stage_days": 15,
    "mediation_stage_days": 20,
    "arbitration_stage_days": 25,
    "reminder_working_days": 3,
    "min_consultation_weeks": 12,
    "min_bid_window_days": 42,
    "min_notice_months": 6,
    "preferred_term_years": 3,
    "standstill_working_days": 10,
    "reason": "Agreed at the annual review",
}


def test_champion_changes_the_rules_and_the_change_is_recorded(client):
    compact = CompactFactory()
    client.force_login(compact.champion)
    response = client.post(reverse("compact-rules-edit", args=[compact.slug]), RULES)
    assert response.status_code == 302
    compact.refresh_from_db()
    assert compact.informal_stage_days == 15
    assert compact.min_notice_months == 6
    # The change is version 2 of the compact (version 1: as it stood before), with why.
    version = compact.versions.get(number=2)
    assert version.made_by == compact.champion
    assert version.reason == "Agreed at the annual review"
    assert "Notice before funding ends or falls: 3 months to 6 months" in version.summary
    assert any(line.startswith("Arbitration:") for line in version.summary)
    # Unchanged values are not listed.
    assert not any(line.startswith("Mediation:") for line in version.summary)
    event = AuditEvent.objects.get()
    assert event.actor == compact.champion
    assert event.action == "made version 2 of"


def test_joint_body_chair_may_change_the_rules_but_a_member_may_not(client):
    compact = CompactFactory()
    chair = JointBodyMemberFactory(compact=compact, role="chair").user
    member = JointBodyMemberFactory(compact=compact).user
    url = reverse("compact-rules-edit", args=[compact.slug])
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.post(url, RULES).status_code == 403
    client.force_login(chair)
    assert client.post(url, RULES).status_code == 302


def test_rules_out_of_range_are_refused_with_a_message(client):
    compact = CompactFactory()
    client.force_login(compact.champion)
    response = client.post(
        reverse("compact-rules-edit", args=[compact.slug]), {**RULES, "informal_stage_days": 0}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    compact.refresh_from_db()
    assert compact.informal_stage_days == 20
    assert not AuditEvent.objects.exists()


def test_the_rules_service_refuses_unknown_fields_and_strangers():
    compact = CompactFactory()
    with pytest.raises(ValidationError):
        services.compact_rules_update(
            compact=compact, by=compact.champion, changes={"name": "x"}, reason="Why"
        )
    with pytest.raises(ValidationError):  # no reason
        services.compact_rules_update(
            compact=compact, by=compact.champion, changes={"triage_days": 4}, reason=" "
        )
    with pytest.raises(PermissionDenied):
        services.compact_rules_update(
            compact=compact, by=UserFactory(), changes={"informal_stage_days": 5}, reason="Why"
        )


def test_organisation_administrator_keeps_the_core_details(client):
    membership = MembershipFactory(role="administrator")
    organisation = membership.organisation
    client.force_login(membership.user)
    url = reverse("organisation-edit", args=[organisation.slug])
    response = client.post(
        url,
        {
            "legal_form": "charity",
            "charity_number": "1123456",
            "postcode": "SA1 1AA",
            "website": "lunchclub.example.org",
            "annual_income": "25000",
            "has_safeguarding_policy": "on",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.charity_number == "1123456"
    assert organisation.website == "https://lunchclub.example.org"
    assert organisation.has_safeguarding_policy
    assert AuditEvent.objects.get().changes["charity_number"] == ["", "1123456"]
    page = client.get(organisation.get_absolute_url())
    assert "1123456" in page.text


def test_an_ordinary_member_cannot_change_the_organisations_details(client):
    membership = MembershipFactory(role="member")
    client.force_login(membership.user)
    url = reverse("organisation-edit", args=[membership.organisation.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"charity_number": "1"}).status_code == 403


def test_account_page_lists_roles_and_organisations(client):
    compact = CompactFactory(area="Swansea")
    membership = MembershipFactory(user=compact.champion)
    client.force_login(compact.champion)
    response = client.get(reverse("account"))
    assert "Champion, Swansea" in response.text
    assert membership.organisation.name in response.text


def test_account_page_needs_sign_in(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
