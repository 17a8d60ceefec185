"""Alerts: follow consultations and opportunities by compact, kind of funding and words;
be e-mailed (and notified) when a matching one opens, changes or is cancelled; stop in one
click from the e-mail, without signing in."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cases.commissioning import services
from cases.commissioning.models import Alert
from tests.factories import CommissioningWorld, CompactFactory, UserFactory
from workflows.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)  # e-mails go after the commit
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _alerts(subject_part):
    return [m for m in mail.outbox if subject_part in m.subject]


def test_followers_are_told_when_a_matching_consultation_or_opportunity_opens_or_changes():
    world = CommissioningWorld()
    everything = UserFactory(email="all@example.org")
    carers = UserFactory(email="carers@example.org")
    elsewhere = UserFactory(email="elsewhere@example.org")
    contracts = UserFactory(email="contracts@example.org")
    services.alert_create(by=everything)
    services.alert_create(by=everything, compact=world.compact)  # two match: told once
    services.alert_create(by=carers, compact=world.compact, keywords="Carers, respite")
    services.alert_create(by=elsewhere, compact=CompactFactory())
    services.alert_create(by=contracts, funding_type="contract")
    with pytest.raises(ValidationError, match="already have that alert"):
        services.alert_create(by=carers, compact=world.compact, keywords="carers respite")

    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan()  # "Carers' support service", a grant: private, nobody told
        assert not _alerts("has opened")
        mail.outbox.clear()
        services.exercise_open_consultation(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 3, 29),
            questions=["What matters?"],
        )
        told = _alerts("A consultation has opened")
        assert sorted(m.to[0] for m in told) == ["all@example.org", "carers@example.org"]
        body = told[0].body
        assert "Responses close on 29 March 2027." in body
        stop_link = re.search(r"/alerts/stop/([^/\s]+)/", body)
        assert stop_link
        assert Notification.objects.filter(user=carers, subject__contains="consultation").exists()

        clock.move_to(at(D(2027, 4, 5)))
        services.exercise_publish_summary(
            exercise=exercise, by=world.commissioner, summary="You said breaks; we added them."
        )
        mail.outbox.clear()
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 4, 5),
            bids_close_at=at(D(2027, 5, 17), 12),
        )
        assert len(_alerts("A funding opportunity has opened")) == 2
        mail.outbox.clear()
        services.exercise_move_closing(
            exercise=exercise,
            by=world.commissioner,
            bids_close_at=at(D(2027, 5, 24), 12),
            reason="More time after the bank holiday.",
        )
        changed = _alerts("has changed")
        assert len(changed) == 2
        assert "Why: More time after the bank holiday." in changed[0].body


def test_an_alert_stops_in_one_click_without_signing_in_and_on_the_alerts_page():
    follower = UserFactory()
    alert = services.alert_create(by=follower, keywords="transport")
    token = services.stop_token(alert)
    anonymous = Client()
    asked = anonymous.get(f"/alerts/stop/{token}/")
    assert asked.status_code == 200 and "Stop this alert?" in asked.text
    assert Alert.objects.filter(pk=alert.pk).exists()  # a GET changes nothing
    done = anonymous.post(f"/alerts/stop/{token}/")
    assert "Alert stopped" in done.text
    assert not Alert.objects.filter(pk=alert.pk).exists()
    assert anonymous.get(f"/alerts/stop/{token}/").status_code == 404
    assert anonymous.get("/alerts/stop/not-a-token/").status_code == 404

    client = Client()
    client.force_login(follower)
    assert client.post("/alerts/", {"keywords": "x" * 201}).status_code == 400
    made = client.post("/alerts/", {"keywords": "lunch clubs", "funding_type": "grant"})
    assert made.status_code == 302
    page = client.get("/alerts/").text
    assert "Every compact, grant, mentioning lunch, clubs" in page
    mine = follower.alerts.get()
    other = services.alert_create(by=UserFactory(), keywords="secret")
    client.post("/alerts/", {"action": "stop", "alert": other.pk})  # not theirs: nothing
    assert Alert.objects.filter(pk=other.pk).exists()
    client.post("/alerts/", {"action": "stop", "alert": mine.pk})
    assert not follower.alerts.exists()
    assert Client().get("/alerts/").status_code == 302  # sign in first


def test_followers_are_told_once_when_bidding_or_a_consultation_closes():
    from cases.commissioning.services.alerts import alert_closings

    world = CommissioningWorld()
    follower = UserFactory(email="follower@example.org")
    services.alert_create(by=follower, compact=world.compact)
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        consulted = world.plan(title="Lunch clubs")
        services.exercise_open_consultation(
            exercise=consulted,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 3, 29),
            questions=["What matters?"],
        )
        tendered = world.plan()
        services.exercise_publish_tender(
            exercise=tendered,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 2, 15), 12),
        )
        mail.outbox.clear()
        assert alert_closings() == ""  # nothing has closed
        clock.move_to(at(D(2027, 2, 15), 13))
        assert alert_closings() == "closing alerts: 1 sent"
        assert [m.subject for m in mail.outbox] == [
            "An opportunity has closed for bids: Carers' support service"
        ]
        assert alert_closings() == ""  # once
        clock.move_to(at(D(2027, 3, 30), 9))
        assert alert_closings() == "closing alerts: 1 sent"
        assert mail.outbox[-1].subject == "A consultation has closed: Lunch clubs"
        # Long after, a closing nobody was told of stays untold: no flood of old news.
        late = world.plan(title="Youth music")
        services.exercise_open_consultation(
            exercise=late,
            by=world.commissioner,
            opens_on=D(2027, 3, 30),
            closes_on=D(2027, 6, 30),
            questions=["What matters?"],
        )
        clock.move_to(at(D(2027, 7, 20)))
        assert alert_closings() == ""


def test_alerts_through_the_api():
    from tests.api.conftest import Api

    world = CommissioningWorld()
    follower = UserFactory()
    api = Api(follower)
    made = api.post(
        "/alerts", {"compact": world.compact.slug, "funding_type": "grant", "keywords": "Carers"}
    )
    assert made.status_code == 201, made.content
    assert made.json()["keywords"] == "carers"
    assert api.post("/alerts", {"compact": "nowhere"}).status_code == 422
    assert (
        api.post(
            "/alerts",
            {"compact": world.compact.slug, "funding_type": "grant", "keywords": "carers"},
        ).status_code
        == 409
    )  # already set
    assert [a["id"] for a in api.get("/alerts").json()] == [made.json()["id"]]
    other = Api(UserFactory())
    assert (
        other.client.delete(
            f"/api/v1/alerts/{made.json()['id']}", headers=other.headers
        ).status_code
        == 404
    )
    assert (
        api.client.delete(f"/api/v1/alerts/{made.json()['id']}", headers=api.headers).status_code
        == 204
    )
    assert api.get("/alerts").json() == []


def test_a_change_made_in_welsh_is_kept_in_english_and_told_in_each_emails_language():
    """The commissioner works in Welsh: the amendment kept (and published as open data) and
    the exercise's history stay in English, and an English compact's followers read English."""
    from django.utils import translation

    from cases.commissioning.models import Amendment

    world = CommissioningWorld()
    follower = UserFactory(email="follower@example.org")
    services.alert_create(by=follower, compact=world.compact)
    with time_machine.travel(at(D(2027, 4, 5)), tick=False):
        exercise = world.plan()
        with translation.override("cy"):
            services.exercise_publish_tender(
                exercise=exercise,
                by=world.commissioner,
                opens_on=D(2027, 4, 5),
                bids_close_at=at(D(2027, 5, 17), 12),
            )
            mail.outbox.clear()
            services.exercise_move_closing(
                exercise=exercise,
                by=world.commissioner,
                bids_close_at=at(D(2027, 5, 24), 12),
                reason="Mwy o amser.",
            )
    amendment = Amendment.objects.get(exercise=exercise)
    assert amendment.what == "bids now close 24 May 2027, midday (was 17 May 2027, midday)"
    assert exercise.events.filter(body="Bids close 17 May 2027, midday.").exists()
    changed = _alerts("has changed")
    assert len(changed) == 1
    assert "What changed: bids now close 24 May 2027, midday" in changed[0].body
    assert "Mai" not in changed[0].body
