"""Reads for commissioning: which exercises a user may see, the open opportunities, the
bids of a user's organisations, the opened and sealed bids, the tenderer's tracker, the
commitment a departure concerns, and an exercise's open steps."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from cases.commissioning.models import (
    Bid,
    BidPartner,
    BidStatus,
    Departure,
    Exercise,
    ExerciseProcess,
    ExerciseStage,
    Review,
)
from cases.common.formats import when
from cases.register.models import (
    Commitment,
    Compact,
    Membership,
    Organisation,
    Sector,
)
from workflows.models import StepEntry
from workflows.selectors import OPEN


def vcs_organisations(user):
    return Organisation.objects.filter(memberships__user=user, sector=Sector.VCS)


# The Compact's guards.


# Which code of practice each rule comes from, and words that find its commitment.
RULE_CODES = {
    Departure.Rule.CONSULTATION: "consultation",
    Departure.Rule.NO_CONSULTATION: "consultation",
    Departure.Rule.BID_WINDOW: "funding",
    Departure.Rule.TERM: "funding",
    Departure.Rule.NOTICE: "funding",
}
RULE_WORDS = {
    Departure.Rule.CONSULTATION: ("consult", "week"),
    Departure.Rule.NO_CONSULTATION: ("consult",),
    Departure.Rule.BID_WINDOW: ("bid", "time"),
    Departure.Rule.TERM: ("year", "term"),
    Departure.Rule.NOTICE: ("notice", "warning"),
}


def commitment_for(compact: Compact, rule: str) -> Commitment | None:
    """The compact's commitment a departure breaks: the best match by code and words."""
    commitments = list(compact.commitments.filter(code=RULE_CODES[rule]))
    words = RULE_WORDS[rule]  # English words, matched to the English of each commitment
    for commitment in commitments:
        text = f"{commitment.title_en_gb} {commitment.text_en_gb}".lower()
        if all(word in text for word in words):
            return commitment
    for commitment in commitments:
        text = f"{commitment.title_en_gb} {commitment.text_en_gb}".lower()
        if any(word in text for word in words):
            return commitment
    return commitments[0] if commitments else None


# Commissioning.


def exercise_visible(exercise, user) -> bool:
    """Everyone sees an exercise once it is public; while planned (or if cancelled before
    it was ever published), only its commissioning organisation and the compact's
    Champion."""
    if exercise.is_public:
        return True
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or exercise.compact.champion_id == user.pk
        or user.memberships.filter(organisation=exercise.commissioner_id).exists()
    )


def visible_exercise(user, reference: str):
    """The exercise with this reference if the user may see it, else None."""
    exercise = (
        Exercise.objects.select_related("compact", "commissioner", "created_by")
        .filter(reference=reference[:20])
        .first()
    )
    if exercise is None or not exercise_visible(exercise, user):
        return None
    return exercise


def planning_choices(user):
    """What a commissioner may plan an exercise for: their statutory organisations (where
    they are a commissioner) and the compacts those have signed."""
    organisations = Organisation.objects.filter(
        memberships__user=user,
        memberships__role=Membership.Role.COMMISSIONER,
        sector=Sector.STATUTORY,
    )
    compacts = Compact.objects.filter(signatories__organisation__in=organisations).distinct()
    return organisations, compacts


# The bids a commissioner may read once they are opened: never drafts, never withdrawn ones.
OPENED_BID_STATUSES = ["submitted", "awarded", "unsuccessful"]


def opened_bids(exercise):
    """The bids the commissioner reads after opening (none while they are sealed)."""
    if exercise.bids_are_sealed:
        return exercise.bids.none()
    return exercise.bids.filter(status__in=OPENED_BID_STATUSES).select_related("organisation")


def sealed_bid_count(exercise) -> int | None:
    """How many bids are sent and sealed: all the commissioner knows before opening."""
    if not exercise.bids_are_sealed:
        return None
    return exercise.bids.filter(status="submitted").count()


def consultations(*, compact: str = "", sort: str = "closing"):
    """Consultations open for responses today, with how many questions each asks."""
    today = timezone.localdate()
    found = (
        Exercise.objects.filter(
            stage=ExerciseStage.CONSULTATION,
            consultation_opens_on__lte=today,
            consultation_closes_on__gte=today,
        )
        .select_related("compact", "commissioner")
        .annotate(question_count=Count("questions"))
    )
    if compact:
        found = found.filter(compact__slug=compact)
    order = {
        "closing": ("consultation_closes_on", "pk"),
        "newest": ("-consultation_opens_on", "-pk"),
    }
    return found.order_by(*order.get(sort, order["closing"]))


def opportunities(*, compact: str = "", funding_type: str = "", closes_before=None, sort="closing"):
    """Open opportunities: exercises taking bids now."""
    exercises = Exercise.objects.filter(
        stage=ExerciseStage.TENDER,
        tender_opens_on__lte=timezone.localdate(),
        bids_close_at__gt=timezone.now(),
    ).select_related("compact", "commissioner")
    if compact:
        exercises = exercises.filter(compact__slug=compact)
    if funding_type:
        exercises = exercises.filter(funding_type=funding_type)
    if closes_before:
        exercises = exercises.filter(bids_close_at__date__lte=closes_before)
    order = {
        "closing": ("bids_close_at",),
        "newest": ("-tender_opens_on", "-pk"),
        "value": ("-estimated_value",),
    }
    return exercises.order_by(*order.get(sort, order["closing"]))


def bids_of(user):
    """The bids of every organisation the user belongs to, as lead or as a partner in a
    consortium: never anyone else's."""
    mine = Membership.objects.filter(user=user).values("organisation")
    return (
        Bid.objects.filter(
            Q(organisation__in=mine)
            | Q(pk__in=BidPartner.objects.filter(organisation__in=mine).values("bid"))
        )
        .select_related("exercise__compact", "exercise__commissioner", "organisation")
        .order_by("-updated_at")
    )


def leads_bid(user, bid) -> bool:
    """Is the user one of the lead organisation's people (who change the bid)?"""
    return Membership.objects.filter(user=user, organisation=bid.organisation_id).exists()


def partners_in_bid(user, bid) -> bool:
    """Is the user one of a consortium partner's people (who see the bid, not change it)?"""
    return BidPartner.objects.filter(
        bid=bid, organisation__in=Membership.objects.filter(user=user).values("organisation")
    ).exists()


def own_bid(user, pk: int):
    """The bid if one of the user's organisations leads it or is a partner in it, else
    None: another organisation's bid does not exist for them."""
    bid = (
        Bid.objects.select_related("exercise__compact", "exercise__commissioner", "organisation")
        .filter(pk=pk)
        .first()
    )
    if bid is None or not (leads_bid(user, bid) or partners_in_bid(user, bid)):
        return None
    return bid


def tracker_steps(exercise):
    """The exercise's stages as a step list: done, current or to come, each with its date."""
    dates = {
        ExerciseStage.CONSULTATION: exercise.consultation_opens_on,
        ExerciseStage.TENDER: exercise.tender_opens_on,
        ExerciseStage.EVALUATION: exercise.bids_close_at.date() if exercise.bids_close_at else None,
        ExerciseStage.AWARD: exercise.awarded_on,
        ExerciseStage.REVIEW: exercise.service_starts_on,
        ExerciseStage.DECOMMISSION: exercise.notice_given_on,
        ExerciseStage.CLOSED: exercise.service_ends_on,
    }
    order = ExerciseStage.tracker_steps()
    skipped_consultation = exercise.consultation_opens_on is None and exercise.stage not in (
        ExerciseStage.PLANNED,
        ExerciseStage.CONSULTATION,
    )
    if exercise.stage in (ExerciseStage.PLANNED,):
        current_index = -1
    elif exercise.stage == ExerciseStage.CANCELLED:
        current_index = None
    else:
        current_index = order.index(exercise.stage)
    steps = []
    for index, stage in enumerate(order):
        if stage == ExerciseStage.CONSULTATION and skipped_consultation:
            state = "skipped"
        elif current_index is None:
            state = "done" if dates[stage] else "cancelled"
        elif index < current_index:
            state = "done"
        elif index == current_index:
            state = "current" if stage != ExerciseStage.CLOSED else "done"
        else:
            state = "next"
        steps.append(
            {
                "stage": stage,
                "label": str(ExerciseStage(stage).label),
                "state": state,
                "date": dates[stage],
            }
        )
    return steps


def _day(day) -> str:
    """A date as the pages write it: "1 January 2027", in the reader's language."""
    return date_format(day, "j F Y")


def bid_next_step(bid) -> str:
    """What the tenderer must do next, and by when, in plain words."""
    exercise = bid.exercise

    closes = when(exercise.bids_close_at) if exercise.bids_close_at else ""
    window_open = bid.window_is_open()
    if exercise.stage == ExerciseStage.CANCELLED:
        return _("Nothing: the exercise was cancelled. %(reasons)s") % {
            "reasons": exercise.cancel_reasons
        }
    if bid.status == BidStatus.DRAFT:
        if window_open:
            return _("Finish your bid and submit it before bidding closes: %(time)s.") % {
                "time": closes
            }
        return _("Nothing: bidding closed before this bid was submitted.")
    if bid.status == BidStatus.WITHDRAWN:
        if window_open:
            return _("You withdrew this bid. You can submit it again before %(time)s.") % {
                "time": closes
            }
        return _("Nothing: you withdrew this bid.")
    if bid.status == BidStatus.SUBMITTED:
        if window_open:
            return _(
                "Nothing, unless you want to replace or withdraw your bid before bidding "
                "closes: %(time)s."
            ) % {"time": closes}
        return _("Wait for the result: the commissioner is evaluating the bids.")
    if bid.status == BidStatus.UNSUCCESSFUL:
        return _(
            "Read the feedback in your letter. If you think the Compact was not followed, "
            "you can raise a dispute."
        )
    if exercise.stage == ExerciseStage.AWARD:
        return _(
            "Wait for the standstill to end on %(date)s; the commissioner will then confirm "
            "when the service starts."
        ) % {"date": _day(exercise.standstill_ends_on)}
    if exercise.stage == ExerciseStage.REVIEW:
        waiting = bid.reviews.filter(completed_at__isnull=False, provider_response="").first()
        if waiting:
            return _("Read your latest review and add your response to it.")
        upcoming = bid.reviews.filter(completed_at__isnull=True).first()
        if upcoming:
            return _("Run the service. The next review is due %(date)s.") % {
                "date": _day(upcoming.due_on)
            }
        return _("Run the service.")
    if exercise.stage == ExerciseStage.DECOMMISSION:
        return _(
            "The funding ends on %(date)s. Plan with the commissioner for the people who use "
            "the service."
        ) % {"date": _day(exercise.service_ends_on)}
    return _("Nothing: the funding has ended.")


def exercise_tasks(exercise: Exercise):
    return Task.objects.filter(
        process__in=ExerciseProcess.objects.filter(exercise=exercise),
        flow_task_type="HUMAN",
        status__in=OPEN,
    ).select_related("owner")


def departure_for_dispute(pk: int) -> dict | None:
    """A published exercise's departure from the Compact, as the starting answers of a
    dispute about it (see `cases.disputes.sources`)."""
    departure = (
        Departure.objects.select_related("exercise__compact", "exercise__commissioner")
        .filter(pk=pk)
        .exclude(exercise__stage="planned")
        .first()
    )
    if departure is None:
        return None
    exercise = departure.exercise
    return {
        "compact_id": exercise.compact_id,
        "respondent_id": exercise.commissioner_id,
        "commitment_ids": [departure.commitment_id] if departure.commitment_id else [],
        "subject": f"{exercise.title}: {departure.get_rule_display().lower()}"[:120],
        "what_happened": _(
            "In %(reference)s (%(title)s), %(commissioner)s departed from the Compact: "
            "%(rule)s. The compact asks for %(required)s; the exercise gives %(actual)s. "
            "The reason given: %(justification)s"
        )
        % {
            "reference": exercise.reference,
            "title": exercise.title,
            "commissioner": exercise.commissioner,
            "rule": departure.get_rule_display().lower(),
            "required": departure.required,
            "actual": departure.actual,
            "justification": departure.justification,
        },
        "happened_on": departure.created_at.date(),
    }


def award_for_dispute(pk: int) -> dict | None:
    """An exercise's award while its standstill runs, as the starting answers of a
    challenge to it (see `cases.disputes.sources`): a dispute raised from it holds the
    contract until it is closed (`cases.commissioning.holds`)."""
    exercise = (
        Exercise.objects.select_related("compact", "commissioner")
        .filter(pk=pk, stage=ExerciseStage.AWARD)
        .first()
    )
    if exercise is None or timezone.localdate() > exercise.standstill_ends_on:
        return None
    winners = ", ".join(
        b.organisation.name
        for b in exercise.bids.filter(status=BidStatus.AWARDED).select_related("organisation")
    )
    return {
        "compact_id": exercise.compact_id,
        "respondent_id": exercise.commissioner_id,
        # Only an unsuccessful bidder challenges the award (and so holds the contract).
        "complainant_ids": list(
            exercise.bids.filter(status=BidStatus.UNSUCCESSFUL).values_list(
                "organisation_id", flat=True
            )
        ),
        "commitment_ids": list(
            exercise.compact.commitments.filter(code="funding").values_list("pk", flat=True)[:1]
        ),
        "subject": (_("Challenge to the award of %(title)s") % {"title": exercise.title})[:120],
        "what_happened": _(
            "On %(awarded_on)s %(commissioner)s awarded %(reference)s (%(title)s) to "
            "%(winners)s. The standstill runs to %(standstill_ends_on)s. We challenge the "
            "award because: "
        )
        % {
            "awarded_on": _day(exercise.awarded_on),
            "commissioner": exercise.commissioner,
            "reference": exercise.reference,
            "title": exercise.title,
            "winners": winners,
            "standstill_ends_on": _day(exercise.standstill_ends_on),
        },
        "happened_on": exercise.awarded_on,
    }


# The commissioner's own exercises.

EXERCISE_SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "reference": ("reference",),
    "title": ("title", "pk"),
}


def commissioned_by(user):
    """The statutory organisations the user commissions for."""
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__role=Membership.Role.COMMISSIONER,
        sector=Sector.STATUTORY,
    )


def commissioner_exercises(user, *, stage: str = "", compact: str = "", sort: str = "newest"):
    """Every exercise of the organisations the user commissions for, at every stage, with
    the number of bids sent (a number only: they stay sealed until opened)."""
    exercises = (
        Exercise.objects.filter(commissioner__in=commissioned_by(user).values("pk"))
        .select_related("compact", "commissioner")
        .annotate(
            sent_bids=Count("bids", filter=Q(bids__status__in=OPENED_BID_STATUSES)),
            # The next review due, read with the row (not a query a row on the page).
            next_review_on=Subquery(
                Review.objects.filter(exercise=OuterRef("pk"), completed_at__isnull=True)
                .order_by("due_on")
                .values("due_on")[:1]
            ),
        )
    )
    if stage == "open":
        exercises = exercises.exclude(stage__in=[ExerciseStage.CLOSED, ExerciseStage.CANCELLED])
    elif stage in ExerciseStage.values:
        exercises = exercises.filter(stage=stage)
    if compact:
        exercises = exercises.filter(compact__slug=compact)
    return exercises.order_by(*EXERCISE_SORTS.get(sort, EXERCISE_SORTS["newest"]))


def next_steps(exercises) -> None:
    """Give each exercise of a page its commissioner's next step in words, and the due date
    of its open step (from the task lists' entries: one query for the page)."""
    due = dict(  # the soonest open step of each, read last
        StepEntry.objects.filter(
            kind="commissioning",
            reference__in=[e.reference for e in exercises],
            status__in=OPEN,
            due_on__isnull=False,
        )
        .order_by("-due_on")
        .values_list("reference", "due_on")
    )
    for exercise in exercises:
        exercise.next_step = commissioner_next_step(exercise)
        exercise.step_due_on = due.get(exercise.reference)


def commissioner_next_step(exercise) -> str:
    """What the commissioner does next on the exercise, in a few words."""
    today = timezone.localdate()
    stage = exercise.stage
    if stage == ExerciseStage.PLANNED:
        return _("Open a consultation, or publish the opportunity")
    if stage == ExerciseStage.CONSULTATION:
        if today <= exercise.consultation_closes_on:
            return _("Consultation open until %(date)s") % {
                "date": _day(exercise.consultation_closes_on)
            }
        if not exercise.has_summary():
            return _("Publish what you heard (you said, we did)")
        return _("Publish the opportunity")
    if stage == ExerciseStage.TENDER:
        if timezone.now() < exercise.bids_close_at:
            return _("Bidding closes %(date)s") % {
                "date": _day(timezone.localtime(exercise.bids_close_at))
            }
        return _("Open the bids")
    if stage == ExerciseStage.EVALUATION:
        return _("Score the bids and make the award")
    if stage == ExerciseStage.AWARD:
        if today <= exercise.standstill_ends_on:
            return _("Standstill until %(date)s") % {"date": _day(exercise.standstill_ends_on)}
        return _("Start the service")
    if stage == ExerciseStage.REVIEW:
        due = exercise.next_review_on  # annotated by `commissioner_exercises`
        if due:
            return _("Review due %(date)s") % {"date": _day(due)}
        return _("Monitor the service")
    if stage == ExerciseStage.DECOMMISSION:
        if today < exercise.service_ends_on:
            return _("Funding ends %(date)s") % {"date": _day(exercise.service_ends_on)}
        return _("Close the exercise")
    # Translators: the stage follows, such as "Nothing: closed".
    return _("Nothing: %(stage)s") % {"stage": exercise.get_stage_display().lower()}
