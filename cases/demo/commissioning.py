"""Demo commissioning exercises at every stage, walked through the real services, each
step on the day its story says (counted back from today), so every date on an exercise,
its bids, letters and reviews agrees with the others and with today. Idempotent by
title."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from cases.commissioning import services
from cases.commissioning.clocks import step_clocks_refresh
from cases.commissioning.models import Exercise, Review
from cases.demo import when
from cases.register.models import Compact, Membership, Organisation, Sector

STAGES = [
    "planned",
    "consultation",
    "summary-due",
    "tender",
    "evaluation",
    "award",
    "review",
    "decommission",
    "closed",
    "cancelled",
]
TITLES = {
    "planned": "Digital inclusion for older people",
    "consultation": "Community transport for rural areas",
    "summary-due": "Mental health peer support",
    "tender": "Young carers' breaks and support",
    "evaluation": "Advice on debt and benefits",
    "award": "Lunch clubs for isolated older people",
    "review": "Befriending service",
    "decommission": "Holiday activities for children",
    "closed": "Winter warmth advice",
    "cancelled": "Volunteer centre",
}


def _user(username):
    return get_user_model().objects.get(username=username)


def _org(user):
    return Organisation.objects.filter(memberships__user=user, sector=Sector.VCS).first()


_days, _on, _zone = when.days, when.on, when.zone


def _close_at(n: int) -> datetime.datetime:
    return datetime.datetime.combine(_days(n), datetime.time(12), tzinfo=_zone())


# Each story's days, counted from today: when the exercise was planned, and when its
# consultation, tender, evaluation, award and service happened. None: not reached.
STORIES = {
    "planned": {"plan": -3},
    "consultation": {"plan": -20, "consult": (-14, 70), "respond": -5},
    "summary-due": {"plan": -110, "consult": (-100, -16), "respond": -60},
    "tender": {
        "plan": -140,
        "consult": (-130, -46),
        "respond": -100,
        "summary": -40,
        "tender": (-10, 11),
        "bids": -5,
        "ask": -4,
        "answer": -2,
    },
    "evaluation": {
        "plan": -200,
        "consult": (-190, -106),
        "respond": -150,
        "summary": -100,
        "tender": (-60, -20),
        "bids": -40,
        "ask": -45,
        "answer": -43,
        "open": -18,
    },
    "award": {
        "plan": -230,
        "consult": (-220, -136),
        "respond": -180,
        "summary": -130,
        "tender": (-95, -55),
        "bids": -70,
        "ask": -80,
        "answer": -78,
        "open": -50,
        "award": -4,
        "challenge": -2,  # the unsuccessful bidder challenges it in the standstill
    },
    "review": {
        "plan": -480,
        "consult": (-470, -386),
        "respond": -430,
        "summary": -380,
        "tender": (-340, -300),
        "bids": -320,
        "ask": -330,
        "answer": -328,
        "open": -298,
        "award": -285,
        "start": (-260, -250, 845),
        "rate": -60,
    },
    "decommission": {
        "plan": -520,
        "consult": (-510, -426),
        "respond": -470,
        "summary": -420,
        "tender": (-380, -340),
        "bids": -360,
        "ask": -370,
        "answer": -368,
        "open": -338,
        "award": -325,
        "start": (-300, -290, 805),
        "rate": -100,
        "notice": (-20, 60),
    },
    "closed": {
        "plan": -700,
        "consult": (-690, -606),
        "respond": -650,
        "summary": -600,
        "tender": (-560, -520),
        "bids": -540,
        "ask": -550,
        "answer": -548,
        "open": -518,
        "award": -505,
        "start": (-480, -470, 625),
        "rate": -280,
        "notice": (-120, -1),
        "close": 0,
    },
    "cancelled": {"plan": -30, "cancel": -25},
}


def _walk(compact: Compact, short: str, key: str) -> Exercise | None:  # noqa: C901 - a story
    title = TITLES[key]
    if Exercise.objects.filter(compact=compact, title=title).exists():
        return None
    story = STORIES[key]
    commissioner = _user(f"commissioner-{short}")
    council = Organisation.objects.get(
        memberships__user=commissioner, memberships__role=Membership.Role.COMMISSIONER
    )
    bidders = [_user(f"tenderer-{short}"), _user(f"complainant-{short}")]
    with _on(story["plan"]):
        exercise = services.exercise_create(
            by=commissioner,
            compact=compact,
            commissioner=council,
            title=title,
            service=f"{title} across {compact.area}, run by a voluntary or community organisation.",
            outcomes="People report they are better supported; fewer reach crisis services.",
            funding_type="grant" if key not in ("evaluation", "review") else "sla",
            estimated_value=Decimal("45000") if key == "tender" else Decimal("180000"),
            term_years=1 if key == "tender" else 3,
        )
    if "cancel" in story:
        with _on(story["cancel"]):
            services.exercise_cancel(
                exercise=exercise,
                by=commissioner,
                reasons="The service will be run jointly with the health board instead.",
            )
        return exercise
    if "consult" not in story:
        return exercise
    opens, closes = story["consult"]
    with _on(opens):
        services.exercise_open_consultation(
            exercise=exercise,
            by=commissioner,
            opens_on=_days(opens),
            closes_on=_days(closes),
            questions=["What do people need most?", "What works well now?"],
        )
    with _on(story["respond"]):
        question = exercise.questions.first()
        services.consultation_respond(
            exercise=exercise,
            by=bidders[0],
            organisation=_org(bidders[0]),
            answers={str(question.pk): "Regular, reliable contact with the same person."},
        )
    if "summary" not in story:
        return exercise
    with _on(story["summary"]):
        services.exercise_publish_summary(
            exercise=exercise,
            by=commissioner,
            summary="You told us people need the same person each time, so the service "
            "will keep one named worker for each person.",
        )
    with _on(story["summary"]):
        # The tender pack: how bids are scored, and the specification.
        services.exercise_set_criteria(
            exercise=exercise,
            by=commissioner,
            criteria=[
                ("Quality of the service", 50),
                ("Reaching the people who need it", 30),
                ("Value for money", 20),
            ],
        )
        services.exercise_add_document(
            exercise=exercise,
            by=commissioner,
            kind="specification",
            title=f"{title}: service specification",
            upload=ContentFile(
                f"{title}\n\nWhat the service does, for whom, and the outcomes sought.\n".encode(),
                name="specification.txt",
            ),
        )
    opens, closes = story["tender"]
    short_window = key == "tender"
    with _on(opens, 9):
        services.exercise_publish_tender(
            exercise=exercise,
            by=commissioner,
            opens_on=_days(opens),
            bids_close_at=_close_at(closes),
            bid_window_justification="The grant must be paid before the end of the financial year."
            if short_window
            else "",
            term_justification="A one-year pilot before a longer grant." if short_window else "",
        )
    exercise.refresh_from_db()
    with _on(story["ask"]):
        clarification = services.clarification_ask(
            exercise=exercise,
            by=bidders[1],
            organisation=_org(bidders[1]),
            question="Can the coordinator's post be shared with another project?",
        )
    with _on(story["answer"]):
        services.clarification_answer(
            clarification=clarification, by=commissioner, answer="Yes, if the hours are clear."
        )
        services.exercise_add_document(
            exercise=exercise,
            by=commissioner,
            kind="agreement",
            title="Draft grant agreement",
            upload=ContentFile(b"The terms of the grant.\n", name="agreement.txt"),
            reason="Bidders asked to see the grant's terms before they bid.",
        )
    bids = []
    with _on(story["bids"]):
        for n, user in enumerate(bidders):
            org = _org(user)
            bid = services.bid_save(
                exercise=exercise,
                by=user,
                organisation=org,
                data={
                    "proposal": f"{org} will run {title.lower()} with trained volunteers and a "
                    "paid coordinator.",
                    "direct_costs": Decimal(30000 + 5000 * n),
                    "overheads": Decimal(4500 + 500 * n),
                },
            )
            if key == "tender" and n == 0:
                bids.append(bid)  # left as a draft: the tenderer still has to submit it
                continue
            bids.append(services.bid_submit(bid=bid, by=user))
    if "open" not in story:
        return exercise
    exercise.refresh_from_db()
    with _on(story["open"]):
        services.exercise_open_bids(exercise=exercise, by=commissioner)
    if "award" not in story:
        return exercise
    with _on(story["award"]):
        criteria = list(exercise.criteria.all())
        for bid, score in zip(bids, (78, 61), strict=True):
            services.bid_evaluate(
                bid=bid,
                by=commissioner,
                score=None,
                parts={c.pk: score for c in criteria},
                notes="",
                feedback="A clear plan with strong volunteer training."
                if score > 70
                else "The bid did not show how people would be reached in rural areas.",
            )
        services.exercise_finish_evaluation(exercise=exercise, by=commissioner)
        services.exercise_award(exercise=exercise, by=commissioner, winners=[bids[0]])
    if "challenge" in story:
        exercise.refresh_from_db()
        with _on(story["challenge"]):
            _challenge(exercise, bidders[1])
    if "start" not in story:
        return exercise
    exercise.refresh_from_db()
    confirmed, starts, ends = story["start"]
    with _on(confirmed):
        services.exercise_start_service(
            exercise=exercise, by=commissioner, starts_on=_days(starts), ends_on=_days(ends)
        )
    with _on(story["rate"]):
        review = Review.objects.filter(exercise=exercise).order_by("due_on").first()
        services.review_complete(
            review=review,
            by=commissioner,
            rating="approaching",
            notes="Good feedback from users; fewer people reached in the north of the area.",
        )
    if "notice" not in story:
        return exercise
    given, ends = story["notice"]
    with _on(given):
        services.exercise_give_notice(
            exercise=exercise,
            by=commissioner,
            ends_on=_days(ends),
            reasons="The council's budget for this service has been cut.",
            impact="About 150 people will need to find support elsewhere.",
            notice_justification="The budget was confirmed late by central government.",
        )
    if "close" not in story:
        return exercise
    exercise.refresh_from_db()
    with _on(story["close"]):
        services.exercise_close(exercise=exercise, by=commissioner)
    return exercise


def _challenge(exercise, bidder) -> None:
    """The unsuccessful bidder challenges the award, as a dispute raised from it: the
    contract is held while it is open."""
    from cases.disputes.services import dispute_raise

    organisation = _org(bidder)
    dispute_raise(
        compact=exercise.compact,
        by=bidder,
        complainant=organisation,
        respondent=exercise.commissioner,
        commitments=list(exercise.compact.commitments.filter(code="funding")[:1]),
        subject=f"Challenge to the award of {exercise.title}",
        what_happened=f"The award of {exercise.reference} scored our bid down for rural reach, "
        "which the published criteria did not mention.",
        happened_on=exercise.awarded_on,
        already_tried="We asked the commissioner for a debrief and are still waiting.",
        outcome_sought="Score the bids again against the published criteria.",
        submission_key=f"demo-challenge-{exercise.reference}",
        source=("award", exercise.pk),
    )


def load_exercises(*, short_names: dict[str, str]) -> int:
    """Exercises at every stage in Swansea, and an open opportunity in each other compact."""
    made = 0
    when.start()
    for compact in Compact.objects.all():
        keys = STAGES if compact.slug == "swansea" else ["tender"]
        for key in keys:
            with transaction.atomic():
                exercise = _walk(compact, short_names[compact.slug], key)
                if exercise:
                    # The walk moved the exercise's dates after its steps opened.
                    step_clocks_refresh(exercise=exercise)
                    made += 1
    # The Swansea tenderer follows the compact's opportunities about carers and transport.
    tenderer = get_user_model().objects.filter(username="tenderer-swansea").first()
    swansea = Compact.objects.filter(slug="swansea").first()
    if tenderer and swansea and not tenderer.alerts.exists():
        services.alert_create(by=tenderer, compact=swansea, keywords="carers, transport")
    return made
