"""Publishing an opportunity with no consultation, where the compact expects one, is a
departure from the Compact: refused without a reason, recorded with one, on the page and
in the API; and a refusal names the field the action takes."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.commissioning import services
from cases.commissioning.models import Departure, ExerciseStage
from tests.api.conftest import Api
from tests.factories import CommissioningWorld

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _tender(exercise, by, **extra):
    return services.exercise_publish_tender(
        exercise=exercise,
        by=by,
        opens_on=D(2027, 1, 4),
        bids_close_at=at(D(2027, 2, 15), 12),
        **extra,
    )


def test_no_consultation_is_a_departure_where_the_compact_expects_one():
    world = CommissioningWorld(consultation_expected=True)
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        with pytest.raises(ValidationError) as refused:
            _tender(exercise, world.commissioner)
        assert "consultation_justification" in refused.value.message_dict
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.PLANNED
        _tender(exercise, world.commissioner, consultation_justification="Funding lapses.")
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.TENDER
        departure = exercise.departures.get()
        assert departure.rule == Departure.Rule.NO_CONSULTATION
        assert departure.actual == "no consultation"
        assert departure.justification == "Funding lapses."
        assert departure.commitment.ref == "CON1"  # the compact's consultation commitment


def test_a_consulted_exercise_or_a_compact_that_expects_none_records_no_departure():
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        relaxed = CommissioningWorld()
        exercise = relaxed.plan()
        _tender(exercise, relaxed.commissioner)
        assert not exercise.departures.exists()


def test_the_page_asks_why_only_when_there_was_no_consultation(client):
    world = CommissioningWorld(consultation_expected=True)
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        client.force_login(world.commissioner)
        exercise = world.plan()
        page = " ".join(
            client.get(f"/exercises/{exercise.reference}/do/tender/").content.decode().split()
        )
        assert "Why is there no consultation?" in page
        form = {
            "action": "tender",
            "tender-opens_on_0": "4",
            "tender-opens_on_1": "1",
            "tender-opens_on_2": "2027",
            "tender-closes_on_0": "15",
            "tender-closes_on_1": "2",
            "tender-closes_on_2": "2027",
            "tender-closes_at": "12:00",
        }
        refused = client.post(f"/exercises/{exercise.reference}/do/tender/", form)
        assert refused.status_code == 400
        assert "No consultation before the opportunity" in refused.content.decode()
        form["tender-consultation_justification"] = "Funding lapses in March."
        done = client.post(f"/exercises/{exercise.reference}/do/tender/", form)
        assert done.status_code == 302
        assert exercise.departures.get().rule == Departure.Rule.NO_CONSULTATION

        consulted = world.plan(title="Lunch clubs")
        services.exercise_open_consultation(
            exercise=consulted,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 3, 29),
            questions=["What matters?"],
        )
    with time_machine.travel(at(D(2027, 4, 5)), tick=False):
        client.force_login(world.commissioner)
        services.exercise_publish_summary(
            exercise=consulted, by=world.commissioner, summary="You said breaks; we added them."
        )
        assert (
            "Publish the opportunity" in client.get(consulted.get_absolute_url()).content.decode()
        )
        page = " ".join(
            client.get(f"/exercises/{consulted.reference}/do/tender/").content.decode().split()
        )
        assert "Publish the opportunity" in page
        assert "Why is there no consultation?" not in page


def test_api_refusals_name_the_fields_the_action_takes():
    world = CommissioningWorld(consultation_expected=True)
    api = Api(world.commissioner)
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        actions = {a["name"]: a for a in api.get(f"/exercises/{exercise.reference}/actions").json()}
        assert "consultation_justification" in {f["name"] for f in actions["tender"]["fields"]}
        tender = {"opens_on": "2027-01-04", "closes_on": "2027-02-15", "closes_at": "12:00"}
        refused = api.post(f"/exercises/{exercise.reference}/actions/tender", tender)
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "consultation_justification"
        # A consultation shorter than the compact's 12 weeks: the action's field is
        # `justification`, and the refusal says so.
        short = {"opens_on": "2027-01-04", "closes_on": "2027-02-01", "questions": "What?"}
        refused = api.post(f"/exercises/{exercise.reference}/actions/consult", short)
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "justification"
        # Bids that would close before they open: the action's field is `closes_on`.
        backwards = {**tender, "closes_on": "2027-01-04", "consultation_justification": "Why."}
        refused = api.post(f"/exercises/{exercise.reference}/actions/tender", backwards)
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "closes_on"
