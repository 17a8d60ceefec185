"""Funding can be reduced, not only ended: notice of a lower value from a date, with the
same notice guard, reasons and impact as an ending; the provider is told; the page, the
API and the exercise's record show it."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
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


def _running(world):
    """A service running from 1 June 2027 to 31 May 2030, awarded to the first bidder."""
    exercise = world.plan()
    services.exercise_publish_tender(
        exercise=exercise,
        by=world.commissioner,
        opens_on=D(2027, 3, 29),
        bids_close_at=at(D(2027, 5, 7), 12),
    )
    org, user = world.bidders[0]
    bid = services.bid_save(
        exercise=exercise,
        by=user,
        organisation=org,
        data={"proposal": "Breaks.", "direct_costs": Decimal(100), "overheads": Decimal(10)},
    )
    services.bid_submit(bid=bid, by=user)
    return exercise, bid


def test_notice_of_reduced_funding_follows_the_notice_guard_and_tells_the_provider(
    client, django_capture_on_commit_callbacks
):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 3, 29)), tick=False) as clock:
        exercise, bid = _running(world)
        clock.move_to(at(D(2027, 5, 10)))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        services.exercise_award(
            exercise=exercise,
            by=world.commissioner,
            winners=[bid],
            scores=[(bid, 80, "", "Strong.")],
        )
        clock.move_to(at(D(2027, 5, 25)))
        services.exercise_start_service(
            exercise=exercise,
            by=world.commissioner,
            starts_on=D(2027, 6, 1),
            ends_on=D(2030, 5, 31),
        )
        clock.move_to(at(D(2028, 1, 10)))
        exercise.refresh_from_db()
        assert exercise.current_value == Decimal("120000")

        def reduce(**changes):
            data = {
                "exercise": exercise,
                "by": world.commissioner,
                "effective_on": D(2028, 2, 1),
                "value_after": Decimal("90000"),
                "reasons": "The council's grant from government fell.",
                "impact": "Fewer breaks for carers in the north.",
            }
            data.update(changes)
            return services.exercise_reduce_funding(**data)

        with pytest.raises(ValidationError) as refused:
            reduce()  # three weeks' notice, the compact asks for three months
        assert "notice_justification" in refused.value.message_dict
        assert not exercise.departures.exists()
        with pytest.raises(ValidationError, match="below the £120,000.00 in effect"):
            reduce(value_after=Decimal("130000"), notice_justification="x")
        with pytest.raises(ValidationError, match="before the funding ends"):
            reduce(effective_on=D(2030, 6, 1))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change = reduce(effective_on=D(2028, 6, 1))  # nearly five months: no departure
        assert (change.value_before, change.value_after) == (Decimal("120000"), Decimal("90000"))
        assert not exercise.departures.filter(rule=Departure.Rule.NOTICE).exists()
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.REVIEW  # the service runs on, for less
        assert exercise.current_value == Decimal("120000")  # not yet in effect
        assert exercise.value_on(D(2028, 6, 1)) == Decimal("90000")
        told = [m for m in mail.outbox if "will fall from 1 June 2028" in m.subject]
        assert told and told[0].to == [world.bidders[0][1].email]
        # Another may not come in before it, nor stay at the value then in effect.
        with pytest.raises(ValidationError, match="later reduction is already given"):
            reduce(effective_on=D(2028, 5, 1))
        with pytest.raises(ValidationError, match="below the £90,000.00 in effect"):
            reduce(effective_on=D(2028, 9, 1), value_after=Decimal("95000"))
        reduce(effective_on=D(2028, 9, 1), value_after=Decimal("80000"))
        clock.move_to(at(D(2028, 9, 2)))
        exercise.refresh_from_db()
        assert exercise.current_value == Decimal("80000")

        # In the open data each notice is a contract amendment of its own.
        from cases.commissioning.ocds import releases as ocds

        releases = ocds.exercise_releases(exercise, base_url="https://example.org")
        assert [r["tag"] for r in releases][-2:] == [["contractAmendment"], ["contractAmendment"]]
        (amendment,) = releases[-2]["contracts"][0]["amendments"]
        assert amendment["description"].startswith(
            "Notice given on 10 January 2028: from 1 June 2028 the funding falls from "
            "£120,000.00 to £90,000.00."
        )
        assert len(releases[-1]["contracts"][0]["amendments"]) == 2

        # The page shows each change; the API too.
        client.force_login(world.bidders[0][1])
        page = " ".join(client.get(exercise.get_absolute_url()).content.decode().split())
        assert "Funding falls from 1 June 2028" in page
        assert "From £120,000 to £90,000" in page
        body = Api(world.commissioner).get(f"/exercises/{exercise.reference}").json()
        assert [c["value_after"] for c in body["funding_changes"]] == ["90000.00", "80000.00"]


def test_the_page_asks_first_and_the_api_takes_the_same_fields(client):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 3, 29)), tick=False) as clock:
        exercise, bid = _running(world)
        clock.move_to(at(D(2027, 5, 10)))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        services.exercise_award(
            exercise=exercise, by=world.commissioner, winners=[bid], scores=[(bid, 80, "", "Ok.")]
        )
        clock.move_to(at(D(2027, 5, 25)))
        services.exercise_start_service(
            exercise=exercise,
            by=world.commissioner,
            starts_on=D(2027, 6, 1),
            ends_on=D(2030, 5, 31),
        )
        clock.move_to(at(D(2028, 1, 10)))
        short = {
            "effective_on": "2028-02-01",
            "value_after": "80000",
            "reasons": "The grant fell.",
            "impact": "Fewer breaks.",
        }
        refused = Api(world.commissioner).post(
            f"/exercises/{exercise.reference}/actions/reduce", short
        )
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "justification"
        client.force_login(world.commissioner)
        url = f"/exercises/{exercise.reference}/do/reduce/"
        assert "Give notice of reduced funding" in client.get(exercise.get_absolute_url()).text
        form = {
            "reduce-effective_on_0": "1",
            "reduce-effective_on_1": "6",
            "reduce-effective_on_2": "2028",
            "reduce-value_after": "90000",
            "reduce-reasons": "The grant fell.",
            "reduce-impact": "Fewer breaks.",
        }
        asked = client.post(url, form)
        assert asked.status_code == 200
        assert "Give notice of reduced funding: are you sure?" in asked.text
        assert not exercise.changes.exists()
        done = client.post(url, {**form, "confirmed": "yes"})
        assert done.status_code == 302
        assert exercise.changes.count() == 1
