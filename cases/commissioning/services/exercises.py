"""The commissioner's exercise, step by step: planning it, publishing the opportunity,
opening the bids, evaluating and awarding them, starting the service, giving notice,
closing and cancelling.

Each public service takes the acting user, checks permission, applies the Compact's
guards, makes the logged transition, writes the exercise's timeline and completes the
matching step of the exercise's procedure in one transaction, and sends e-mail after it
commits.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from viewflow.workflow import STATUS

from cases.commissioning.flow import ExerciseFlow
from cases.commissioning.holds import holding
from cases.commissioning.models import (
    Bid,
    BidStatus,
    Exercise,
    ExerciseProcess,
    ExerciseStage,
    FundingChange,
    Review,
)
from cases.commissioning.rules import require_commissioner, skips_consultation
from cases.commissioning.services._base import Rule, _event, _lock, _step, _transition
from cases.commissioning.services.alerts import alert_followers
from cases.commissioning.services.bids import bid_evaluate
from cases.commissioning.services.departures import _guard
from cases.commissioning.services.reviews import review_interval_months
from cases.common.formats import in_english, when
from cases.common.services import refuse, require
from cases.common.working_days import add_working_days
from cases.register.models import Compact, Membership, Organisation, Sector
from cases.register.references import next_reference
from workflows.notifications import notify

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
    require(
        Membership.objects.filter(
            user=by, organisation=commissioner, role=Membership.Role.COMMISSIONER
        ).exists(),
        _("Only a commissioner of that organisation can plan its exercises."),
    )
    if commissioner.sector != Sector.STATUTORY:
        refuse(_("Only statutory bodies commission services here"), "commissioner")
    if not compact.signatories.filter(organisation=commissioner, left_on__isnull=True).exists():
        refuse(
            _("%(commissioner)s has not signed %(compact)s")
            % {"commissioner": commissioner, "compact": compact},
            "compact",
        )
    with transaction.atomic():
        exercise = Exercise(
            reference=next_reference(compact=compact, kind="C"),
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
        pass

        exercise_procedure_start(exercise=exercise)
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
    consultation_justification: str = "",
    contact_name: str = "",
    contact_email: str = "",
) -> Exercise:
    """Publish the opportunity with a bid window long enough for small organisations, and
    a named contact (the commissioner publishing it, unless another is given). Going
    straight from planning skips the consultation the compact expects: a departure."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    unconsulted = skips_consultation(exercise)
    if exercise.stage == ExerciseStage.CONSULTATION and not exercise.has_summary():
        refuse(_("Publish the consultation summary before inviting bids."))
    if opens_on < timezone.localdate():
        refuse(_("The opening date must be today or later"), "opens_on")
    if timezone.localtime(bids_close_at).date() <= opens_on:
        refuse(_("Bids must close after the opportunity opens"), "bids_close_at")
    compact = exercise.compact
    window = (timezone.localtime(bids_close_at).date() - opens_on).days
    _transition(exercise, exercise.publish_tender, by=by, description="Opportunity published")
    _guard(
        exercise,
        rule=Rule.NO_CONSULTATION,
        short=unconsulted,
        required=f"a consultation of {compact.min_consultation_weeks} weeks first",
        actual="no consultation",
        justification=consultation_justification,
        by=by,
    )
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
    exercise.contact_name = (contact_name or "").strip() or by.get_full_name() or by.username
    exercise.contact_email = (contact_email or "").strip() or by.email
    exercise.save()
    with in_english():  # the exercise's history
        _event(
            exercise,
            actor=by,
            title="Opportunity published",
            body=f"Bids close {when(bids_close_at)}.",
        )
    alert_followers(exercise, "tender")
    return exercise


# Evaluation and award.


@transaction.atomic
def _open_bids(*, exercise: Exercise, by) -> Exercise:
    """After the window closes the commissioner opens the bids and starts evaluating."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if exercise.stage == ExerciseStage.TENDER and timezone.now() < exercise.bids_close_at:
        refuse(
            _("Bids stay sealed until the window closes at %(time)s.")
            % {"time": when(exercise.bids_close_at)}
        )
    _transition(exercise, exercise.open_bids, by=by, description="Bids opened")
    exercise.bids_opened_at = timezone.now()
    exercise.save()
    count = exercise.bids.filter(status=BidStatus.SUBMITTED).count()
    _event(exercise, actor=by, title=f"Bids opened: {count} received")
    Bid.objects.filter(exercise=exercise, status=BidStatus.DRAFT).update(updated_at=timezone.now())
    return exercise


@transaction.atomic
def _award(*, exercise: Exercise, by, winners: list[Bid]) -> Exercise:
    """Award one or more bids. Every bidder is told, with feedback, by a PDF letter; the
    standstill runs before the service can start."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    bids = list(exercise.bids.select_for_update().filter(status=BidStatus.SUBMITTED))
    if not winners:
        refuse(_("Choose at least one bid to award"), "winners")
    ids = {b.pk for b in bids}
    if any(w.pk not in ids for w in winners):
        refuse(_("Choose from the submitted bids"), "winners")
    unscored = [b for b in bids if b.score is None or not b.feedback]
    if unscored:
        refuse(
            _("Score every bid and write its feedback before the award: %(organisations)s")
            % {"organisations": ", ".join(str(b.organisation) for b in unscored)}
        )
    _transition(exercise, exercise.award, by=by, description="Awarded")
    winner_ids = {w.pk for w in winners}
    for bid in bids:
        if bid.pk in winner_ids:
            bid.mark_awarded(by=by, description="Awarded")
        else:
            bid.mark_unsuccessful(by=by, description="Not awarded")
        bid.save()
    exercise.awarded_on = timezone.localdate()
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
    from cases.commissioning.jobs import send_bid_letters

    transaction.on_commit(lambda: send_bid_letters.enqueue(exercise_id=exercise.pk))
    return exercise


@transaction.atomic
def _start_service(
    *, exercise: Exercise, by, starts_on: datetime.date, ends_on: datetime.date
) -> Exercise:
    """Once the standstill has ended the service starts, and its reviews are scheduled."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if (
        exercise.stage == ExerciseStage.AWARD
        and timezone.localdate() <= exercise.standstill_ends_on
    ):
        refuse(
            _("The standstill runs to %(date)s.")
            % {"date": date_format(exercise.standstill_ends_on, "j F Y")}
        )
    if exercise.stage == ExerciseStage.AWARD and (challenges := holding(exercise)):
        refuse(
            _(
                "The award is challenged (%(challenges)s): the service cannot start until the "
                "challenge is closed."
            )
            % {"challenges": ", ".join(challenges)}
        )
    if exercise.standstill_ends_on and starts_on <= exercise.standstill_ends_on:
        refuse(
            _("The service must start after the standstill, which ends on %(date)s")
            % {"date": date_format(exercise.standstill_ends_on, "j F Y")},
            "starts_on",
        )
    if ends_on <= starts_on:
        refuse(_("The end date must be after the start date"), "ends_on")
    longest = starts_on + relativedelta(years=exercise.term_years)
    if ends_on > longest:
        refuse(
            _("The end date must be within the %(years)s-year term, by %(date)s")
            % {"years": exercise.term_years, "date": date_format(longest, "j F Y")},
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


# Decommissioning.


def _notice_guard(exercise, day: datetime.date, *, justification: str, by) -> None:
    """The compact's notice before funding ends or falls on `day`: shorter is a departure
    to justify."""
    today = timezone.localdate()
    minimum = exercise.compact.min_notice_months
    months = relativedelta(day, today)
    given = months.years * 12 + months.months
    _guard(
        exercise,
        rule=Rule.NOTICE,
        short=day < today + relativedelta(months=minimum),
        required=f"{minimum} months' notice",
        actual=f"{given} month{'s' * (given != 1)} and {months.days} days",
        justification=justification,
        by=by,
    )


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
        refuse(_("Enter the reasons the funding is ending"), "reasons")
    if not (impact or "").strip():
        refuse(_("Enter the impact on the people who use the service"), "impact")
    today = timezone.localdate()
    if ends_on <= today:
        refuse(_("The end date must be in the future"), "ends_on")
    _transition(exercise, exercise.give_notice, by=by, description=reasons)
    _notice_guard(exercise, ends_on, justification=notice_justification, by=by)
    exercise.notice_given_on = today
    exercise.service_ends_on = ends_on
    exercise.decommission_reasons = reasons.strip()
    exercise.impact_on_users = impact.strip()
    exercise.save()
    # Reviews that would fall after the funding ends are not held.
    dropped, _counts = exercise.reviews.filter(
        completed_at__isnull=True, due_on__gt=ends_on
    ).delete()
    body = reasons.strip()
    if dropped:
        body += f"\n{dropped} review{'s' * (dropped != 1)} due after the end no longer held."
    _event(exercise, actor=by, title="Notice given", body=body)
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
def exercise_reduce_funding(
    *,
    exercise: Exercise,
    by,
    effective_on: datetime.date,
    value_after: Decimal,
    reasons: str,
    impact: str,
    notice_justification: str = "",
) -> FundingChange:
    """Written notice that the funding of a running service falls from a date, with the
    reasons and the impact on its users: the compact's notice applies as to an ending."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if exercise.stage != ExerciseStage.REVIEW:
        refuse(_("Funding can be reduced while the service runs."))
    if not (reasons or "").strip():
        refuse(_("Enter the reasons the funding is falling"), "reasons")
    if not (impact or "").strip():
        refuse(_("Enter the impact on the people who use the service"), "impact")
    today = timezone.localdate()
    if effective_on <= today:
        refuse(_("The date must be in the future"), "effective_on")
    if effective_on >= exercise.service_ends_on:
        refuse(
            _("The date must be before the funding ends on %(date)s")
            % {"date": date_format(exercise.service_ends_on, "j F Y")},
            "effective_on",
        )
    before = exercise.value_on(effective_on)  # as it would stand that day
    if value_after >= before:
        refuse(
            _("Enter a value below the £%(value)s in effect on %(date)s")
            % {"value": f"{before:,.2f}", "date": date_format(effective_on, "j F Y")},
            "value_after",
        )
    if exercise.changes.filter(effective_on__gt=effective_on).exists():
        refuse(
            _("A later reduction is already given: give this one from a date after it"),
            "effective_on",
        )
    _notice_guard(exercise, effective_on, justification=notice_justification, by=by)
    change = FundingChange.objects.create(
        exercise=exercise,
        effective_on=effective_on,
        value_before=before,
        value_after=value_after,
        reasons=reasons.strip(),
        impact=impact.strip(),
        given_on=today,
        given_by=by,
    )
    _event(
        exercise,
        actor=by,
        title=f"Notice of reduced funding from {effective_on:%-d %B %Y}",
        body=f"From £{before:,.2f} to £{value_after:,.2f}. {reasons.strip()}",
    )
    providers = Membership.objects.filter(
        organisation__bids__exercise=exercise, organisation__bids__status=BidStatus.AWARDED
    ).select_related("user")
    notify(
        to=[m.user.email for m in providers],
        template="funding_reduced",
        context={"exercise": exercise, "change": change},
    )
    return change


@transaction.atomic
def exercise_close(*, exercise: Exercise, by) -> Exercise:
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if (
        exercise.stage == ExerciseStage.DECOMMISSION
        and timezone.localdate() < exercise.service_ends_on
    ):
        refuse(
            _("The funding runs to %(date)s.")
            % {"date": date_format(exercise.service_ends_on, "j F Y")}
        )
    _transition(exercise, exercise.close, by=by, description="Closed")
    exercise.save()
    _event(exercise, actor=by, title="Closed")
    return exercise


@transaction.atomic
def _cancel(*, exercise: Exercise, by, reasons: str) -> Exercise:
    """Stop the exercise before any award, with reasons the sector sees."""
    require_commissioner(by, exercise)
    if not (reasons or "").strip():
        refuse(_("Enter the reasons the exercise is cancelled"), "reasons")
    exercise = _lock(exercise)
    _transition(exercise, exercise.cancel, by=by, description=reasons)
    exercise.cancel_reasons = reasons.strip()
    exercise.save()
    _event(exercise, actor=by, title="Cancelled", body=reasons.strip())
    alert_followers(exercise, "cancelled", detail=reasons.strip())
    bidders = Membership.objects.filter(organisation__bids__exercise=exercise).select_related(
        "user"
    )
    notify(
        to=[m.user.email for m in bidders],
        template="exercise_cancelled",
        context={"exercise": exercise},
    )
    return exercise


def exercise_procedure_start(*, exercise: Exercise) -> None:
    ExerciseFlow.start.run(exercise=exercise)


def exercise_publish_tender(*, exercise, by, **kwargs):
    return _step(
        exercise,
        [ExerciseFlow.plan, ExerciseFlow.publish_tender],
        by,
        lambda e: _publish_tender(exercise=e, by=by, **kwargs),
    )


def exercise_open_bids(*, exercise, by):
    return _step(
        exercise,
        [ExerciseFlow.open_bids],
        by,
        lambda e: _open_bids(exercise=e, by=by),
    )


def exercise_finish_evaluation(*, exercise, by):
    """The commissioner has scored every bid and written its feedback."""

    def record(e):
        require_commissioner(by, e)
        unscored = e.bids.filter(status="submitted", score__isnull=True)
        if unscored.exists():
            raise ValidationError(_("Score every submitted bid and write its feedback first."))
        return e

    return _step(exercise, [ExerciseFlow.evaluate], by, record)


def exercise_award(*, exercise, by, winners, scores=None):
    """Award the exercise to `winners`. With `scores` (bid, score, notes, feedback and,
    where the exercise has criteria, the scores on each), as
    the page and the API send them, first score those bids and close the evaluation. One
    transaction: if any part is refused, no score, step or award is kept."""
    with transaction.atomic():
        if scores is not None:
            for bid, score, notes, feedback, *parts in scores:
                bid_evaluate(
                    bid=bid,
                    by=by,
                    score=score,
                    notes=notes,
                    feedback=feedback,
                    parts=parts[0] if parts else None,
                )
            exercise_finish_evaluation(exercise=exercise, by=by)
        return _step(
            exercise,
            [ExerciseFlow.evaluate, ExerciseFlow.confirm_award],
            by,
            lambda e: _award(exercise=e, by=by, winners=winners),
        )


def exercise_start_service(*, exercise, by, starts_on, ends_on):
    return _step(
        exercise,
        [ExerciseFlow.schedule_review],
        by,
        lambda e: _start_service(exercise=e, by=by, starts_on=starts_on, ends_on=ends_on),
    )


def exercise_cancel(*, exercise, by, reasons):
    """Cancel the exercise and every step still open for it."""
    with transaction.atomic():
        exercise = _cancel(exercise=exercise, by=by, reasons=reasons)
        for process in ExerciseProcess.objects.filter(exercise=exercise, status=STATUS.NEW):
            ExerciseFlow.instance.cancel(process)
    return exercise
