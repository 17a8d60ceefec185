"""The demo loader: five seed compacts, a login for every role, safe to run twice."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases.demo import seed_compacts
from cases.demo.register import DEMO_PASSWORD
from cases.register.models import Commitment, Compact, JointBodyMember, Mediator, Signatory

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Compact.objects.count(),
        Commitment.objects.count(),
        Signatory.objects.count(),
        JointBodyMember.objects.count(),
        get_user_model().objects.count(),
    )


def test_load_demo_loads_the_five_seed_compacts_and_is_idempotent(capsys):
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert first[0] == 5
    assert set(Compact.objects.values_list("slug", flat=True)) == {
        c["slug"] for c in seed_compacts.COMPACTS
    }
    output = capsys.readouterr().out
    assert DEMO_PASSWORD in output
    assert "champion-swansea" in output


def test_seed_facts_reach_the_register():
    call_command("load_demo", quiet_logins=True)
    swansea = Compact.objects.get(slug="swansea")
    assert swansea.joint_body_name == "Joint Liaison Committee"
    assert swansea.nation == "england_wales"
    perth = Compact.objects.get(slug="perth-kinross")
    assert perth.nation == "scotland"
    assert perth.min_notice_months == 6  # "usually six months or more" of warning
    assert Signatory.objects.filter(
        compact=swansea, organisation__name="Swansea Council for Voluntary Services"
    ).exists()
    for compact in Compact.objects.all():
        assert compact.commitments.count() >= 10
        assert compact.champion is not None
        assert Mediator.objects.filter(compact=compact).exists()
        sectors = set(compact.joint_body.values_list("organisation__sector", flat=True))
        assert sectors == {"statutory", "vcs"}


DEMO_LOGINS = [
    "champion-swansea",
    "chair-swansea",
    "jb-vcs-swansea",
    "mediator-swansea",
    "commissioner-swansea",
    "tenderer-swansea",
    "complainant-swansea",
    "admin",
]


def test_every_demo_login_works(client):
    call_command("load_demo", quiet_logins=True)  # once: loading the demo takes seconds
    for username in DEMO_LOGINS:
        client.logout()
        client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        response = client.get("/")
        assert "Signed in as" in response.text, username


def test_the_demo_prints_an_api_token_that_works(client, capsys, settings):
    from cases.accounts.models import ApiToken
    from cases.demo.register import DEMO_API_TOKEN

    settings.SITE_URL = "http://127.0.0.1:9123"  # the address it is served on
    call_command("load_demo")
    call_command("load_demo")
    printed = capsys.readouterr().out
    assert DEMO_API_TOKEN in printed
    assert "Sign in at http://127.0.0.1:9123/accounts/login/" in printed
    assert ":8000" not in printed
    assert ApiToken.objects.count() == 1
    response = client.get(
        "/api/v1/tasks/inbox", headers={"Authorization": f"Bearer {DEMO_API_TOKEN}"}
    )
    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_every_date_on_every_demo_exercise_agrees_with_the_others_and_with_today():
    """Each demo exercise's story runs in order, and nothing happened after today: planned,
    consulted, summarised, tendered (every bid sent inside its window), opened, awarded,
    out of standstill, started, reviewed, given notice, ended; every timeline entry and
    logged transition falls between its planning and now."""
    from django.utils import timezone
    from django_fsm_log.models import StateLog

    from cases.commissioning.models import Exercise

    call_command("load_demo", quiet_logins=True)
    now = timezone.now()
    today = timezone.localdate()
    exercises = list(Exercise.objects.prefetch_related("bids", "reviews", "events"))
    assert len(exercises) >= 14
    for e in exercises:
        local = timezone.localtime
        steps = [
            ("planned", local(e.created_at).date()),
            ("consultation opens", e.consultation_opens_on),
            ("consultation closes", e.consultation_closes_on),
            ("summary", e.summary_published_at and local(e.summary_published_at).date()),
            ("tender opens", e.tender_opens_on),
            ("bids close", e.bids_close_at and local(e.bids_close_at).date()),
            ("bids opened", e.bids_opened_at and local(e.bids_opened_at).date()),
            ("awarded", e.awarded_on),
            ("standstill ends", e.standstill_ends_on),
            ("service starts", e.service_starts_on),
            ("notice given", e.notice_given_on),
            ("service ends", e.service_ends_on),
        ]
        known = [(name, day) for name, day in steps if day is not None]
        for (before, first), (after, then) in zip(known, known[1:], strict=False):
            assert first <= then, f"{e.reference}: {before} {first} is after {after} {then}"
        happened = [
            day
            for name, day in known
            if name not in ("consultation closes", "bids close", "standstill ends", "service ends")
        ]
        assert all(day <= today for day in happened), e.reference
        for event in e.events.all():
            assert e.created_at <= event.created_at <= now, (e.reference, event.title)
        for log in StateLog.objects.for_(e):
            assert e.created_at <= log.timestamp <= now, (e.reference, log.transition)
        for bid in e.bids.all():
            if bid.submitted_at:
                assert local(bid.submitted_at).date() >= e.tender_opens_on, e.reference
                assert bid.submitted_at <= e.bids_close_at, e.reference
            assert bid.updated_at <= now
            for log in StateLog.objects.for_(bid):
                assert e.created_at <= log.timestamp <= now, (e.reference, log.transition)
        for review in e.reviews.all():
            assert e.service_starts_on < review.due_on <= e.service_ends_on, e.reference
            if review.completed_at:
                assert e.service_starts_on <= local(review.completed_at).date() <= today
