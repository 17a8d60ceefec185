"""Writes to commissioning exercises and bids: one function a step.

Each takes the acting user, checks permission, applies the Compact's guards, makes the
logged transition and writes the exercise's timeline in one transaction, and sends
e-mail after it commits. The workflow services (`workflows/commissioning.py`) complete
the matching task in the same transaction.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import can_proceed

from cases.formats import when
from cases.models import (
    Bid,
    BidDocument,
    BidStatus,
    Clarification,
    Commitment,
    Compact,
    ConsultationQuestion,
    ConsultationResponse,
    Departure,
    Exercise,
    ExerciseEvent,
    ExerciseStage,
    Membership,
    Organisation,
    Review,
    Sector,
)
from cases.notifications import notify
from cases.references import next_reference
from cases.services import is_member
from cases.text import plain
from cases.uploads import check_upload, safe_display_name
from cases.working_days import add_working_days

Rule = Departure.Rule

# Which code of practice each rule protects, to link a departure to the commitment.
RULE_CODES = {
    Rule.CONSULTATION: "consultation",
    Rule.BID_WINDOW: "funding",
    Rule.TERM: "funding",
    Rule.NOTICE: "funding",
}
RULE_WORDS = {
    Rule.CONSULTATION: ("consult", "week"),
    Rule.BID_WINDOW: ("bid", "time"),
    Rule.TERM: ("year", "term"),
    Rule.NOTICE: ("notice", "warning"),
}


def _today() -> datetime.date:
    return timezone.localdate()


def _refuse(message: str, field: str | None = None):
    raise ValidationError({field: message} if field else message)


def _lock(exercise: Exercise) -> Exercise:
    return Exercise.objects.select_for_update().select_related("compact").get(pk=exercise.pk)


def _event(exercise, *, actor, title, body=""):
    return ExerciseEvent.objects.create(
        exercise=exercise, actor=actor, title=plain(title), body=plain(body)
    )


def _transition(exercise, method, *, by, description):
    if not can_proceed(method):
        _refuse(
            f"This exercise is at {exercise.get_stage_display().lower()}: that step is not "
            "open now. Nothing was changed."
        )
    method(by=by, description=description)


# Who is who.


def is_commissioner(user, exercise: Exercise) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(
            user=user, organisation=exercise.commissioner_id, role=Membership.Role.COMMISSIONER
        ).exists()
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_commissioner(user, exercise):
    _require(is_commissioner(user, exercise), "Only the commissioning organisation can do this.")


def vcs_organisations(user):
    return Organisation.objects.filter(memberships__user=user, sector=Sector.VCS)


# The Compact's guards.


def commitment_for(compact: Compact, rule: str) -> Commitment | None:
    """The compact's commitment a departure breaks: the best match by code and words."""
    commitments = list(compact.commitments.filter(code=RULE_CODES[rule]))
    words = RULE_WORDS[rule]
    for commitment in commitments:
        text = f"{commitment.title} {commitment.text}".lower()
        if all(word in text for word in words):
            return commitment
    for commitment in commitments:
        text = f"{commitment.title} {commitment.text}".lower()
        if any(word in text for word in words):
            return commitment
    return commitments[0] if commitments else None


def _guard(exercise, *, rule, short: bool, required: str, actual: str, justification, by):
    """Refuse a step that breaks a rule, unless a justification is recorded; then record
    the departure, for the sector to see and the Champion to review."""
    if not short:
        return None
    justification = (justification or "").strip()
    if not justification:
        field = {
            Rule.CONSULTATION: "consultation_justification",
            Rule.BID_WINDOW: "bid_window_justification",
            Rule.TERM: "term_justification",
            Rule.NOTICE: "notice_justification",
        }[rule]
        _refuse(
            f"{Rule(rule).label}: the compact asks for {required} and this gives {actual}. "
            "Change it, or record why the exercise must depart from the Compact.",
            field,
        )
    departure = Departure.objects.create(
        exercise=exercise,
        rule=rule,
        required=required,
        actual=actual,
        justification=justification,
        commitment=commitment_for(exercise.compact, rule),
        recorded_by=by,
    )
    _event(
        exercise,
        actor=by,
        title=f"Departure from the Compact: {departure.get_rule_display().lower()}",
        body=f"The compact asks for {required}; this gives {actual}. Why: {justification}",
    )
    from workflows.commissioning import departure_review_start

    departure_review_start(departure=departure)
    if exercise.compact.champion and exercise.compact.champion.email:
        notify(
            to=[exercise.compact.champion.email],
            template="departure_recorded",
            context={"departure": departure, "exercise": exercise, "compact": exercise.compact},
        )
    return departure


def _weeks(days: int) -> str:
    weeks, rest = divmod(days, 7)
    return f"{weeks} week{'s' * (weeks != 1)}" + (
        f" and {rest} day{'s' * (rest != 1)}" if rest else ""
    )


# Creating and consulting.


def exercise_create(
    *,
    by,
    compact: Compact,
    commissioner: Organisation,
    title: str,
    service: str,
    outcomes: str,
    funding_type: str,
    estimated_value: Decimal,
    term_years: int,
    full_cost_recovery: bool = True,
) -> Exercise:
    """A commissioner plans an exercise. It is private until consultation or tender."""
    _require(
        Membership.objects.filter(
            user=by, organisation=commissioner, role=Membership.Role.COMMISSIONER
        ).exists(),
        "Only a commissioner of that organisation can plan its exercises.",
    )
    if commissioner.sector != Sector.STATUTORY:
        _refuse("Only statutory bodies commission services here", "commissioner")
    if not compact.signatories.filter(organisation=commissioner).exists():
        _refuse(f"{commissioner} has not signed {compact}", "compact")
    with transaction.atomic():
        exercise = Exercise(
            reference=next_reference(compact=compact, kind="C", model=Exercise),
            compact=compact,
            commissioner=commissioner,
            created_by=by,
            title=title.strip(),
            service=service.strip(),
            outcomes=outcomes.strip(),
            funding_type=funding_type,
            estimated_value=estimated_value,
            term_years=term_years,
            full_cost_recovery=full_cost_recovery,
        )
        exercise.full_clean()
        exercise.save()
        _event(exercise, actor=by, title="Exercise planned")
        from workflows.commissioning import exercise_procedure_start

        exercise_procedure_start(exercise=exercise)
    return exercise


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
        _refuse("Enter at least one question", "questions")
    if closes_on <= opens_on:
        _refuse("The closing date must be after the opening date", "closes_on")
    if opens_on < _today():
        _refuse("The opening date must be today or later", "opens_on")
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
    return exercise


@transaction.atomic
def consultation_respond(
    *, exercise: Exercise, by, organisation: Organisation, answers: dict[str, str]
) -> ConsultationResponse:
    """A voluntary organisation answers the consultation (again, to change its answers)."""
    _require(is_member(by, organisation), "You can only respond for your own organisation.")
    if organisation.sector != Sector.VCS:
        _refuse("Consultations here are for voluntary and community organisations")
    exercise = _lock(exercise)
    today = _today()
    if exercise.stage != ExerciseStage.CONSULTATION or not (
        exercise.consultation_opens_on <= today <= exercise.consultation_closes_on
    ):
        _refuse("This consultation is not open for responses.")
    questions = {str(q.pk) for q in exercise.questions.all()}
    answers = {k: v.strip() for k, v in answers.items() if k in questions and v and v.strip()}
    if not answers:
        _refuse("Answer at least one question", "answers")
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
        _refuse("There is no consultation to summarise.")
    if exercise.has_summary():
        _refuse("The summary has already been published.")
    if _today() <= exercise.consultation_closes_on:
        _refuse(
            "Publish the summary once the consultation has closed, after "
            f"{exercise.consultation_closes_on:%-d %B %Y}."
        )
    if len((summary or "").strip()) < 20:
        _refuse("Say what you heard and what you changed because of it", "summary")
    exercise.consultation_summary = summary.strip()
    exercise.summary_published_at = timezone.now()
    exercise.save()
    _event(exercise, actor=by, title="Consultation summary published: you said, we did")
    return exercise


# Tender.


@transaction.atomic
def _publish_tender(
    *,
    exercise: Exercise,
    by,
    opens_on: datetime.date,
    bids_close_at: datetime.datetime,
    bid_window_justification: str = "",
    term_justification: str = "",
) -> Exercise:
    """Publish the opportunity with a bid window long enough for small organisations."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if exercise.stage == ExerciseStage.CONSULTATION and not exercise.has_summary():
        _refuse("Publish the consultation summary before inviting bids.")
    if opens_on < _today():
        _refuse("The opening date must be today or later", "opens_on")
    if timezone.localtime(bids_close_at).date() <= opens_on:
        _refuse("Bids must close after the opportunity opens", "bids_close_at")
    compact = exercise.compact
    window = (timezone.localtime(bids_close_at).date() - opens_on).days
    _transition(exercise, exercise.publish_tender, by=by, description="Opportunity published")
    _guard(
        exercise,
        rule=Rule.BID_WINDOW,
        short=window < compact.min_bid_window_days,
        required=f"{compact.min_bid_window_days} days to bid",
        actual=f"{window} days",
        justification=bid_window_justification,
        by=by,
    )
    _guard(
        exercise,
        rule=Rule.TERM,
        short=exercise.term_years < compact.preferred_term_years,
        required=f"funding for {compact.preferred_term_years} years or more",
        actual=f"{exercise.term_years} year{'s' * (exercise.term_years != 1)}",
        justification=term_justification,
        by=by,
    )
    exercise.tender_opens_on = opens_on
    exercise.bids_close_at = bids_close_at
    exercise.save()
    _event(
        exercise,
        actor=by,
        title="Opportunity published",
        body=f"Bids close {when(bids_close_at)}.",
    )
    return exercise


def _why_closed(exercise) -> str:
    if exercise.stage == ExerciseStage.TENDER and exercise.tender_opens_on > _today():
        return (
            "This opportunity is not open for bids yet: bidding opens on "
            f"{exercise.tender_opens_on:%-d %B %Y}."
        )
    if exercise.stage == ExerciseStage.TENDER:
        return "The bid window has closed: bids can no longer be started or changed."
    return "This opportunity is not open for bids."


def tender_is_open(exercise):
    return (
        exercise.stage == ExerciseStage.TENDER
        and exercise.tender_opens_on is not None
        and exercise.tender_opens_on <= _today()
        and exercise.bids_close_at is not None
        and timezone.now() < exercise.bids_close_at
    )


@transaction.atomic
def clarification_ask(
    *, exercise: Exercise, by, organisation: Organisation, question: str
) -> Clarification:
    _require(is_member(by, organisation), "You can only ask for your own organisation.")
    exercise = _lock(exercise)
    if not tender_is_open(exercise):
        _refuse("Questions can be asked only while the opportunity is open for bids.")
    if not (question or "").strip():
        _refuse("Enter your question", "question")
    clarification = Clarification.objects.create(
        exercise=exercise, asked_by=organisation, question=question.strip()
    )
    notify(
        to=[m.user.email for m in exercise.commissioner.memberships.filter(role="commissioner")],
        template="clarification_asked",
        context={"exercise": exercise, "clarification": clarification},
    )
    return clarification


@transaction.atomic
def clarification_answer(*, clarification: Clarification, by, answer: str) -> Clarification:
    """The commissioner answers; every bidder sees the question and the answer."""
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    exercise = clarification.exercise
    require_commissioner(by, exercise)
    if not (answer or "").strip():
        _refuse("Enter the answer", "answer")
    clarification.answer = answer.strip()
    clarification.answered_at = timezone.now()
    clarification.save()
    _event(exercise, actor=by, title="A bidder's question was answered for every bidder")
    bidders = Membership.objects.filter(organisation__bids__exercise=exercise).select_related(
        "user"
    )
    notify(
        to=[m.user.email for m in bidders],
        template="clarification_answered",
        context={"exercise": exercise, "clarification": clarification},
    )
    return clarification


BID_FIELDS = ("proposal", "direct_costs", "overheads")


@transaction.atomic
def bid_save(*, exercise: Exercise, by, organisation: Organisation, data: dict[str, Any]) -> Bid:
    """Start the organisation's bid, or change it while it is a draft (or withdrawn). A
    sent bid is changed only by sending a replacement (`bid_submit` with the new data), so
    the commissioner never evaluates a half-written edit."""
    _require(is_member(by, organisation), "You can only bid for your own organisation.")
    if organisation.sector != Sector.VCS:
        _refuse("Bids here come from voluntary and community organisations")
    exercise = _lock(exercise)
    if not tender_is_open(exercise):
        _refuse(_why_closed(exercise))
    try:
        with transaction.atomic():
            bid, _ = Bid.objects.get_or_create(
                exercise=exercise, organisation=organisation, defaults={"created_by": by}
            )
    except IntegrityError:
        bid = Bid.objects.get(exercise=exercise, organisation=organisation)
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    if data and bid.status == BidStatus.SUBMITTED:
        _refuse(
            "Your bid has been sent. To change it, send a replacement with all its details; "
            "until then the bid you sent stands."
        )
    for field in BID_FIELDS:
        if field in data:
            setattr(bid, field, data[field])
    bid.full_clean()
    bid.save()
    return bid


@transaction.atomic
def bid_submit(*, bid: Bid, by, data: dict[str, Any] | None = None) -> Bid:
    """Send the bid, or with `data` a replacement of it, in one step: either the whole new
    bid is sent or nothing changes. It stays sealed until the window closes."""
    bid = Bid.objects.select_for_update().select_related("exercise").get(pk=bid.pk)
    _require(is_member(by, bid.organisation), "You can only submit your own organisation's bid.")
    if not can_proceed(bid.submit):
        _refuse("The bid window has closed: the bid can no longer be sent or replaced.")
    for field in BID_FIELDS:
        if data and field in data:
            setattr(bid, field, data[field])
    errors = {}
    if not bid.proposal.strip():
        errors["proposal"] = "Enter your proposal"
    if bid.direct_costs is None:
        errors["direct_costs"] = "Enter the direct costs of the service"
    if bid.exercise.full_cost_recovery and bid.overheads is None:
        errors["overheads"] = (
            "Enter your share of overheads (enter 0 if none): this exercise expects full "
            "cost recovery"
        )
    if errors:
        raise ValidationError(errors)
    bid.full_clean()
    replacing = bid.status == BidStatus.SUBMITTED
    bid.version += 1
    bid.submit(
        by=by, description=f"Version {bid.version}" + (" (replacement)" if replacing else "")
    )
    bid.submitted_at = timezone.now()
    bid.save()
    notify(
        to=[by.email],
        template="bid_submitted",
        context={"bid": bid, "exercise": bid.exercise, "replacing": replacing},
    )
    return bid


@transaction.atomic
def bid_withdraw(*, bid: Bid, by, reason: str = "") -> Bid:
    bid = Bid.objects.select_for_update().select_related("exercise").get(pk=bid.pk)
    _require(is_member(by, bid.organisation), "You can only withdraw your own organisation's bid.")
    if not can_proceed(bid.withdraw):
        _refuse("Only a submitted bid can be withdrawn, and only before the window closes.")
    bid.withdraw(by=by, description=reason or "Withdrawn by the bidder")
    bid.save()
    return bid


@transaction.atomic
def bid_add_document(*, bid: Bid, by, upload) -> BidDocument:
    _require(is_member(by, bid.organisation), "You can only add documents to your own bid.")
    content_type = check_upload(upload)
    bid = Bid.objects.select_for_update().select_related("exercise").get(pk=bid.pk)
    if not bid.window_is_open():
        _refuse("The bid window has closed.")
    document = BidDocument(
        bid=bid,
        uploaded_by=by,
        original_name=safe_display_name(upload.name),
        content_type=content_type,
        size=upload.size,
    )
    document.file.save("upload", upload, save=False)
    document.save()
    return document


# Evaluation and award.


@transaction.atomic
def _open_bids(*, exercise: Exercise, by) -> Exercise:
    """After the window closes the commissioner opens the bids and starts evaluating."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if exercise.stage == ExerciseStage.TENDER and timezone.now() < exercise.bids_close_at:
        _refuse(f"Bids stay sealed until the window closes at {when(exercise.bids_close_at)}.")
    _transition(exercise, exercise.open_bids, by=by, description="Bids opened")
    exercise.bids_opened_at = timezone.now()
    exercise.save()
    count = exercise.bids.filter(status=BidStatus.SUBMITTED).count()
    _event(exercise, actor=by, title=f"Bids opened: {count} received")
    Bid.objects.filter(exercise=exercise, status=BidStatus.DRAFT).update(updated_at=timezone.now())
    return exercise


@transaction.atomic
def bid_evaluate(*, bid: Bid, by, score: int, notes: str, feedback: str) -> Bid:
    bid = Bid.objects.select_for_update().select_related("exercise").get(pk=bid.pk)
    require_commissioner(by, bid.exercise)
    if bid.exercise.stage != ExerciseStage.EVALUATION or bid.status != BidStatus.SUBMITTED:
        _refuse("Only submitted bids are scored, during evaluation.")
    if score is None or not 0 <= score <= 100:
        _refuse("Enter a score from 0 to 100", "score")
    if not (feedback or "").strip():
        _refuse("Enter the feedback the bidder will receive", "feedback")
    bid.score = score
    bid.evaluation_notes = (notes or "").strip()
    bid.feedback = feedback.strip()
    bid.save()
    return bid


@transaction.atomic
def _award(*, exercise: Exercise, by, winners: list[Bid]) -> Exercise:
    """Award one or more bids. Every bidder is told, with feedback, by a PDF letter; the
    standstill runs before the service can start."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    bids = list(exercise.bids.select_for_update().filter(status=BidStatus.SUBMITTED))
    if not winners:
        _refuse("Choose at least one bid to award", "winners")
    ids = {b.pk for b in bids}
    if any(w.pk not in ids for w in winners):
        _refuse("Choose from the submitted bids", "winners")
    unscored = [b for b in bids if b.score is None or not b.feedback]
    if unscored:
        _refuse(
            "Score every bid and write its feedback before the award: "
            + ", ".join(str(b.organisation) for b in unscored)
        )
    _transition(exercise, exercise.award, by=by, description="Awarded")
    winner_ids = {w.pk for w in winners}
    for bid in bids:
        if bid.pk in winner_ids:
            bid.mark_awarded(by=by, description="Awarded")
        else:
            bid.mark_unsuccessful(by=by, description="Not awarded")
        bid.save()
    exercise.awarded_on = _today()
    exercise.standstill_ends_on = add_working_days(
        exercise.awarded_on, exercise.compact.standstill_working_days, exercise.compact.nation
    )
    exercise.save()
    names = ", ".join(str(b.organisation) for b in bids if b.pk in winner_ids)
    _event(
        exercise,
        actor=by,
        title=f"Awarded to {names}",
        body=f"The standstill runs to {exercise.standstill_ends_on:%-d %B %Y}.",
    )
    from cases.tasks import send_bid_letters

    transaction.on_commit(lambda: send_bid_letters.enqueue(exercise_id=exercise.pk))
    return exercise


REVIEW_INTERVAL_MONTHS = ((Decimal(50_000), 12), (Decimal(250_000), 6))


def review_interval_months(value: Decimal) -> int:
    """Proportionate monitoring: yearly under £50,000, six-monthly under £250,000,
    quarterly above."""
    for limit, months in REVIEW_INTERVAL_MONTHS:
        if value < limit:
            return months
    return 3


@transaction.atomic
def _start_service(
    *, exercise: Exercise, by, starts_on: datetime.date, ends_on: datetime.date
) -> Exercise:
    """Once the standstill has ended the service starts, and its reviews are scheduled."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if exercise.stage == ExerciseStage.AWARD and _today() <= exercise.standstill_ends_on:
        _refuse(f"The standstill runs to {exercise.standstill_ends_on:%-d %B %Y}.")
    if exercise.standstill_ends_on and starts_on <= exercise.standstill_ends_on:
        _refuse(
            "The service must start after the standstill, which ends on "
            f"{exercise.standstill_ends_on:%-d %B %Y}",
            "starts_on",
        )
    if ends_on <= starts_on:
        _refuse("The end date must be after the start date", "ends_on")
    longest = starts_on + relativedelta(years=exercise.term_years)
    if ends_on > longest:
        _refuse(
            f"The end date must be within the {exercise.term_years}-year term, by "
            f"{longest:%-d %B %Y}",
            "ends_on",
        )
    _transition(exercise, exercise.start_service, by=by, description="Service started")
    exercise.service_starts_on = starts_on
    exercise.service_ends_on = ends_on
    exercise.save()
    months = review_interval_months(exercise.estimated_value)
    for bid in exercise.bids.filter(status=BidStatus.AWARDED):
        due = starts_on + relativedelta(months=months)
        while due <= ends_on:
            Review.objects.create(exercise=exercise, bid=bid, due_on=due)
            due += relativedelta(months=months)
    _event(
        exercise,
        actor=by,
        title="Service started",
        body=f"Runs from {starts_on:%-d %B %Y} to {ends_on:%-d %B %Y}; reviewed every "
        f"{months} months.",
    )
    return exercise


@transaction.atomic
def review_complete(*, review: Review, by, rating: str, notes: str) -> Review:
    review = (
        Review.objects.select_for_update()
        .select_related("exercise", "bid__organisation")
        .get(pk=review.pk)
    )
    require_commissioner(by, review.exercise)
    if rating not in Review.Rating.values:
        _refuse("Choose a rating", "rating")
    review.rating = rating
    review.notes = (notes or "").strip()
    review.completed_at = timezone.now()
    review.completed_by = by
    review.save()
    _event(
        review.exercise,
        actor=by,
        title=f"Review of {review.bid.organisation}: {review.get_rating_display()}",
    )
    return review


@transaction.atomic
def review_respond(*, review: Review, by, response: str) -> Review:
    review = Review.objects.select_for_update().select_related("bid").get(pk=review.pk)
    _require(is_member(by, review.bid.organisation), "Only the provider can answer its review.")
    if review.completed_at is None:
        _refuse("The review has not been written yet.")
    if not (response or "").strip():
        _refuse("Enter your response", "response")
    review.provider_response = response.strip()
    review.save()
    return review


# Decommissioning.


@transaction.atomic
def exercise_give_notice(
    *,
    exercise: Exercise,
    by,
    ends_on: datetime.date,
    reasons: str,
    impact: str,
    notice_justification: str = "",
) -> Exercise:
    """Written notice that the funding will end, with reasons and the impact on users."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if not (reasons or "").strip():
        _refuse("Enter the reasons the funding is ending", "reasons")
    if not (impact or "").strip():
        _refuse("Enter the impact on the people who use the service", "impact")
    today = _today()
    if ends_on <= today:
        _refuse("The end date must be in the future", "ends_on")
    minimum = exercise.compact.min_notice_months
    months = relativedelta(ends_on, today)
    given = months.years * 12 + months.months
    _transition(exercise, exercise.give_notice, by=by, description=reasons)
    _guard(
        exercise,
        rule=Rule.NOTICE,
        short=ends_on < today + relativedelta(months=minimum),
        required=f"{minimum} months' notice",
        actual=f"{given} month{'s' * (given != 1)} and {months.days} days",
        justification=notice_justification,
        by=by,
    )
    exercise.notice_given_on = today
    exercise.service_ends_on = ends_on
    exercise.decommission_reasons = reasons.strip()
    exercise.impact_on_users = impact.strip()
    exercise.save()
    _event(exercise, actor=by, title="Notice given", body=reasons.strip())
    providers = Membership.objects.filter(
        organisation__bids__exercise=exercise, organisation__bids__status=BidStatus.AWARDED
    ).select_related("user")
    notify(
        to=[m.user.email for m in providers],
        template="notice_given",
        context={"exercise": exercise},
    )
    return exercise


@transaction.atomic
def exercise_close(*, exercise: Exercise, by) -> Exercise:
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if exercise.stage == ExerciseStage.DECOMMISSION and _today() < exercise.service_ends_on:
        _refuse(f"The funding runs to {exercise.service_ends_on:%-d %B %Y}.")
    _transition(exercise, exercise.close, by=by, description="Closed")
    exercise.save()
    _event(exercise, actor=by, title="Closed")
    return exercise


@transaction.atomic
def _cancel(*, exercise: Exercise, by, reasons: str) -> Exercise:
    """Stop the exercise before any award, with reasons the sector sees."""
    require_commissioner(by, exercise)
    if not (reasons or "").strip():
        _refuse("Enter the reasons the exercise is cancelled", "reasons")
    exercise = _lock(exercise)
    _transition(exercise, exercise.cancel, by=by, description=reasons)
    exercise.cancel_reasons = reasons.strip()
    exercise.save()
    _event(exercise, actor=by, title="Cancelled", body=reasons.strip())
    bidders = Membership.objects.filter(organisation__bids__exercise=exercise).select_related(
        "user"
    )
    notify(
        to=[m.user.email for m in bidders],
        template="exercise_cancelled",
        context={"exercise": exercise},
    )
    return exercise


@transaction.atomic
def _review_departure(*, departure: Departure, by, notes: str) -> Departure:
    """The Champion reviews a departure from the Compact and notes what follows."""
    departure = (
        Departure.objects.select_for_update()
        .select_related("exercise__compact")
        .get(pk=departure.pk)
    )
    _require(
        departure.exercise.compact.champion_id == by.pk,
        "Only the compact's Champion reviews departures.",
    )
    if departure.reviewed_at:
        _refuse("This departure has already been reviewed.")
    if not (notes or "").strip():
        _refuse("Enter your review notes", "notes")
    departure.reviewed_by = by
    departure.review_notes = notes.strip()
    departure.reviewed_at = timezone.now()
    departure.save()
    return departure
