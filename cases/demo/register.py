"""Demo data: the five seed compacts, their people and some work in progress.

Idempotent: every record is found by a natural key and updated, so `load_demo` can run on
every start. Organisations marked "(demo)" do not come from the seeds: they are invented so
that every role has someone to sign in as, and say so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from cases.demo import seed_compacts, welsh, when
from cases.register.models import (
    Commitment,
    Compact,
    DataProtectionOfficer,
    JointBodyMember,
    Mediator,
    Membership,
    Organisation,
    Sector,
    Signatory,
    SignupRequest,
)
from cases.register.references import next_reference

# A compact's own words in Welsh, for the compacts in Wales (cases.demo.welsh).
WELSH = {"swansea": welsh}

# The compacts were recorded in the service this many days before today: over two years,
# so the year their annual review looks back on (in April) is always one they were here.
FIRST_RECORDED = -760

TERMS = (
    "The {name} meets four times a year, with equal numbers of members from the statutory "
    "sector and the voluntary and community sector, and a chair from each. It keeps the "
    "Compact under review, agrees and follows its action plan, hears disputes that "
    "informal resolution and mediation have not settled, and reports to both sectors each "
    "year. (Demo text.)"
)

DEMO_PASSWORD = "compact-demo"  # noqa: S105 (a published demo login, not a secret)
# A published demo API token for champion-swansea, so the API can be tried at once.
DEMO_API_TOKEN = "cc_demo-champion-swansea"  # noqa: S105 (demo only, like the password)

LEGAL_FORM_HINTS = [
    ("council", Organisation.LegalForm.LOCAL_AUTHORITY),
    ("nhs", Organisation.LegalForm.HEALTH),
    ("pct", Organisation.LegalForm.HEALTH),
    ("health", Organisation.LegalForm.HEALTH),
    ("ambulance", Organisation.LegalForm.HEALTH),
    ("police", Organisation.LegalForm.POLICE),
    ("fire", Organisation.LegalForm.FIRE),
    ("college", Organisation.LegalForm.EDUCATION),
    ("cvs", Organisation.LegalForm.INFRASTRUCTURE),
    ("voluntary", Organisation.LegalForm.INFRASTRUCTURE),
    ("navo", Organisation.LegalForm.INFRASTRUCTURE),
]

# Invented voluntary organisations, two per compact, so every compact has tenderers and
# complainants to sign in as. Their names say they are demo data.
DEMO_VCS = {
    "south-ayrshire": ["Carrick Community Transport (demo)", "Ayr Food Share (demo)"],
    "perth-kinross": ["Highland Perthshire Carers (demo)", "Tay Youth Music (demo)"],
    "swansea": ["Gower Befriending Service (demo)", "Swansea Bay Tenants Forum (demo)"],
    "nottinghamshire": ["Sherwood Advice Network (demo)", "Newark Young Carers (demo)"],
    "high-peak": ["Glossop Volunteer Drivers (demo)", "Buxton Men's Shed (demo)"],
}


# The part of each demo username after the role, e.g. champion-swansea.
SHORT_NAMES = {
    "south-ayrshire": "ayrshire",
    "perth-kinross": "perth",
    "swansea": "swansea",
    "nottinghamshire": "notts",
    "high-peak": "highpeak",
}


@dataclass
class DemoLogin:
    username: str
    role: str
    compact: str


def _legal_form(name: str, sector: str) -> str:
    lowered = name.lower()
    for hint, form in LEGAL_FORM_HINTS:
        if hint in lowered:
            return form
    return (
        Organisation.LegalForm.OTHER_PUBLIC
        if sector == Sector.STATUTORY
        else Organisation.LegalForm.CHARITY
    )


def _organisation(name: str, sector: str, area: str, purpose: str = "") -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        slug=slugify(name)[:200],
        defaults={
            "name": name,
            "sector": sector,
            "legal_form": _legal_form(name, sector),
            "area_of_benefit": area,
            "purpose": purpose,
        },
    )
    return organisation


def _user(username: str, first: str, last: str) -> object:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _member(user, organisation, role=Membership.Role.MEMBER, title="", contact=False):
    Membership.objects.update_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": role, "job_title": title, "is_contact": contact},
    )


def load_compact(data: dict) -> tuple[Compact, list[DemoLogin]]:
    slug = data["slug"]
    area = data["area"]
    fields = {
        "prefix": data["prefix"],
        "name": data["name"],
        "area": area,
        "nation": data["nation"],
        "country": data["country"],
        "languages": data.get("languages", "en"),
        "joint_body_name": data["joint_body_name"],
        "summary": data["summary"],
        "adopted_year": data["adopted_year"],
        "source_document": data["source"],
    }
    # The Welsh beside the English: the summary and the name are not versioned; the terms
    # of reference are, so they are written only when the compact is first recorded.
    welsh_words = _in_welsh(slug)
    terms_cy = welsh_words.pop("joint_body_terms_cy", None)
    fields.update(welsh_words)
    compact = Compact.objects.filter(slug=slug).first()
    if compact is None:
        # Recorded here a little over a year ago, so the demo's versions of the Compact,
        # made through the year, come after it.
        with when.on(FIRST_RECORDED, 9):
            compact = Compact.objects.create(
                slug=slug,
                **fields,
                **data.get("rules", {}),
                joint_body_terms=TERMS.format(name=data["joint_body_name"]),
                joint_body_terms_cy=terms_cy,
            )
            _commitments(compact, data)
    else:
        # Loading again leaves the versioned parts (rules, terms, commitments) as the
        # demo's year of changes left them, and writes no history.
        Compact.objects.filter(pk=compact.pk).update(**fields)
        _commitments(compact, data)
    signed_on = datetime.date(data["adopted_year"] or 2010, 6, 1)
    statutory, vcs = [], []
    for entry in data["signatories"]:
        organisation = _organisation(entry["name"], entry["sector"], area)
        Signatory.objects.update_or_create(
            compact=compact,
            organisation=organisation,
            defaults={"signed_on": signed_on},
        )
        (statutory if entry["sector"] == Sector.STATUTORY else vcs).append(organisation)
    for name in DEMO_VCS[slug]:
        organisation = _organisation(
            name,
            Sector.VCS,
            area,
            purpose="An invented organisation for the demo; it is not in the seed.",
        )
        Signatory.objects.update_or_create(
            compact=compact,
            organisation=organisation,
            defaults={"signed_on": signed_on + datetime.timedelta(days=400)},
        )
        vcs.append(organisation)
    if len(statutory) < 2:
        # A second public body, so a dispute with the council can still have a panel with
        # a statutory member from outside the council.
        extra = _organisation(
            f"{area} Health Board (demo)",
            Sector.STATUTORY,
            area,
            purpose="An invented public body for the demo; it is not in the seed.",
        )
        Signatory.objects.update_or_create(
            compact=compact, organisation=extra, defaults={"signed_on": signed_on}
        )
        statutory.append(extra)
    council, second_statutory = statutory[0], statutory[-1]
    umbrella, first_vcs, second_vcs = vcs[0], vcs[-2], vcs[-1]

    short = SHORT_NAMES[slug]
    people = {
        "champion": ("Champion", council, Membership.Role.MEMBER),
        "chair": (f"{compact.joint_body_name} chair", second_statutory, Membership.Role.MEMBER),
        "jb-statutory": (
            f"{compact.joint_body_name} member (statutory)",
            council,
            Membership.Role.MEMBER,
        ),
        "jb-vcs": (f"{compact.joint_body_name} member (VCS)", umbrella, Membership.Role.MEMBER),
        "cochair": (f"{compact.joint_body_name} co-chair (VCS)", first_vcs, Membership.Role.MEMBER),
        "mediator": ("Mediator", None, None),
        "commissioner": ("Commissioner", council, Membership.Role.COMMISSIONER),
        "tenderer": ("Tenderer", first_vcs, Membership.Role.ADMINISTRATOR),
        "complainant": ("Complainant", second_vcs, Membership.Role.ADMINISTRATOR),
        # Answers for personal data: no party to any case.
        "dpo": ("Data protection officer", None, None),
    }
    logins = []
    users = {}
    for key, (role, organisation, membership_role) in people.items():
        username = f"{key}-{short}"
        first = key.replace("-", " ").title().replace("Jb ", "JB ").replace("Dpo", "DPO")
        user = _user(username, first, area)
        users[key] = user
        if organisation is not None:
            contact = key in ("commissioner", "tenderer", "complainant")
            _member(user, organisation, membership_role, title=role, contact=contact)
        logins.append(DemoLogin(username, role, compact.name))

    DataProtectionOfficer.objects.get_or_create(
        user=users["dpo"], compact=compact, defaults={"appointed_on": when.days(-400)}
    )
    compact.champion = users["champion"]
    Compact.objects.filter(pk=compact.pk).update(champion=users["champion"])
    seats = {
        "chair": (second_statutory, JointBodyMember.Role.CHAIR),
        "jb-statutory": (council, JointBodyMember.Role.MEMBER),
        "jb-vcs": (umbrella, JointBodyMember.Role.MEMBER),
        "cochair": (first_vcs, JointBodyMember.Role.CO_CHAIR),
    }
    for key, (organisation, role) in seats.items():
        JointBodyMember.objects.update_or_create(
            compact=compact,
            user=users[key],
            defaults={
                "organisation": organisation,
                "role": role,
                "joined_on": when.days(FIRST_RECORDED),
                "term_ends_on": when.days(FIRST_RECORDED + 3 * 365),
            },
        )
    Mediator.objects.update_or_create(
        compact=compact,
        user=users["mediator"],
        defaults={
            "accreditation": "Civil Mediation Council registered mediator (demo)",
            "profile": "Fifteen years mediating between councils and community groups, "
            "mostly on funding and premises. Works for neither sector. (Demo profile.)",
        },
    )
    _pending_signup(compact, area)
    return compact, logins


def _in_welsh(slug: str) -> dict:
    """A compact's summary, joint body's name and terms of reference in Welsh, where the
    demo has them."""
    words = WELSH.get(slug)
    if words is None:
        return {}
    return {
        "summary_cy": words.SUMMARY,
        "joint_body_name_cy": words.JOINT_BODY_NAME,
        "joint_body_terms_cy": words.TERMS.format(name=words.JOINT_BODY_NAME),
    }


def _commitments(compact: Compact, data: dict) -> None:
    """The seed's commitments that the compact does not have yet."""
    have = set(compact.commitments.values_list("ref", flat=True))
    in_welsh = getattr(WELSH.get(compact.slug), "COMMITMENTS", {})
    for position, item in enumerate(data["commitments"]):
        if item["ref"] in have:
            continue
        title_cy, text_cy = in_welsh.get(item["ref"], (None, None))
        Commitment.objects.create(
            title_cy=title_cy,
            text_cy=text_cy,
            compact=compact,
            ref=item["ref"],
            code=item["code"],
            title=item["title"],
            text=item["text"],
            undertaken_by=item["undertaken_by"],
            source_section=item["seed_section"],
            position=position,
        )


def _pending_signup(compact: Compact, area: str) -> None:
    key = f"demo-{compact.slug}-1"
    if SignupRequest.objects.filter(submission_key=key).exists():
        return
    SignupRequest.objects.create(
        compact=compact,
        reference=next_reference(compact=compact, kind="S"),
        organisation_name=f"{area} Allotment Society (demo)",
        sector=Sector.VCS,
        legal_form=Organisation.LegalForm.COMMUNITY_GROUP,
        address=f"1 Station Road\n{area}",
        postcode="AB1 2CD",
        purpose="Runs community allotments and a seed swap for local families.",
        contact_name="Sam Patel",
        contact_position="Secretary",
        contact_email="secretary@allotments.example.org",
        governing_body="The society's committee",
        governing_body_agreed=True,
        agrees_to_principles=True,
        understands_not_binding=True,
        submission_key=key,
    )


@transaction.atomic
def load_register() -> list[DemoLogin]:
    logins = [DemoLogin("admin", "Service administrator (Django admin)", "all compacts")]
    admin = _user("admin", "Service", "Administrator")
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save()
    # The whole service's data protection officer.
    logins.append(DemoLogin("dpo", "Data protection officer", "the whole service"))
    DataProtectionOfficer.objects.get_or_create(
        user=_user("dpo", "Data Protection", "Officer"),
        compact=None,
        defaults={"appointed_on": when.days(-400)},
    )
    for data in seed_compacts.COMPACTS:
        _, compact_logins = load_compact(data)
        logins += compact_logins
    return logins


def load_api_token() -> str:
    """The demo's API token for champion-swansea, kept valid for a year from each load;
    loading again makes no second token."""
    import datetime

    from django.utils import timezone

    from cases.accounts.models import ApiToken, token_hash

    ApiToken.objects.update_or_create(
        key_hash=token_hash(DEMO_API_TOKEN),
        defaults={
            "user": get_user_model().objects.get(username="champion-swansea"),
            "name": "Demo token",
            "prefix": DEMO_API_TOKEN[:10],
            "expires_at": timezone.now() + datetime.timedelta(days=365),
            "revoked_at": None,
        },
    )
    return DEMO_API_TOKEN
