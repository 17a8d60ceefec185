"""Consulting before commissioning: opening the consultation (with the Compact's minimum
length as a guard), voluntary organisations' responses, and "you said, we did"."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from cases.commissioning.flow import ExerciseFlow
from cases.commissioning.models import (
    ConsultationQuestion,
    ConsultationResponse,
    Exercise,
    ExerciseStage,
)
from cases.commissioning.rules import require_commissioner
from cases.commissioning.services._base import Rule, _event, _lock, _step, _transition, _weeks
from cases.commissioning.services.alerts import alert_followers
from cases.commissioning.services.departures import _guard
from cases.common.services import refuse, require
from cases.register.models import Organisation, Sector
from cases.register.rules import is_member


@transaction.atomic
def _open_consultation(
    *,
    exercise: Exercise,
    by,
    opens_on: datetime.date,
    closes_on: datetime.date,
    questions: list[str],
    consultation_justification: str = "",
) -> Exercise:
    """Ask the sector about needs and outcomes, for at least the compact's minimum weeks."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    questions = [q.strip() for q in questions if q and q.strip()]
    if not questions:
        refuse(_("Enter at least one question"), "questions")
    if closes_on <= opens_on:
        refuse(_("The closing date must be after the opening date"), "closes_on")
    if opens_on < timezone.localdate():
        refuse(_("The opening date must be today or later"), "opens_on")
    minimum = exercise.compact.min_consultation_weeks
    length = (closes_on - opens_on).days
    _transition(exercise, exercise.open_consultation, by=by, description="Consultation opened")
    _guard(
        exercise,
        rule=Rule.CONSULTATION,
        short=length < minimum * 7,
        required=f"{minimum} weeks",
        actual=_weeks(length),
        justification=consultation_justification,
        by=by,
    )
    exercise.consultation_opens_on = opens_on
    exercise.consultation_closes_on = closes_on
    exercise.save()
    ConsultationQuestion.objects.bulk_create(
        ConsultationQuestion(exercise=exercise, text=text, position=n)
        for n, text in enumerate(questions)
    )
    _event(
        exercise,
        actor=by,
        title="Consultation opened",
        body=f"Open from {opens_on:%-d %B %Y} to {closes_on:%-d %B %Y}.",
    )
    alert_followers(exercise, "consultation")
    return exercise


@transaction.atomic
def consultation_respond(
    *, exercise: Exercise, by, organisation: Organisation, answers: dict[str, str]
) -> ConsultationResponse:
    """A voluntary organisation answers the consultation (again, to change its answers)."""
    require(is_member(by, organisation), _("You can only respond for your own organisation."))
    if organisation.sector != Sector.VCS:
        refuse(_("Consultations here are for voluntary and community organisations"))
    exercise = _lock(exercise)
    today = timezone.localdate()
    if exercise.stage != ExerciseStage.CONSULTATION or not (
        exercise.consultation_opens_on <= today <= exercise.consultation_closes_on
    ):
        refuse(_("This consultation is not open for responses."))
    questions = {str(q.pk) for q in exercise.questions.all()}
    answers = {k: v.strip() for k, v in answers.items() if k in questions and v and v.strip()}
    if not answers:
        refuse(_("Answer at least one question"), "answers")
    response, created = ConsultationResponse.objects.update_or_create(
        exercise=exercise,
        organisation=organisation,
        defaults={"answers": answers, "submitted_by": by},
    )
    _event(
        exercise,
        actor=by,
        title=f"{organisation} {'responded to' if created else 'changed its response to'} "
        "the consultation",
    )
    return response


@transaction.atomic
def _publish_summary(*, exercise: Exercise, by, summary: str) -> Exercise:
    """After the consultation closes: what was heard, and what changed ("you said, we did")."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if exercise.stage != ExerciseStage.CONSULTATION:
        refuse(_("There is no consultation to summarise."))
    if exercise.has_summary():
        refuse(_("The summary has already been published."))
    if timezone.localdate() <= exercise.consultation_closes_on:
        refuse(
            _("Publish the summary once the consultation has closed, after %(date)s.")
            % {"date": date_format(exercise.consultation_closes_on, "j F Y")}
        )
    if len((summary or "").strip()) < 20:
        refuse(_("Say what you heard and what you changed because of it"), "summary")
    exercise.consultation_summary = summary.strip()
    exercise.summary_published_at = timezone.now()
    exercise.save()
    _event(exercise, actor=by, title="Consultation summary published: you said, we did")
    return exercise


def exercise_open_consultation(*, exercise, by, **kwargs):
    return _step(
        exercise,
        [ExerciseFlow.plan],
        by,
        lambda e: _open_consultation(exercise=e, by=by, **kwargs),
    )


def exercise_publish_summary(*, exercise, by, summary):
    return _step(
        exercise,
        [ExerciseFlow.publish_summary],
        by,
        lambda e: _publish_summary(exercise=e, by=by, summary=summary),
    )
