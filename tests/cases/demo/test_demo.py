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


def test_the_demo_prints_an_api_token_that_works(client, capsys):
    from cases.accounts.models import ApiToken
    from cases.demo.register import DEMO_API_TOKEN

    call_command("load_demo")
    call_command("load_demo")
    assert DEMO_API_TOKEN in capsys.readouterr().out
    assert ApiToken.objects.count() == 1
    response = client.get(
        "/api/v1/tasks/inbox", headers={"Authorization": f"Bearer {DEMO_API_TOKEN}"}
    )
    assert response.status_code == 200
    assert response.json()["count"] > 0
