"""The exercise page's actions: which are open to a user now (each with its form, or True
for one without fields), and doing one through its service. The page and the API share
both, so they offer and refuse exactly the same things."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.commissioning import services
from cases.commissioning.forms import ACTION_FORMS
from cases.commissioning.holds import holding
from cases.commissioning.models import ExerciseStage
from cases.commissioning.rules import is_commissioner, tender_is_open
from cases.commissioning.selectors import vcs_organisations
from cases.common.formats import when
from cases.register.models import Organisation

KNOWN_ACTIONS = {"open_bids", "close"} | set(ACTION_FORMS)

# Each action's title (its own page's heading, and its link on the exercise's page) and
# the words on its button.
WORDS = {
    "consult": (gettext_lazy("Open a consultation"), gettext_lazy("Open the consultation")),
    "summary": (gettext_lazy("Publish what you heard"), gettext_lazy("Publish the summary")),
    "tender": (gettext_lazy("Publish the opportunity"), gettext_lazy("Publish the opportunity")),
    "answer": (gettext_lazy("Answer a bidder's question"), gettext_lazy("Publish the answer")),
    "open_bids": (gettext_lazy("Open the bids"), gettext_lazy("Open the bids")),
    "award": (gettext_lazy("Score and award"), gettext_lazy("Make the award")),
    "start": (gettext_lazy("Start the service"), gettext_lazy("Start the service")),
    "review": (gettext_lazy("Record a review"), gettext_lazy("Save the review")),
    "notice": (gettext_lazy("Give notice that funding ends"), gettext_lazy("Give notice")),
    "reduce": (
        gettext_lazy("Give notice of reduced funding"),
        gettext_lazy("Give notice of the reduction"),
    ),
    "document": (
        gettext_lazy("Add a document to the tender pack"),
        gettext_lazy("Add the document"),
    ),
    "criteria": (gettext_lazy("Set how bids are scored"), gettext_lazy("Save the criteria")),
    "amend": (gettext_lazy("Move the closing date"), gettext_lazy("Move the closing date")),
    "close": (gettext_lazy("Close the exercise"), gettext_lazy("Close the exercise")),
    "cancel": (gettext_lazy("Cancel the exercise"), gettext_lazy("Cancel the exercise")),
    "respond": (gettext_lazy("Respond to the consultation"), gettext_lazy("Send your response")),
    "ask": (gettext_lazy("Ask a question"), gettext_lazy("Send your question")),
    "bid": (gettext_lazy("Bid for this"), gettext_lazy("Start a bid")),
    "departure": (gettext_lazy("Review a departure"), gettext_lazy("Save your review")),
}

# Steps that cannot be undone ask "Are you sure?" first, on the pages: what each says.
ASK_FIRST = {
    "open_bids": gettext_lazy(
        "Once opened, the bids are never sealed again: you will read each bid in "
        "full, and no bid can be sent or changed."
    ),
    "award": gettext_lazy(
        "Every bidder is sent a letter with the result, their score and feedback, and "
        "the standstill begins. An award cannot be undone."
    ),
    "start": gettext_lazy("The service starts on the date given and its reviews are scheduled."),
    "notice": gettext_lazy(
        "The provider is told now that the funding ends on the date given, with your "
        "reasons. Notice cannot be taken back here."
    ),
    "reduce": gettext_lazy(
        "The provider is told now that the funding falls from the date given, with "
        "your reasons. Notice cannot be taken back here."
    ),
    "close": gettext_lazy("The exercise is closed for good."),
    "cancel": gettext_lazy(
        "Every organisation that bid is told the exercise is cancelled, with your "
        "reasons. A cancelled exercise cannot be opened again."
    ),
}

# The "Are you sure?" page's button for each of those steps.
YES = {
    "open_bids": gettext_lazy("Yes, open the bids"),
    "award": gettext_lazy("Yes, make the award"),
    "start": gettext_lazy("Yes, start the service"),
    "notice": gettext_lazy("Yes, give notice"),
    "reduce": gettext_lazy("Yes, give notice of the reduction"),
    "close": gettext_lazy("Yes, close the exercise"),
    "cancel": gettext_lazy("Yes, cancel the exercise"),
}


def my_vcs(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    return vcs_organisations(user)


# Who may ever take each action: anyone else is refused, not told it is closed.
WHO_ACTS = {
    **dict.fromkeys(KNOWN_ACTIONS, "commissioner"),
    "respond": "vcs",
    "ask": "vcs",
    "bid": "vcs",
    "departure": "champion",
}


def entitled(user, exercise, action) -> bool:
    """May this user ever take this action on the exercise (if it were open now)?"""
    who = WHO_ACTS.get(action)
    if who == "commissioner":
        return is_commissioner(user, exercise)
    if who == "vcs":
        return my_vcs(user).exists()
    if who == "champion":
        return exercise.compact.champion_id == user.pk
    return False


def open_names(user, exercise) -> list[str]:
    """The actions open to this user on the exercise now, in the order the page lists
    them: only what the service would allow today (the same dates and conditions), so
    nothing is offered that would be refused."""
    if not user.is_authenticated:
        return []
    names = []
    stage = exercise.stage
    today = timezone.localdate()
    if is_commissioner(user, exercise):
        if stage == ExerciseStage.PLANNED:
            names.append("consult")
        if (
            stage == ExerciseStage.CONSULTATION
            and not exercise.has_summary()
            and today > exercise.consultation_closes_on
        ):
            names.append("summary")
        if stage in (ExerciseStage.PLANNED, ExerciseStage.CONSULTATION):
            names.append("criteria")
        if stage in (ExerciseStage.PLANNED, ExerciseStage.CONSULTATION) or (
            stage == ExerciseStage.TENDER and timezone.now() < exercise.bids_close_at
        ):
            names.append("document")
        if stage == ExerciseStage.PLANNED or (
            stage == ExerciseStage.CONSULTATION and exercise.has_summary()
        ):
            names.append("tender")
        if stage == ExerciseStage.TENDER:
            if timezone.now() < exercise.bids_close_at:
                names.append("amend")
            if exercise.clarifications.filter(answered_at__isnull=True).exists():
                names.append("answer")
            if timezone.now() >= exercise.bids_close_at:
                names.append("open_bids")
        if stage == ExerciseStage.EVALUATION:
            names.append("award")
        if (
            stage == ExerciseStage.AWARD
            and today > exercise.standstill_ends_on
            and not holding(exercise)
        ):
            names.append("start")
        # Reviews go on while the service runs, through its notice period too.
        if stage in (ExerciseStage.REVIEW, ExerciseStage.DECOMMISSION) and (
            exercise.reviews.filter(completed_at__isnull=True).exists()
        ):
            names.append("review")
        if stage == ExerciseStage.REVIEW:
            names.extend(["reduce", "notice"])
        if stage == ExerciseStage.DECOMMISSION and today >= exercise.service_ends_on:
            names.append("close")
        if stage in ExerciseStage.cancellable():
            names.append("cancel")
    if (
        exercise.compact.champion_id == user.pk
        and exercise.departures.filter(reviewed_at__isnull=True).exists()
    ):
        names.append("departure")
    if stage in (ExerciseStage.CONSULTATION, ExerciseStage.TENDER) and my_vcs(user).exists():
        if (
            stage == ExerciseStage.CONSULTATION
            and exercise.consultation_opens_on <= today <= exercise.consultation_closes_on
        ):
            names.append("respond")
        if tender_is_open(exercise):
            names.extend(["ask", "bid"])
    return names


def why_closed(name, exercise) -> str:
    """What to tell someone entitled to an action that is not open now."""
    today = timezone.localdate()
    stage = exercise.stage
    if name == "open_bids" and stage == ExerciseStage.TENDER:
        return _("Bids stay sealed until the window closes at %(time)s.") % {
            "time": when(exercise.bids_close_at)
        }
    if name == "start" and stage == ExerciseStage.AWARD and (challenges := holding(exercise)):
        return _(
            "The award is challenged (%(challenges)s): the service cannot start until the "
            "challenge is closed."
        ) % {"challenges": ", ".join(challenges)}
    if name == "start" and stage == ExerciseStage.AWARD:
        return _("The standstill runs to %(date)s: the service can start after it.") % {
            "date": date_format(exercise.standstill_ends_on, "j F Y")
        }
    if name == "close" and stage == ExerciseStage.DECOMMISSION:
        return _("The funding runs to %(date)s: close it after that.") % {
            "date": date_format(exercise.service_ends_on, "j F Y")
        }
    if (
        name == "summary"
        and stage == ExerciseStage.CONSULTATION
        and today <= exercise.consultation_closes_on
    ):
        return _("Publish the summary once the consultation has closed, after %(date)s.") % {
            "date": date_format(exercise.consultation_closes_on, "j F Y")
        }
    if name == "tender" and stage == ExerciseStage.CONSULTATION:
        return _("Publish the consultation summary before inviting bids.")
    return _("That step is not open now. Nothing was changed.")


def action_form(name, user, exercise):
    """The blank form of an open action (True for one without fields)."""
    if name in ("open_bids", "close"):
        return True
    kwargs = {}
    if name in ("answer", "award", "review", "departure", "respond", "document", "criteria"):
        kwargs["exercise"] = exercise
    if name in ("respond", "ask", "bid"):
        kwargs["organisations"] = my_vcs(user)
    if name == "tender":
        kwargs["exercise"] = exercise
    return ACTION_FORMS[name](prefix=name, **kwargs)


def available_actions(user, exercise):
    """The forms this user may use on the exercise now, by name (True: no fields)."""
    return {name: action_form(name, user, exercise) for name in open_names(user, exercise)}


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


# The services' names for what an action's form calls otherwise: a refusal names the
# field the page and the API take.
FIELD_NAMES = {
    "consult": {"consultation_justification": "justification"},
    "notice": {"notice_justification": "justification"},
    "reduce": {"notice_justification": "justification"},
    "tender": {"bids_close_at": "closes_on"},
    "amend": {"bids_close_at": "closes_on"},
    "criteria": {"criteria": "name_1"},
}


def do_action(action, exercise, user, data):
    """Do an open action through its service; a refusal names the action's own fields."""
    try:
        return _do(action, exercise, user, data)
    except ValidationError as error:
        names = FIELD_NAMES.get(action)
        if names and hasattr(error, "error_dict"):
            renamed = {}
            for field, errors in error.error_dict.items():
                renamed.setdefault(names.get(field, field), []).extend(errors)
            raise ValidationError(renamed) from error
        raise


def _do(action, exercise, user, data):  # noqa: C901 - one branch a form
    if action == "consult":
        services.exercise_open_consultation(
            exercise=exercise,
            by=user,
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            questions=data["questions"].splitlines(),
            consultation_justification=data["justification"],
        )
        return _("The consultation is open.")
    if action == "summary":
        services.exercise_publish_summary(exercise=exercise, by=user, summary=data["summary"])
        return _("The summary is published.")
    if action == "tender":
        services.exercise_publish_tender(
            exercise=exercise,
            by=user,
            opens_on=data["opens_on"],
            bids_close_at=local_datetime(data["closes_on"], data["closes_at"]),
            bid_window_justification=data["bid_window_justification"],
            term_justification=data["term_justification"],
            consultation_justification=data.get("consultation_justification", ""),
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
        )
        return _("The opportunity is published.")
    if action == "answer":
        services.clarification_answer(
            clarification=data["clarification"], by=user, answer=data["answer"]
        )
        return _("The answer is published to every bidder.")
    if action == "open_bids":
        services.exercise_open_bids(exercise=exercise, by=user)
        return _("The bids are open for evaluation.")
    if action == "award":
        services.exercise_award(
            exercise=exercise, by=user, scores=data["scores"], winners=data["winners"]
        )
        return _("The award is made. Every bidder will receive a letter with feedback.")
    if action == "start":
        services.exercise_start_service(
            exercise=exercise, by=user, starts_on=data["starts_on"], ends_on=data["ends_on"]
        )
        return _("The service has started and its reviews are scheduled.")
    if action == "review":
        services.review_complete(
            review=data["review"], by=user, rating=data["rating"], notes=data["notes"]
        )
        return _("The review is recorded. The provider can read and answer it.")
    if action == "notice":
        services.exercise_give_notice(
            exercise=exercise,
            by=user,
            ends_on=data["ends_on"],
            reasons=data["reasons"],
            impact=data["impact"],
            notice_justification=data["justification"],
        )
        return _("Notice is given and the provider has been told.")
    if action == "reduce":
        services.exercise_reduce_funding(
            exercise=exercise,
            by=user,
            effective_on=data["effective_on"],
            value_after=data["value_after"],
            reasons=data["reasons"],
            impact=data["impact"],
            notice_justification=data["justification"],
        )
        return _("Notice of the reduced funding is given and the provider has been told.")
    if action == "document":
        services.exercise_add_document(
            exercise=exercise,
            by=user,
            kind=data["kind"],
            title=data["title"],
            upload=data["file"],
            reason=data.get("reason", ""),
            submission_key=data.get("submission_key", ""),
        )
        return _("The document is added to the tender pack.")
    if action == "criteria":
        services.exercise_set_criteria(exercise=exercise, by=user, criteria=data["criteria"])
        return _("The criteria are saved. Bids will be scored on them.")
    if action == "amend":
        services.exercise_move_closing(
            exercise=exercise,
            by=user,
            bids_close_at=local_datetime(data["closes_on"], data["closes_at"]),
            reason=data["reason"],
            bid_window_justification=data["bid_window_justification"],
        )
        return _("The closing date is moved and every bidder has been told.")
    if action == "close":
        services.exercise_close(exercise=exercise, by=user)
        return _("The exercise is closed.")
    if action == "cancel":
        services.exercise_cancel(exercise=exercise, by=user, reasons=data["reasons"])
        return _("The exercise is cancelled.")
    if action == "respond":
        services.consultation_respond(
            exercise=exercise,
            by=user,
            organisation=data["organisation"],
            answers=data["answers"],
        )
        return _("Thank you: your response is recorded. You can change it until the close.")
    if action == "ask":
        services.clarification_ask(
            exercise=exercise, by=user, organisation=data["organisation"], question=data["question"]
        )
        return _("Your question is sent. The answer will be shown to every bidder.")
    if action == "departure":
        services.departure_review(departure=data["departure"], by=user, notes=data["notes"])
        return _("Your review of the departure is recorded.")
    if action == "bid":
        return services.bid_save(
            exercise=exercise, by=user, organisation=data["organisation"], data={}
        )
    raise PermissionDenied
