"""Commissioning exercises through every path: consultation or straight to tender,
evaluation, award with letters, review and decommission, and cancellation, with each
Compact guard refused and then allowed with a justification."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm_log.models import StateLog
from pypdf import PdfReader

from cases.commissioning import services
from cases.commissioning.flow import DepartureFlow, ExerciseFlow
from cases.commissioning.models import BidStatus, Departure, ExerciseStage, Review
from cases.commissioning.selectors import exercise_tasks
from tests.factories import CommissioningWorld

pytestmark = pytest.mark.django_db(transaction=True)

UTC = datetime.UTC
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), UTC)


def _open_steps(exercise):
    return [t.flow_task for t in exercise_tasks(exercise)]


def _bid(world, exercise, n, **data):
    org, user = world.bidders[n]
    bid = services.bid_save(
        exercise=exercise,
        by=user,
        organisation=org,
        data={
            "proposal": f"{org} will run it.",
            "direct_costs": Decimal("90000"),
            "overheads": Decimal("12000"),
            **data,
        },
    )
    return services.bid_submit(bid=bid, by=user)


@pytest.fixture
def world():
    return CommissioningWorld()


def test_a_consultation_shorter_than_twelve_weeks_needs_a_justification(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        assert _open_steps(exercise) == [ExerciseFlow.plan]
        with pytest.raises(ValidationError, match="12 weeks and this gives 6 weeks"):
            services.exercise_open_consultation(
                exercise=exercise,
                by=world.commissioner,
                opens_on=D(2027, 1, 4),
                closes_on=D(2027, 2, 15),
                questions=["What do carers need?"],
            )
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.PLANNED  # nothing half-done
        assert not Departure.objects.exists()
        services.exercise_open_consultation(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 2, 15),
            questions=["What do carers need?"],
            consultation_justification="The grant must be awarded before the year end.",
        )
    exercise.refresh_from_db()
    assert exercise.stage == ExerciseStage.CONSULTATION
    departure = Departure.objects.get()
    assert departure.rule == Departure.Rule.CONSULTATION
    assert departure.commitment.ref == "CON1"
    assert _open_steps(exercise) == [ExerciseFlow.publish_summary]
    # The Champion has the departure to review, and was told.
    from cases.commissioning.models import DepartureProcess

    process = DepartureProcess.objects.get(departure=departure)
    review = process.task_set.get(flow_task=DepartureFlow.review)
    assert review.owner == world.champion
    assert any(world.champion.email in m.to for m in mail.outbox)


def test_twelve_weeks_is_enough_and_records_no_departure(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        services.exercise_open_consultation(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 3, 29),
            questions=["What do carers need?", "What works now?"],
        )
    assert not Departure.objects.exists()


def test_the_full_life_of_an_exercise(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan(estimated_value=Decimal("120000"))
        services.exercise_open_consultation(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 3, 29),
            questions=["What do carers need?"],
        )
        question = exercise.questions.get()
        org, user = world.bidders[0]
        services.consultation_respond(
            exercise=exercise, by=user, organisation=org, answers={str(question.pk): "Breaks."}
        )
        with pytest.raises(ValidationError, match="once the consultation has closed"):
            services.exercise_publish_summary(
                exercise=exercise, by=world.commissioner, summary="x" * 30
            )

        clock.move_to(at(D(2027, 3, 30)))
        services.exercise_publish_summary(
            exercise=exercise,
            by=world.commissioner,
            summary="You said carers need breaks; we added respite to the outcomes.",
        )
        assert _open_steps(exercise) == [ExerciseFlow.publish_tender]
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 4, 1),
            bids_close_at=at(D(2027, 5, 10), 12),
        )
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.TENDER
        assert _open_steps(exercise) == [ExerciseFlow.open_bids]
        with pytest.raises(ValidationError, match="not open for bids yet"):
            _bid(world, exercise, 0)  # published, but it opens on 1 April

        clock.move_to(at(D(2027, 4, 1)))
        first = _bid(world, exercise, 0)
        second = _bid(world, exercise, 1)
        third = _bid(world, exercise, 2)
        services.bid_withdraw(bid=third, by=world.bidders[2][1], reason="Not this year")
        # A sent bid is changed only by sending a whole replacement.
        with pytest.raises(ValidationError, match="send a replacement"):
            services.bid_save(
                exercise=exercise,
                by=world.bidders[0][1],
                organisation=world.bidders[0][0],
                data={"proposal": "half-written"},
            )
        with pytest.raises(ValidationError):
            services.bid_submit(
                bid=first, by=world.bidders[0][1], data={"proposal": "", "direct_costs": None}
            )
        first.refresh_from_db()
        assert (first.proposal, first.version) == (f"{world.bidders[0][0]} will run it.", 1)
        replaced = services.bid_submit(
            bid=first,
            by=world.bidders[0][1],
            data={
                "proposal": "A better plan.",
                "direct_costs": Decimal("85000"),
                "overheads": Decimal("12000"),
            },
        )
        assert (replaced.proposal, replaced.version) == ("A better plan.", 2)
        clarification = services.clarification_ask(
            exercise=exercise,
            by=world.bidders[1][1],
            organisation=world.bidders[1][0],
            question="Can two organisations bid together?",
        )
        services.clarification_answer(
            clarification=clarification, by=world.commissioner, answer="Yes, as a consortium."
        )

        with pytest.raises(ValidationError, match="sealed until the window closes"):
            services.exercise_open_bids(exercise=exercise, by=world.commissioner)

        clock.move_to(at(D(2027, 5, 10), 13))
        with pytest.raises(ValidationError, match="window has closed"):
            _bid(world, exercise, 2)
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.EVALUATION
        assert exercise.bids_opened_at is not None

        with pytest.raises(ValidationError, match="Score every"):
            services.exercise_finish_evaluation(exercise=exercise, by=world.commissioner)
        services.bid_evaluate(
            bid=first,
            by=world.commissioner,
            score=82,
            notes="Strong",
            feedback="A clear plan with strong carer involvement.",
        )
        services.bid_evaluate(
            bid=second,
            by=world.commissioner,
            score=64,
            notes="Thin",
            feedback="The plan did not say how carers would be reached.",
        )
        services.exercise_finish_evaluation(exercise=exercise, by=world.commissioner)
        assert _open_steps(exercise) == [ExerciseFlow.confirm_award]
        mail.outbox.clear()
        services.exercise_award(exercise=exercise, by=world.commissioner, winners=[first])
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.AWARD
        # Ten working days of standstill from Monday 10 May 2027 (bank holiday 31 May).
        assert exercise.standstill_ends_on == D(2027, 5, 24)
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.status) == (BidStatus.AWARDED, BidStatus.UNSUCCESSFUL)
        letter = PdfReader(io.BytesIO(second.letter.file.open("rb").read()))
        text = " ".join(" ".join(p.extract_text().split()) for p in letter.pages)
        assert "not successful" in text
        assert "did not say how carers would be reached" in text
        # The letter is dated the award, names who won, and says where to raise a dispute.
        assert "Dated 10 May 2027" in text
        assert f"The funding was awarded to {first.organisation.name}." in text
        assert f"/disputes/new/?award={exercise.pk}" in text.replace(" ", "")
        assert len([m for m in mail.outbox if m.attachments]) == 2

        with pytest.raises(ValidationError, match="standstill runs to"):
            services.exercise_start_service(
                exercise=exercise,
                by=world.commissioner,
                starts_on=D(2027, 6, 1),
                ends_on=D(2030, 5, 31),
            )
        clock.move_to(at(D(2027, 5, 25)))
        services.exercise_start_service(
            exercise=exercise,
            by=world.commissioner,
            starts_on=D(2027, 6, 1),
            ends_on=D(2030, 5, 31),
        )
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.REVIEW
        assert _open_steps(exercise) == []
        # £120,000: reviewed every six months, December 2027 to December 2029.
        due = list(Review.objects.filter(exercise=exercise).values_list("due_on", flat=True))
        assert due == [D(2027, 12, 1), D(2028, 6, 1), D(2028, 12, 1), D(2029, 6, 1), D(2029, 12, 1)]
        review = Review.objects.filter(exercise=exercise).first()
        services.review_complete(
            review=review,
            by=world.commissioner,
            rating="approaching",
            notes="Fewer carers reached than planned.",
        )
        services.review_respond(
            review=review, by=world.bidders[0][1], response="Recruitment starts in the autumn."
        )
        with pytest.raises(PermissionDenied):
            services.review_respond(review=review, by=world.bidders[1][1], response="x")

        clock.move_to(at(D(2029, 9, 1)))
        steps_notice = {
            "exercise": exercise,
            "by": world.commissioner,
            "ends_on": D(2029, 10, 31),
            "reasons": "The council's budget for carers is cut.",
            "impact": "About 200 carers will lose their breaks.",
        }
        with pytest.raises(ValidationError, match="3 months' notice"):
            services.exercise_give_notice(**steps_notice)
        services.exercise_give_notice(
            **steps_notice, notice_justification="The budget was set late by the government."
        )
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.DECOMMISSION
        assert any("will end on 31 October 2029" in m.subject for m in mail.outbox)
        with pytest.raises(ValidationError, match="funding runs to"):
            services.exercise_close(exercise=exercise, by=world.commissioner)
        clock.move_to(at(D(2029, 11, 1)))
        services.exercise_close(exercise=exercise, by=world.commissioner)
    exercise.refresh_from_db()
    assert exercise.stage == ExerciseStage.CLOSED
    assert [log.state for log in StateLog.objects.for_(exercise).order_by("timestamp", "pk")] == [
        "consultation",
        "tender",
        "evaluation",
        "award",
        "review",
        "decommission",
        "closed",
    ]


def test_straight_to_tender_with_a_short_window_and_a_short_term(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan(term_years=1)
        kwargs = {
            "exercise": exercise,
            "by": world.commissioner,
            "opens_on": D(2027, 1, 4),
            "bids_close_at": at(D(2027, 1, 18), 12),
        }
        with pytest.raises(ValidationError) as refused:
            services.exercise_publish_tender(**kwargs)
        assert "30 days to bid" in str(refused.value)
        with pytest.raises(ValidationError) as refused:
            services.exercise_publish_tender(
                **kwargs, bid_window_justification="Funding lapses in March."
            )
        assert "3 years or more" in str(refused.value)
        exercise.refresh_from_db()
        assert exercise.stage == ExerciseStage.PLANNED
        services.exercise_publish_tender(
            **kwargs,
            bid_window_justification="Funding lapses in March.",
            term_justification="A one-year pilot before a longer grant.",
        )
    exercise.refresh_from_db()
    assert exercise.stage == ExerciseStage.TENDER
    assert sorted(Departure.objects.values_list("rule", flat=True)) == ["bid_window", "term"]
    assert _open_steps(exercise) == [ExerciseFlow.open_bids]


@pytest.mark.parametrize("stage", ["planned", "consultation", "tender", "evaluation"])
def test_cancelled_from_any_stage_before_award(world, stage):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan()
        if stage == "consultation":
            services.exercise_open_consultation(
                exercise=exercise,
                by=world.commissioner,
                opens_on=D(2027, 1, 4),
                closes_on=D(2027, 4, 5),
                questions=["Q"],
            )
        if stage in ("tender", "evaluation"):
            services.exercise_publish_tender(
                exercise=exercise,
                by=world.commissioner,
                opens_on=D(2027, 1, 4),
                bids_close_at=at(D(2027, 2, 15)),
            )
            _bid(world, exercise, 0)
        if stage == "evaluation":
            clock.move_to(at(D(2027, 2, 16)))
            services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        with pytest.raises(ValidationError, match="reasons"):
            services.exercise_cancel(exercise=exercise, by=world.commissioner, reasons="")
        mail.outbox.clear()
        services.exercise_cancel(
            exercise=exercise, by=world.commissioner, reasons="The service moved to the NHS."
        )
    exercise.refresh_from_db()
    assert exercise.stage == ExerciseStage.CANCELLED
    assert _open_steps(exercise) == []
    if stage in ("tender", "evaluation"):
        assert any("cancelled" in m.subject for m in mail.outbox)


def test_an_exercise_cannot_be_cancelled_after_award(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 2, 15)),
        )
        bid = _bid(world, exercise, 0)
        clock.move_to(at(D(2027, 2, 16)))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        services.bid_evaluate(bid=bid, by=world.commissioner, score=70, notes="", feedback="Good")
        services.exercise_award(exercise=exercise, by=world.commissioner, winners=[bid])
        with pytest.raises(ValidationError, match="not open now"):
            services.exercise_cancel(
                exercise=exercise, by=world.commissioner, reasons="Changed our mind"
            )


def test_only_commissioners_of_the_organisation_move_an_exercise(world):
    exercise = world.plan()
    bidder = world.bidders[0][1]
    with pytest.raises(PermissionDenied):
        services.exercise_cancel(exercise=exercise, by=bidder, reasons="x")
    with pytest.raises(PermissionDenied):
        services.exercise_create(
            by=bidder,
            compact=world.compact,
            commissioner=world.council,
            title="t",
            service="s",
            outcomes="o",
            funding_type="grant",
            estimated_value=Decimal(1),
            term_years=3,
        )


def test_the_champion_reviews_a_departure(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan(term_years=1)
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 3, 1)),
            term_justification="A pilot year.",
        )
    departure = Departure.objects.get()
    with pytest.raises(PermissionDenied):
        services.departure_review(departure=departure, by=world.commissioner, notes="fine")
    services.departure_review(
        departure=departure,
        by=world.champion,
        notes="Acceptable for a pilot; to be reported in the annual review.",
    )
    departure.refresh_from_db()
    assert departure.reviewed_by == world.champion


def test_the_award_with_its_scores_is_one_transaction(world):
    """Scoring the bids, closing the evaluation and awarding are one service: when any
    part is refused, no score, step or award is kept, and it can be done again."""
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 2, 15)),
        )
        first, second = _bid(world, exercise, 0), _bid(world, exercise, 1)
        clock.move_to(at(D(2027, 2, 16)))
        services.exercise_open_bids(exercise=exercise, by=world.commissioner)
        scores = [(first, 80, "Strong", "A clear plan.")]
        with pytest.raises(ValidationError, match="Score every submitted bid"):
            services.exercise_award(
                exercise=exercise, by=world.commissioner, scores=scores, winners=[first]
            )
        first.refresh_from_db()
        exercise.refresh_from_db()
        assert first.score is None and first.feedback == ""
        assert exercise.stage == ExerciseStage.EVALUATION
        assert _open_steps(exercise) == [ExerciseFlow.evaluate]

        scores.append((second, 60, "Thin", "Say more about costs."))
        services.exercise_award(
            exercise=exercise, by=world.commissioner, scores=scores, winners=[first]
        )
    exercise.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert exercise.stage == ExerciseStage.AWARD
    assert (first.status, second.status) == (BidStatus.AWARDED, BidStatus.UNSUCCESSFUL)
    assert (first.score, second.score) == (80, 60)
    assert _open_steps(exercise) == [ExerciseFlow.schedule_review]
