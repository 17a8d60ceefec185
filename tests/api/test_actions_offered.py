"""The actions an exercise offers are the actions its services allow, at every stage and
on every day that changes them, on the page and in the API alike: nothing is offered that
would be refused, and nothing allowed is hidden."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from cases.commissioning import services
from cases.commissioning.actions import do_action, open_names
from cases.commissioning.models import Exercise
from cases.commissioning.selectors import visible_exercise
from tests.api.conftest import Api
from tests.factories import CommissioningWorld

pytestmark = pytest.mark.django_db

D = datetime.date
COMMISSIONER = [
    "criteria",
    "document",
    "amend",
    "consult",
    "summary",
    "tender",
    "answer",
    "open_bids",
    "award",
    "start",
    "review",
    "notice",
    "reduce",
    "close",
    "cancel",
]
BIDDER = ["respond", "ask", "bid"]


def at(day, hour=10):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


class Undo(Exception):
    pass


def _data(name, exercise, organisation):
    today = timezone.localdate()
    if name == "consult":
        return {
            "opens_on": today,
            "closes_on": today + datetime.timedelta(days=84),
            "questions": "What matters most?",
            "justification": "",
        }
    if name == "summary":
        return {"summary": "You told us about breaks; the service now includes them."}
    if name == "tender":
        return {
            "opens_on": today,
            "closes_on": today + datetime.timedelta(days=40),
            "closes_at": datetime.time(12),
            "bid_window_justification": "",
            "term_justification": "",
        }
    if name == "answer":
        return {
            "clarification": exercise.clarifications.filter(answered_at=None).first(),
            "answer": "Yes.",
        }
    if name == "award":
        bids = list(exercise.bids.filter(status="submitted"))
        return {
            "scores": [(b, 70, "", "A clear plan with good training.") for b in bids],
            "winners": bids[:1],
        }
    if name == "start":
        starts = max(today, exercise.standstill_ends_on or today) + datetime.timedelta(days=1)
        return {"starts_on": starts, "ends_on": starts + datetime.timedelta(days=365)}
    if name == "review":
        return {
            "review": exercise.reviews.filter(completed_at=None).first(),
            "rating": "good",
            "notes": "On track.",
        }
    if name == "notice":
        return {
            "ends_on": today + datetime.timedelta(days=200),
            "reasons": "The budget is cut.",
            "impact": "Fewer carers' breaks.",
            "justification": "",
        }
    if name == "criteria":
        return {"criteria": [("Quality", 100)]}
    if name == "document":
        return {
            "kind": "other",
            "title": "Questions and answers",
            "file": SimpleUploadedFile("qa.txt", b"Answers."),
            "reason": "Bidders asked.",
        }
    if name == "amend":
        return {
            "closes_on": timezone.localtime(exercise.bids_close_at).date()
            + datetime.timedelta(days=7),
            "closes_at": datetime.time(12),
            "reason": "More time.",
            "bid_window_justification": "",
        }
    if name == "reduce":
        return {
            "effective_on": today + datetime.timedelta(days=200),
            "value_after": exercise.current_value / 2,
            "reasons": "The budget is cut.",
            "impact": "Fewer carers' breaks.",
            "justification": "",
        }
    if name == "cancel":
        return {"reasons": "Run jointly with the health board instead."}
    if name == "respond":
        question = exercise.questions.first()
        return {"organisation": organisation, "answers": {str(question.pk): "More breaks."}}
    if name == "ask":
        return {"organisation": organisation, "question": "Can the post be shared?"}
    if name == "bid":
        return {"organisation": organisation}
    return {}


def _allowed(name, exercise, user, organisation) -> bool:
    """Would the service do this now? Done in a transaction that is then undone."""
    try:
        with transaction.atomic():
            try:
                data = _data(name, Exercise.objects.get(pk=exercise.pk), organisation)
            except (AttributeError, TypeError):
                return False  # nothing to act on (no question to answer, no review due)
            do_action(name, Exercise.objects.get(pk=exercise.pk), user, data)
            raise Undo
    except Undo:
        return True
    except Exception:  # noqa: BLE001 - any refusal: a validation error, a closed step
        return False


def _on_page(user, exercise) -> set[str]:
    client = Client()
    client.force_login(user)
    page = client.get(exercise.get_absolute_url()).content.decode()
    return set(re.findall(rf'href="/exercises/{exercise.reference}/do/([a-z_]+)/"', page))


_apis: dict = {}


def _in_api(user, exercise) -> set[str]:
    if user.pk not in _apis:
        _apis[user.pk] = Api(user)  # one token each: a user may hold only a few
    response = _apis[user.pk].get(f"/exercises/{exercise.reference}/actions")
    assert response.status_code == 200, response.content
    return {a["name"] for a in response.json()}


def _check(world, exercise, label):
    exercise.refresh_from_db()
    org, bidder = world.bidders[2]  # one who has not bid: may still start a bid
    for user, names, organisation in (
        (world.commissioner, COMMISSIONER, None),
        (bidder, BIDDER, org),
    ):
        offered = set(open_names(user, exercise))
        allowed = {n for n in names if _allowed(n, exercise, user, organisation)}
        assert offered & set(names) == allowed, (label, user, offered, allowed)
        if visible_exercise(user, exercise.reference) is None:
            assert not offered, label  # an exercise not yet public offers them nothing
            continue
        assert _on_page(user, exercise) == offered, label
        assert _in_api(user, exercise) == offered, label


def test_the_actions_offered_are_the_actions_allowed_at_every_stage():
    _apis.clear()
    world = CommissioningWorld()
    (org_a, tenderer_a), (org_b, tenderer_b) = world.bidders[0], world.bidders[1]
    c = world.commissioner
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan()
        _check(world, exercise, "planned")
        services.exercise_open_consultation(
            exercise=exercise,
            by=c,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 3, 29),
            questions=["What matters most?"],
        )
        _check(world, exercise, "consultation open")
        clock.move_to(at(D(2027, 4, 5)))
        _check(world, exercise, "consultation closed, summary due")
        services.exercise_publish_summary(
            exercise=exercise, by=c, summary="You told us about breaks; we added them."
        )
        _check(world, exercise, "summary published")
        services.exercise_publish_tender(
            exercise=exercise,
            by=c,
            opens_on=D(2027, 4, 12),
            bids_close_at=at(D(2027, 5, 24), 12),
        )
        _check(world, exercise, "tender published, not open yet")
        clock.move_to(at(D(2027, 4, 12)))
        _check(world, exercise, "tender open")
        for org, user in ((org_a, tenderer_a), (org_b, tenderer_b)):
            bid = services.bid_save(
                exercise=exercise,
                by=user,
                organisation=org,
                data={
                    "proposal": "Breaks for carers.",
                    "direct_costs": Decimal(40000),
                    "overheads": Decimal(4000),
                },
            )
            services.bid_submit(bid=bid, by=user)
        services.clarification_ask(
            exercise=exercise, by=tenderer_a, organisation=org_a, question="Can we share?"
        )
        _check(world, exercise, "tender open with a question")
        clock.move_to(at(D(2027, 5, 24), 13))
        _check(world, exercise, "bidding closed")
        services.exercise_open_bids(exercise=Exercise.objects.get(pk=exercise.pk), by=c)
        _check(world, exercise, "evaluation")
        bids = list(exercise.bids.filter(status="submitted").order_by("pk"))
        services.exercise_award(
            exercise=Exercise.objects.get(pk=exercise.pk),
            by=c,
            winners=bids[:1],
            scores=[(b, 70 - n, "", "A clear plan.") for n, b in enumerate(bids)],
        )
        _check(world, exercise, "standstill")
        exercise.refresh_from_db()
        clock.move_to(at(exercise.standstill_ends_on + datetime.timedelta(days=1)))
        _check(world, exercise, "standstill over")
        starts = timezone.localdate() + datetime.timedelta(days=7)
        services.exercise_start_service(
            exercise=exercise, by=c, starts_on=starts, ends_on=starts + datetime.timedelta(days=700)
        )
        _check(world, exercise, "service running, no review due yet")
        services.exercise_give_notice(
            exercise=Exercise.objects.get(pk=exercise.pk),
            by=c,
            ends_on=timezone.localdate() + datetime.timedelta(days=200),
            reasons="The budget is cut.",
            impact="Fewer carers' breaks.",
        )
        _check(world, exercise, "notice given")
        exercise.refresh_from_db()
        clock.move_to(at(exercise.service_ends_on))
        _check(world, exercise, "funding ended")
        services.exercise_close(exercise=Exercise.objects.get(pk=exercise.pk), by=c)
        _check(world, exercise, "closed")

        cancelled = world.plan(title="Lunch clubs")
        services.exercise_cancel(exercise=cancelled, by=c, reasons="Run with the health board.")
        _check(world, cancelled, "cancelled")


def test_an_action_not_open_now_says_why(api):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 2, 15), 12),
        )
        early = api(world.commissioner).post(f"/exercises/{exercise.reference}/actions/open_bids")
        assert early.status_code == 409
        assert (
            early.json()["detail"]
            == "Bids stay sealed until the window closes at 15 February 2027, midday."
        )
        client = Client()
        client.force_login(world.commissioner)
        page = client.post(
            f"/exercises/{exercise.reference}/do/open_bids/", {"confirmed": "yes"}, follow=True
        )
        assert "Bids stay sealed until the window closes" in page.content.decode()
