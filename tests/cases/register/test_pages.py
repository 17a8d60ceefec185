"""The public pages of the register: compacts, commitments and signatories."""

import pytest
from django.urls import reverse

from cases.register.models import Sector
from tests.factories import (
    CommitmentFactory,
    CompactFactory,
    JointBodyMemberFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatutoryOrganisationFactory,
)

pytestmark = pytest.mark.django_db


def test_home_lists_every_compact(client):
    CompactFactory(name="The Swansea Compact")
    CompactFactory(name="The High Peak Compact")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "The Swansea Compact" in response.text
    assert "The High Peak Compact" in response.text


def test_the_layout_has_a_skip_link_the_service_name_and_no_crown(client):
    response = client.get(reverse("home"))
    assert 'href="#main-content"' in response.text
    assert "Compact Casework" in response.text
    assert "govuk-header__logotype" not in response.text
    assert "crown" not in response.text.lower()


def test_the_header_shows_the_signed_in_user_and_their_role(client):
    compact = CompactFactory(area="Swansea")
    client.force_login(compact.champion)
    response = client.get(reverse("home"))
    assert "Signed in as" in response.text
    assert "Champion, Swansea" in response.text


def test_compact_page_shows_its_rules_and_joint_body(client):
    compact = CompactFactory(min_notice_months=6, joint_body_name="Joint Liaison Committee")
    JointBodyMemberFactory(compact=compact, organisation=StatutoryOrganisationFactory())
    JointBodyMemberFactory(compact=compact, organisation=OrganisationFactory())
    response = client.get(compact.get_absolute_url())
    assert response.status_code == 200
    assert "At least 6 months" in response.text
    assert "Joint Liaison Committee" in response.text
    assert "Representation is not equal" not in response.text


def test_compact_page_warns_when_joint_body_representation_is_unequal(client):
    compact = CompactFactory()
    JointBodyMemberFactory(compact=compact, organisation=StatutoryOrganisationFactory())
    JointBodyMemberFactory(compact=compact, organisation=StatutoryOrganisationFactory())
    JointBodyMemberFactory(compact=compact, organisation=OrganisationFactory())
    response = client.get(compact.get_absolute_url())
    assert "Representation is not equal: 2 statutory sector members and 1 voluntary" in (
        response.text
    )


def test_unknown_compact_is_a_404_in_the_service_layout(client):
    response = client.get("/compacts/nowhere/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_commitments_page_groups_by_code_and_filters(client):
    compact = CompactFactory()
    CommitmentFactory(compact=compact, ref="FC1", code="funding", title="Give time to bid")
    CommitmentFactory(
        compact=compact,
        ref="CON1",
        code="consultation",
        title="Consult for twelve weeks",
        undertaken_by="statutory",
    )
    CommitmentFactory(
        compact=compact,
        ref="VCS1",
        code="partnership",
        undertaken_by="vcs",
        title="Represent users' views",
    )
    url = reverse("commitment-list", args=[compact.slug])
    response = client.get(url)
    assert "Funding and commissioning" in response.text
    assert "Consultation and policy development" in response.text
    assert "3 commitments" in response.text

    response = client.get(url, {"code": "consultation"})
    assert "Consult for twelve weeks" in response.text
    assert "Give time to bid" not in response.text

    response = client.get(url, {"undertaken_by": "vcs"})
    assert "Represent users&#x27; views" in response.text
    assert "Consult for twelve weeks" not in response.text

    response = client.get(url, {"q": "twelve"})
    assert "1 commitment" in response.text


def test_commitment_detail_page(client):
    commitment = CommitmentFactory(ref="FC2", source_section="Funding code, para 3")
    response = client.get(commitment.get_absolute_url())
    assert response.status_code == 200
    assert "FC2" in response.text
    assert "Funding code, para 3" in response.text


def test_a_bad_filter_value_is_ignored_not_an_error(client):
    compact = CompactFactory()
    CommitmentFactory(compact=compact)
    response = client.get(reverse("commitment-list", args=[compact.slug]), {"code": "nonsense"})
    assert response.status_code == 200


def test_signatory_register_pages_sorts_and_filters(client):
    compact = CompactFactory()
    for n in range(30):
        SignatoryFactory(
            compact=compact,
            organisation=OrganisationFactory(name=f"Group {n:02d}"),
        )
    SignatoryFactory(compact=compact, organisation=StatutoryOrganisationFactory(name="Council"))
    url = reverse("signatory-register", args=[compact.slug])

    first = client.get(url)
    assert "31 signatories" in first.text
    assert "Group 00" in first.text
    assert "Group 29" not in first.text  # 25 a page
    second = client.get(url, {"page": 2})
    assert "Group 29" in second.text

    backwards = client.get(url, {"sort": "-name"})
    assert "Group 29" in backwards.text

    statutory = client.get(url, {"sector": Sector.STATUTORY})
    assert "1 signatory" in statutory.text
    assert "Council" in statutory.text

    search = client.get(url, {"q": "group 1"})
    assert "10 signatories" in search.text  # Group 10 to Group 19


def test_register_shows_only_that_compacts_signatories(client):
    mine, other = CompactFactory(), CompactFactory()
    SignatoryFactory(compact=other, organisation=OrganisationFactory(name="Elsewhere Trust"))
    response = client.get(reverse("signatory-register", args=[mine.slug]))
    assert "Elsewhere Trust" not in response.text
    assert "No signatories match" in response.text


def test_register_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    compact = CompactFactory()
    for _ in range(20):
        SignatoryFactory(compact=compact)
    with django_assert_max_num_queries(6):
        client.get(reverse("signatory-register", args=[compact.slug]))


def test_the_compact_page_names_its_source_in_words_not_a_file_name(client):
    compact = CompactFactory(source_document="002_0d17270eba89669e.txt", adopted_year=2006)
    page = client.get(compact.get_absolute_url()).text
    assert "002_0d17270eba89669e.txt" not in page
    assert "s own document, adopted in 2006" in page
