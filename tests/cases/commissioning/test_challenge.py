"""A challenge in the standstill: an unsuccessful bidder challenges the award as a dispute
raised from it; while the dispute is open the service cannot start, on the page, in the
API and in the service; once it is closed the contract may go ahead."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.commissioning import services
from cases.commissioning.actions import open_names, why_closed
from cases.commissioning.models import BidStatus, ExerciseStage
from cases.disputes.services import dispute_raise, dispute_withdraw
from tests.api.conftest import Api
from tests.factories import CommissioningWorld

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _awarded(world, clock):
    """An exercise awarded on 10 May 2027 (standstill to 24 May) to the first of two
    bidders; the clock is left on the day of the award."""
    exercise = world.plan()
    services.exercise_publish_tender(
        exercise=exercise,
        by=world.commissioner,
        opens_on=D(2027, 3, 29),
        bids_close_at=at(D(2027, 5, 7), 12),
    )
    bids = []
    for org, user in world.bidders[:2]:
        bid = services.bid_save(
            exercise=exercise,
            by=user,
            organisation=org,
            data={"proposal": "Breaks.", "direct_costs": Decimal(100), "overheads": Decimal(10)},
        )
        bids.append(services.bid_submit(bid=bid, by=user))
    clock.move_to(at(D(2027, 5, 10)))
    services.exercise_open_bids(exercise=exercise, by=world.commissioner)
    services.exercise_award(
        exercise=exercise,
        by=world.commissioner,
        winners=bids[:1],
        scores=[(bids[0], 80, "", "Strong."), (bids[1], 60, "", "Thin on outreach.")],
    )
    exercise.refresh_from_db()
    return exercise, bids


def _challenge(world, exercise, key="challenge"):
    org, user = world.bidders[1]
    dispute, _ = dispute_raise(
        compact=world.compact,
        by=user,
        complainant=org,
        respondent=world.council,
        commitments=list(world.compact.commitments.filter(code="funding")),
        subject="Challenge to the award",
        what_happened="The award did not follow the published criteria.",
        happened_on=exercise.awarded_on,
        already_tried="We asked for a debrief.",
        outcome_sought="Evaluate the bids again.",
        submission_key=key,
        source=("award", exercise.pk),
    )
    return dispute


def test_a_challenge_in_the_standstill_holds_the_contract_until_it_is_closed(client):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 3, 29)), tick=False) as clock:
        exercise, bids = _awarded(world, clock)
        exercise.refresh_from_db()
        assert exercise.standstill_ends_on == D(2027, 5, 24)

        # The unsuccessful bidder's page offers the challenge, filled in from the award.
        org, loser = world.bidders[1]
        client.force_login(loser)
        bid_page = client.get(bids[1].get_absolute_url()).content.decode()
        assert f'href="/disputes/new/?award={exercise.pk}"' in bid_page
        form = client.get(f"/disputes/new/?award={exercise.pk}", follow=True)
        assert form.status_code == 200

        dispute = _challenge(world, exercise)
        assert (dispute.source, dispute.source_pk) == ("award", exercise.pk)

        # The commissioner and the Champion are told on the exercise's page.
        client.force_login(world.commissioner)
        page = " ".join(client.get(exercise.get_absolute_url()).content.decode().split())
        assert (
            f'The award is challenged: <a class="govuk-link" href="/disputes/{dispute.reference}/">'
            in page
        )

        clock.move_to(at(D(2027, 5, 25)))  # the standstill is over, the challenge open
        exercise.refresh_from_db()
        assert "start" not in open_names(world.commissioner, exercise)
        assert dispute.reference in why_closed("start", exercise)
        refused = Api(world.commissioner).post(f"/exercises/{exercise.reference}/actions/start")
        assert refused.status_code == 409
        assert "challenged" in refused.json()["detail"]
        with pytest.raises(ValidationError, match="cannot start until the challenge is closed"):
            services.exercise_start_service(
                exercise=exercise,
                by=world.commissioner,
                starts_on=D(2027, 6, 1),
                ends_on=D(2028, 5, 31),
            )

        dispute_withdraw(dispute=dispute, by=loser, reason="The debrief answered our questions.")
        assert "start" in open_names(world.commissioner, exercise)
        services.exercise_start_service(
            exercise=exercise,
            by=world.commissioner,
            starts_on=D(2027, 6, 1),
            ends_on=D(2028, 5, 31),
        )
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.REVIEW
        assert bids[0].__class__.objects.get(pk=bids[0].pk).status == BidStatus.AWARDED


def test_an_award_can_be_challenged_only_in_its_standstill():
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 3, 29)), tick=False) as clock:
        exercise, bids = _awarded(world, clock)
        exercise.refresh_from_db()
        clock.move_to(at(D(2027, 5, 25)))
        late = _challenge(world, exercise, key="late")
        # A dispute still, but not a challenge: it holds nothing.
        assert (late.source, late.source_pk) == ("", None)
        assert "start" in open_names(world.commissioner, exercise)


def test_the_api_raises_a_challenge_and_says_what_it_was_raised_from():
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 3, 29)), tick=False) as clock:
        exercise, bids = _awarded(world, clock)
        org, loser = world.bidders[1]
        raised = Api(loser).post(
            "/disputes",
            {
                "compact": world.compact.slug,
                "complainant": org.slug,
                "respondent": world.council.slug,
                "commitments": ["FC1"],
                "what_happened": "The award did not follow the published criteria.",
                "happened_on": "2027-05-10",
                "already_tried": "We asked for a debrief.",
                "outcome_sought": "Evaluate the bids again.",
                "raised_from": "award",
                "raised_from_id": exercise.pk,
            },
        )
        assert raised.status_code == 201, raised.content
        body = raised.json()
        assert (body["raised_from"], body["raised_from_id"]) == ("award", exercise.pk)
        exercise.refresh_from_db()
        assert why_closed("start", exercise).startswith(
            f"The award is challenged ({body['reference']})"
        )


def test_only_an_unsuccessful_bidder_holds_the_contract_and_once_at_a_time():
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 3, 29)), tick=False) as clock:
        exercise, bids = _awarded(world, clock)
        exercise.refresh_from_db()

        def raise_as(org, user, key):
            dispute, _ = dispute_raise(
                compact=world.compact,
                by=user,
                complainant=org,
                respondent=world.council,
                commitments=list(world.compact.commitments.filter(code="funding")),
                what_happened="About the award.",
                happened_on=exercise.awarded_on,
                already_tried="Asked.",
                outcome_sought="Score again.",
                submission_key=key,
                source=("award", exercise.pk),
            )
            return dispute

        # The winner, and an organisation that never bid, raise disputes, not challenges.
        winner = raise_as(*world.bidders[0], "winner")
        bystander = raise_as(*world.bidders[2], "bystander")
        assert (winner.source, bystander.source) == ("", "")
        # The unsuccessful bidder's challenge holds it; a second one of theirs does not add.
        first = raise_as(*world.bidders[1], "first")
        second = raise_as(*world.bidders[1], "second")
        assert (first.source, second.source) == ("award", "")
        clock.move_to(at(D(2027, 5, 25)))
        exercise.refresh_from_db()
        assert why_closed("start", exercise).startswith(
            f"The award is challenged ({first.reference})"
        )


def test_a_bids_history_names_each_step_once(client):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 3, 29)), tick=False) as clock:
        exercise, bids = _awarded(world, clock)
        org, user = world.bidders[0]
        client.force_login(user)
        page = client.get(f"/bids/{bids[0].pk}/").text
    assert "Awarded" in page and "Awarded (Awarded)" not in page
