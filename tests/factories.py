"""Factories for every record, in one place, so a test can start wherever it needs."""

import datetime

import factory
from django.contrib.auth import get_user_model

from cases.models import (
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
