"""Factories for every record, in one place, so a test can start wherever it needs."""

import datetime

import factory
from django.contrib.auth import get_user_model

from cases.register.models import (
    Commitment,
    Compact,
    JointBodyMember,
    Mediator,
    Membership,
    Organisation,
    Sector,
    Signatory,
    SignupRequest,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("password")


class CompactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compact

    slug = factory.Sequence(lambda n: f"compact-{n}")
    prefix = factory.Sequence(
        lambda n: f"{chr(65 + n // 676 % 26)}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}"
    )
    name = factory.LazyAttribute(lambda c: f"The {c.area} Compact")
    area = factory.Sequence(lambda n: f"Area {n}")
    nation = "england_wales"
    joint_body_name = "Joint Liaison Committee"
    champion = factory.SubFactory(UserFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    sector = Sector.VCS


class StatutoryOrganisationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Council {n}")
    sector = Sector.STATUTORY
    legal_form = Organisation.LegalForm.LOCAL_AUTHORITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    compact = factory.SubFactory(CompactFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    signed_on = datetime.date(2024, 4, 1)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    compact = factory.SubFactory(CompactFactory)
    ref = factory.Sequence(lambda n: f"FC{n}")
    code = "funding"
    title = "Give enough time to bid"
    text = "Statutory bodies give voluntary organisations enough time to prepare bids."
    undertaken_by = "statutory"


class JointBodyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointBodyMember

    compact = factory.SubFactory(CompactFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class MediatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mediator

    compact = factory.SubFactory(CompactFactory)
    user = factory.SubFactory(UserFactory)


class PendingSignupRequestFactory(factory.django.DjangoModelFactory):
    """A sign-up request waiting for the Champion."""

    class Meta:
        model = SignupRequest

    compact = factory.SubFactory(CompactFactory)
    reference = factory.Sequence(lambda n: f"TST-S-2026-{n:04d}")
    organisation_name = factory.Sequence(lambda n: f"Community Group {n}")
    sector = Sector.VCS
    legal_form = Organisation.LegalForm.COMMUNITY_GROUP
    address = "1 High Street"
    postcode = "SA1 1AA"
    purpose = "Runs a lunch club."
    contact_name = "Alex Jones"
    contact_position = "Chair"
    contact_email = "chair@group.example.org"
    governing_body = "The committee"
    governing_body_agreed = True
    agrees_to_principles = True
    understands_not_binding = True
    submission_key = factory.Sequence(lambda n: f"key-{n}")


class DisputeWorld:
    """A compact with everyone a dispute needs: its Champion, a joint body of two members
    from each sector (a statutory chair and a VCS co-chair), a mediator, and two signatory
    organisations with a member each. `raise_dispute()` starts the procedure."""

    def __init__(self, *, nation="england_wales", prefix=None):
        from cases.register.models import Sector

        self.compact = CompactFactory(nation=nation, **({"prefix": prefix} if prefix else {}))
        self.champion = self.compact.champion
        self.champion.email = "champion@example.org"
        self.champion.save()
        self.council = StatutoryOrganisationFactory(name="Riverside Council")
        self.health = StatutoryOrganisationFactory(name="Riverside Health Board")
        self.cvs = OrganisationFactory(name="Riverside CVS")
        self.trust = OrganisationFactory(name="Riverside Carers Trust")
        self.complainant_org = OrganisationFactory(name="Riverside Lunch Club")
        self.respondent_org = self.council
        for org in (self.council, self.health, self.cvs, self.trust, self.complainant_org):
            SignatoryFactory(compact=self.compact, organisation=org)
        self.complainant = MembershipFactory(
            organisation=self.complainant_org, is_contact=True, role="administrator"
        ).user
        self.respondent = MembershipFactory(organisation=self.council, is_contact=True).user
        self.chair = JointBodyMemberFactory(
            compact=self.compact, organisation=self.health, role="chair"
        )
        self.statutory_member = JointBodyMemberFactory(
            compact=self.compact, organisation=self.council
        )  # from the respondent: must never sit on the panel
        self.vcs_member = JointBodyMemberFactory(compact=self.compact, organisation=self.cvs)
        self.cochair = JointBodyMemberFactory(
            compact=self.compact, organisation=self.trust, role="co_chair"
        )
        for seat in (self.chair, self.statutory_member, self.vcs_member, self.cochair):
            MembershipFactory(user=seat.user, organisation=seat.organisation)
        assert {self.chair.organisation.sector, self.vcs_member.organisation.sector} == {
            Sector.STATUTORY,
            Sector.VCS,
        }
        self.mediator = MediatorFactory(compact=self.compact)
        self.commitment = CommitmentFactory(compact=self.compact, ref="FC1")
        from cases.register.services import joint_body_membership_sync

        for seat in (self.chair, self.statutory_member, self.vcs_member, self.cochair):
            joint_body_membership_sync(seat.user)

    @property
    def stages(self):
        """The driver that moves this world's disputes from stage to stage."""
        from cases.demo.stages import Cast, DisputeStages

        return DisputeStages(
            Cast(
                champion=self.champion,
                complainant=self.complainant,
                appointer=self.vcs_member.user,
                mediator=self.mediator,
                panel_chair=self.chair.user,
            )
        )

    def dispute_at(self, stage, **changes):
        """A new dispute, driven to `stage` (see `cases.demo.stages.STAGES`); its panel is
        the chair and the voluntary sector member."""
        return self.stages.to(
            self.raise_dispute(**changes), stage, panel=([self.chair, self.vcs_member], self.chair)
        )

    def answered(self, dispute):
        """The dispute, once the respondent has answered it (its answer's clock done)."""
        self.stages.answer(dispute)
        dispute.refresh_from_db()
        return dispute

    def raise_dispute(self, **changes):
        from cases.disputes.services import dispute_raise

        data = {
            "compact": self.compact,
            "by": self.complainant,
            "complainant": self.complainant_org,
            "respondent": self.respondent_org,
            "commitments": [self.commitment],
            "subject": "Two weeks to bid for the lunch club grant",
            "what_happened": "The council gave two weeks to bid for the lunch club grant.",
            "happened_on": datetime.date(2026, 10, 1),
            "already_tried": "We wrote to the grants officer and had no reply.",
            "outcome_sought": "Reopen the grant round with six weeks to bid.",
            "submission_key": factory.Faker("uuid4").evaluate(None, None, {"locale": None}),
        }
        data.update(changes)
        dispute, _ = dispute_raise(**data)
        return dispute


class CommissioningWorld:
    """A compact with a council commissioner, three voluntary organisations that bid, and
    commitments on consultation and funding. `plan()` makes an exercise."""

    def __init__(self, *, nation="england_wales", consultation_expected=False):
        # Opportunities here may go straight to tender, as in a compact that consulted on
        # its funding programme as a whole; tests of the "no consultation" departure ask
        # for one (`consultation_expected`).
        self.compact = CompactFactory(
            nation=nation, min_bid_window_days=30, consultation_expected=consultation_expected
        )
        self.champion = self.compact.champion
        self.council = StatutoryOrganisationFactory(name="Riverside Council")
        SignatoryFactory(compact=self.compact, organisation=self.council)
        self.commissioner = MembershipFactory(organisation=self.council, role="commissioner").user
        self.bidders = []
        for name in ("Riverside Carers", "Riverside Youth Music", "Riverside Food Bank"):
            org = OrganisationFactory(name=name)
            SignatoryFactory(compact=self.compact, organisation=org)
            user = MembershipFactory(organisation=org, role="administrator", is_contact=True).user
            self.bidders.append((org, user))
        CommitmentFactory(
            compact=self.compact,
            ref="CON1",
            code="consultation",
            title="Consult for twelve weeks",
            text="Statutory bodies consult for at least 12 weeks.",
        )
        CommitmentFactory(
            compact=self.compact,
            ref="FC1",
            code="funding",
            title="Give enough time to bid",
            text="Statutory bodies give enough time to prepare bids.",
        )

    def plan(self, **changes):
        from decimal import Decimal

        from cases.commissioning.services import exercise_create

        data = {
            "by": self.commissioner,
            "compact": self.compact,
            "commissioner": self.council,
            "title": "Carers' support service",
            "service": "Support for unpaid carers across Riverside.",
            "outcomes": "Carers feel supported and have breaks.",
            "funding_type": "grant",
            "estimated_value": Decimal("120000"),
            "term_years": 3,
            "full_cost_recovery": True,
        }
        data.update(changes)
        return exercise_create(**data)
