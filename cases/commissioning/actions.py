"""The exercise page's actions: which are open to a user now (each with its form, or True
for one without fields), and doing one through its service. The page and the API share
both, so they offer and refuse exactly the same things."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied

from cases.commissioning import services
from cases.commissioning.forms import ACTION_FORMS
from cases.commissioning.models import ExerciseStage
from cases.commissioning.rules import is_commissioner, tender_is_open
from cases.commissioning.selectors import vcs_organisations
from cases.register.models import Organisation

KNOWN_ACTIONS = {"open_bids", "close"} | set(ACTION_FORMS)


def my_vcs(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    return vcs_organisations(user)


def available_actions(user, exercise):
    """The forms this user may use on the exercise page, by name."""
    actions = {}
    if not user.is_authenticated:
        return actions
    if is_commissioner(user, exercise):
        stage = exercise.stage
        if stage == ExerciseStage.PLANNED:
            actions["consult"] = ACTION_FORMS["consult"](prefix="consult")
        if stage == ExerciseStage.CONSULTATION and not exercise.has_summary():
            actions["summary"] = ACTION_FORMS["summary"](prefix="summary")
        if stage in (ExerciseStage.PLANNED, ExerciseStage.CONSULTATION):
            actions["tender"] = ACTION_FORMS["tender"](prefix="tender")
        if stage == ExerciseStage.TENDER:
            actions["open_bids"] = True
            if exercise.clarifications.filter(answered_at__isnull=True).exists():
                actions["answer"] = ACTION_FORMS["answer"](prefix="answer", exercise=exercise)
        if stage == ExerciseStage.EVALUATION:
            actions["award"] = ACTION_FORMS["award"](prefix="award", exercise=exercise)
        if stage == ExerciseStage.AWARD:
            actions["start"] = ACTION_FORMS["start"](prefix="start")
        if stage == ExerciseStage.REVIEW:
            actions["notice"] = ACTION_FORMS["notice"](prefix="notice")
            actions["review"] = ACTION_FORMS["review"](prefix="review", exercise=exercise)
        if stage == ExerciseStage.DECOMMISSION:
            actions["close"] = True
        if stage in ExerciseStage.cancellable():
            actions["cancel"] = ACTION_FORMS["cancel"](prefix="cancel")
    if (
        exercise.compact.champion_id == user.pk
        and exercise.departures.filter(reviewed_at__isnull=True).exists()
    ):
        actions["departure"] = ACTION_FORMS["departure"](prefix="departure", exercise=exercise)
    mine = my_vcs(user)
    if mine.exists():
        if exercise.stage == ExerciseStage.CONSULTATION:
            actions["respond"] = ACTION_FORMS["respond"](
                prefix="respond", exercise=exercise, organisations=mine
            )
        if exercise.stage == ExerciseStage.TENDER and tender_is_open(exercise):
            actions["ask"] = ACTION_FORMS["ask"](prefix="ask", organisations=mine)
            actions["bid"] = ACTION_FORMS["bid"](prefix="bid", organisations=mine)
    return actions


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def do_action(action, exercise, user, data):  # noqa: C901 - one branch a form
    if action == "consult":
        services.exercise_open_consultation(
            exercise=exercise,
            by=user,
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            questions=data["questions"].splitlines(),
            consultation_justification=data["justification"],
        )
        return "The consultation is open."
    if action == "summary":
        services.exercise_publish_summary(exercise=exercise, by=user, summary=data["summary"])
        return "The summary is published."
    if action == "tender":
        services.exercise_publish_tender(
            exercise=exercise,
            by=user,
            opens_on=data["opens_on"],
            bids_close_at=local_datetime(data["closes_on"], data["closes_at"]),
            bid_window_justification=data["bid_window_justification"],
            term_justification=data["term_justification"],
        )
        return "The opportunity is published."
    if action == "answer":
        services.clarification_answer(
            clarification=data["clarification"], by=user, answer=data["answer"]
        )
        return "The answer is published to every bidder."
    if action == "open_bids":
        services.exercise_open_bids(exercise=exercise, by=user)
        return "The bids are open for evaluation."
    if action == "award":
        services.exercise_award(
            exercise=exercise, by=user, scores=data["scores"], winners=data["winners"]
        )
        return "The award is made. Every bidder will receive a letter with feedback."
    if action == "start":
        services.exercise_start_service(
            exercise=exercise, by=user, starts_on=data["starts_on"], ends_on=data["ends_on"]
        )
        return "The service has started and its reviews are scheduled."
    if action == "review":
        services.review_complete(
            review=data["review"], by=user, rating=data["rating"], notes=data["notes"]
        )
        return "The review is recorded. The provider can read and answer it."
    if action == "notice":
        services.exercise_give_notice(
            exercise=exercise,
            by=user,
            ends_on=data["ends_on"],
            reasons=data["reasons"],
            impact=data["impact"],
            notice_justification=data["justification"],
        )
        return "Notice is given and the provider has been told."
    if action == "close":
        services.exercise_close(exercise=exercise, by=user)
        return "The exercise is closed."
    if action == "cancel":
        services.exercise_cancel(exercise=exercise, by=user, reasons=data["reasons"])
        return "The exercise is cancelled."
    if action == "respond":
        services.consultation_respond(
            exercise=exercise,
            by=user,
            organisation=data["organisation"],
            answers=data["answers"],
        )
        return "Thank you: your response is recorded. You can change it until the close."
    if action == "ask":
        services.clarification_ask(
            exercise=exercise, by=user, organisation=data["organisation"], question=data["question"]
        )
        return "Your question is sent. The answer will be shown to every bidder."
    if action == "departure":
        services.departure_review(departure=data["departure"], by=user, notes=data["notes"])
        return "Your review of the departure is recorded."
    if action == "bid":
        return services.bid_save(
            exercise=exercise, by=user, organisation=data["organisation"], data={}
        )
    raise PermissionDenied
