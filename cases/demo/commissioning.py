"""Demo commissioning exercises at every stage, walked through the real services. Where
the story needs time to pass (a window to close, a standstill to end) the demo moves the
exercise's dates back, as if it had been running for a while. Idempotent by title."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cases.commissioning import services
from cases.commissioning.clocks import step_clocks_refresh
from cases.commissioning.models import Exercise, Review
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


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _walk(compact: Compact, short: str, key: str) -> Exercise | None:
    title = TITLES[key]
    if Exercise.objects.filter(compact=compact, title=title).exists():
        return None
    commissioner = _user(f"commissioner-{short}")
    council = Organisation.objects.get(
        memberships__user=commissioner, memberships__role=Membership.Role.COMMISSIONER
    )
    bidders = [_user(f"tenderer-{short}"), _user(f"complainant-{short}")]
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
    if key == "planned":
        return exercise
    if key in ("consultation", "summary-due"):
        services.exercise_open_consultation(
            exercise=exercise,
            by=commissioner,
            opens_on=_days(0),
            closes_on=_days(84),
            questions=["What do people need most?", "What works well now?"],
        )
        org = _org(bidders[0])
        question = exercise.questions.first()
        services.consultation_respond(
            exercise=exercise,
            by=bidders[0],
            organisation=org,
            answers={str(question.pk): "Regular, reliable contact with the same person."},
        )
        if key == "summary-due":
            Exercise.objects.filter(pk=exercise.pk).update(
                consultation_opens_on=_days(-90), consultation_closes_on=_days(-6)
            )
        return exercise
    if key == "cancelled":
        services.exercise_cancel(
            exercise=exercise,
            by=commissioner,
            reasons="The service will be run jointly with the health board instead.",
        )
        return exercise
    short_window = key == "tender"
    services.exercise_publish_tender(
        exercise=exercise,
        by=commissioner,
        opens_on=_days(0),
        bids_close_at=timezone.now() + datetime.timedelta(days=21 if short_window else 40),
        bid_window_justification="The grant must be paid before the end of the financial year."
        if short_window
        else "",
        term_justification="A one-year pilot before a longer grant." if short_window else "",
    )
    exercise.refresh_from_db()
    bids = []
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
    clarification = services.clarification_ask(
        exercise=exercise,
        by=bidders[1],
        organisation=_org(bidders[1]),
        question="Can the coordinator's post be shared with another project?",
    )
    services.clarification_answer(
        clarification=clarification, by=commissioner, answer="Yes, if the hours are clear."
    )
    if key == "tender":
        return exercise
    Exercise.objects.filter(pk=exercise.pk).update(
        tender_opens_on=_days(-45), bids_close_at=timezone.now() - datetime.timedelta(days=3)
    )
    exercise.refresh_from_db()
    services.exercise_open_bids(exercise=exercise, by=commissioner)
    if key == "evaluation":
        return exercise
    for bid, score in zip(bids, (78, 61), strict=True):
        services.bid_evaluate(
            bid=bid,
            by=commissioner,
            score=score,
            notes="",
            feedback="A clear plan with strong volunteer training."
            if score > 70
            else "The bid did not show how people would be reached in rural areas.",
        )
    services.exercise_finish_evaluation(exercise=exercise, by=commissioner)
    services.exercise_award(exercise=exercise, by=commissioner, winners=[bids[0]])
    if key == "award":
        return exercise
    Exercise.objects.filter(pk=exercise.pk).update(
        awarded_on=_days(-240), standstill_ends_on=_days(-226)
    )
    exercise.refresh_from_db()
    services.exercise_start_service(
        exercise=exercise, by=commissioner, starts_on=_days(-200), ends_on=_days(850)
    )
    review = Review.objects.filter(exercise=exercise).first()
    services.review_complete(
        review=review,
        by=commissioner,
        rating="approaching",
        notes="Good feedback from users; fewer people reached in the north of the area.",
    )
    if key == "review":
        return exercise
    services.exercise_give_notice(
        exercise=exercise,
        by=commissioner,
        ends_on=_days(60),
        reasons="The council's budget for this service has been cut.",
        impact="About 150 people will need to find support elsewhere.",
        notice_justification="The budget was confirmed late by central government.",
    )
    if key == "decommission":
        return exercise
    Exercise.objects.filter(pk=exercise.pk).update(service_ends_on=_days(-1))
    exercise.refresh_from_db()
    services.exercise_close(exercise=exercise, by=commissioner)
    return exercise


def load_exercises(*, short_names: dict[str, str]) -> int:
    """Exercises at every stage in Swansea, and an open opportunity in each other compact."""
    made = 0
    for compact in Compact.objects.all():
        keys = STAGES if compact.slug == "swansea" else ["tender"]
        for key in keys:
            with transaction.atomic():
                exercise = _walk(compact, short_names[compact.slug], key)
                if exercise:
                    # The walk moved the exercise's dates after its steps opened.
                    step_clocks_refresh(exercise=exercise)
                    made += 1
    return made
