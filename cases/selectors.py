"""Reads from the Compact register, shaped for the pages that show them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from cases.models import (
    Commitment,
    Compact,
    JointBodyMember,
    Sector,
    Signatory,
    SignupRequest,
)


def compact_list() -> QuerySet[Compact]:
    return Compact.objects.annotate(
        signatory_count=Count("signatories", distinct=True),
        commitment_count=Count("commitments", distinct=True),
    ).order_by("name")


SIGNATORY_SORTS = {
    "name": ("organisation__name",),
    "-name": ("-organisation__name",),
    "signed": ("signed_on", "organisation__name"),
    "-signed": ("-signed_on", "organisation__name"),
}


def signatory_list(
    *, compact: Compact, sector: str = "", query: str = "", sort: str = "name"
) -> QuerySet[Signatory]:
    signatories = Signatory.objects.filter(compact=compact).select_related("organisation")
    if sector in Sector.values:
        signatories = signatories.filter(organisation__sector=sector)
    if query:
        signatories = signatories.filter(organisation__name__icontains=query)
    return signatories.order_by(*SIGNATORY_SORTS.get(sort, SIGNATORY_SORTS["name"]))


def commitment_list(
    *, compact: Compact, code: str = "", undertaken_by: str = "", query: str = ""
) -> QuerySet[Commitment]:
    commitments = Commitment.objects.filter(compact=compact)
    if code:
        commitments = commitments.filter(code=code)
    if undertaken_by:
        commitments = commitments.filter(undertaken_by=undertaken_by)
    if query:
        commitments = commitments.filter(
            Q(title__icontains=query) | Q(text__icontains=query) | Q(ref__iexact=query)
        )
    return commitments


@dataclass(frozen=True)
class JointBodyBalance:
    statutory: int
    vcs: int

    @property
    def is_equal(self) -> bool:
        return self.statutory == self.vcs

    @property
    def warning(self) -> str:
        if self.is_equal:
            return ""
        more, fewer = (
            ("statutory", "voluntary and community")
            if self.statutory > self.vcs
            else ("voluntary and community", "statutory")
        )
        return (
            f"Representation is not equal: {max(self.statutory, self.vcs)} {more} sector "
            f"members and {min(self.statutory, self.vcs)} {fewer} sector members. "
            "The Compact asks for equal representation from both sectors."
        )


def joint_body_members(*, compact: Compact) -> QuerySet[JointBodyMember]:
    return compact.joint_body.select_related("user", "organisation").order_by(
        "organisation__sector", "user__last_name"
    )


def joint_body_balance(*, compact: Compact) -> JointBodyBalance:
    counts = dict(
        compact.joint_body.values_list("organisation__sector")
        .annotate(n=Count("id"))
        .values_list("organisation__sector", "n")
    )
    return JointBodyBalance(
        statutory=counts.get(Sector.STATUTORY, 0), vcs=counts.get(Sector.VCS, 0)
    )


def pending_signup_requests(*, compact: Compact) -> QuerySet[SignupRequest]:
    return compact.signup_requests.filter(status=SignupRequest.Status.PENDING).order_by(
        "created_at"
    )


def roles_for(user) -> list[str]:
    """Plain-English roles of a signed-in user, for the header and the account page."""
    if not user.is_authenticated:
        return []
    roles = [f"Champion, {c.area}" for c in Compact.objects.filter(champion=user)]
    for seat in user.joint_body_seats.select_related("compact"):
        title = "chair" if seat.is_chair else "member"
        roles.append(f"{seat.compact.joint_body_name} {title}, {seat.compact.area}")
    roles += [f"Mediator, {m.compact.area}" for m in user.mediator_for.select_related("compact")]
    for membership in user.memberships.select_related("organisation"):
        if membership.role == membership.Role.COMMISSIONER:
            roles.append(f"Commissioner, {membership.organisation}")
        elif membership.organisation.sector == Sector.VCS:
            roles.append(f"Member, {membership.organisation}")
        else:
            roles.append(f"Officer, {membership.organisation}")
    if user.is_staff and not roles:
        roles.append("Service administrator")
    return roles


# Disputes.


def disputes_visible_to(user):
    """Every dispute the user may see: as a party, as the compact's Champion or joint body
    member, or as its mediator. Built as one query, so lists page cheaply."""
    from cases.models import Dispute

    if not user.is_authenticated:
        return Dispute.objects.none()
    organisations = user.memberships.values("organisation")
    return (
        Dispute.objects.filter(
            Q(raised_by=user)
            | Q(complainant__in=organisations)
            | Q(respondent__in=organisations)
            | Q(compact__champion=user)
            | Q(compact__joint_body__user=user)
            | Q(mediator__user=user)
        )
        .distinct()
        .select_related("compact", "complainant", "respondent")
    )


DISPUTE_SORTS = {
    "newest": ("-created_at",),
    "oldest": ("created_at",),
    "due": ("due_on", "created_at"),
    "reference": ("reference",),
}


def visible_dispute(user, reference: str):
    """The dispute with this reference if the user may see it, else None: to the pages
    and the API alike a hidden dispute does not exist."""
    from cases.models import Dispute

    dispute = (
        Dispute.objects.select_related(
            "compact", "complainant", "respondent", "raised_by", "mediator__user"
        )
        .filter(reference=reference[:20])
        .first()
    )
    if dispute is None or not user.has_perm("cases.view_dispute", dispute):
        return None
    return dispute


def dispute_list(*, user, stage: str = "", compact: str = "", sort: str = "newest"):
    from cases.models import DisputeStage

    disputes = disputes_visible_to(user)
    if stage == "open":
        disputes = disputes.filter(stage__in=DisputeStage.open_stages())
    elif stage in DisputeStage.values:
        disputes = disputes.filter(stage=stage)
    if compact:
        disputes = disputes.filter(compact__slug=compact)
    return disputes.order_by(*DISPUTE_SORTS.get(sort, DISPUTE_SORTS["newest"]))


def dispute_timeline(*, dispute, user):
    """The dispute's events this user may see, oldest first."""
    events = dispute.events.select_related("actor")
    if not user.has_perm("cases.view_without_prejudice", dispute):
        events = events.filter(without_prejudice=False)
    return list(events)


def dispute_documents(*, dispute, user):
    documents = dispute.documents.select_related("uploaded_by")
    if not user.has_perm("cases.view_without_prejudice", dispute):
        documents = documents.filter(without_prejudice=False)
    return list(documents)


# Commissioning.


def exercise_visible(exercise, user) -> bool:
    """Everyone sees an exercise once it is public; while planned, only its commissioning
    organisation and the compact's Champion."""
    from cases.models import ExerciseStage

    if exercise.stage != ExerciseStage.PLANNED:
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
    from cases.models import Exercise

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
    from cases.models import Compact, Membership, Organisation

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


def opportunities(*, compact: str = "", funding_type: str = "", closes_before=None, sort="closing"):
    """Open opportunities: exercises taking bids now."""
    from django.utils import timezone

    from cases.models import Exercise, ExerciseStage

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
    """The bids of every organisation the user belongs to: never anyone else's."""
    from cases.models import Bid

    return (
        Bid.objects.filter(organisation__memberships__user=user)
        .select_related("exercise__compact", "exercise__commissioner", "organisation")
        .distinct()
        .order_by("-updated_at")
    )


def own_bid(user, pk: int):
    """The bid if it belongs to one of the user's organisations, else None: another
    organisation's bid does not exist for them."""
    from cases.models import Bid, Membership

    bid = (
        Bid.objects.select_related("exercise__compact", "exercise__commissioner", "organisation")
        .filter(pk=pk)
        .first()
    )
    if (
        bid is None
        or not Membership.objects.filter(user=user, organisation=bid.organisation).exists()
    ):
        return None
    return bid


def tracker_steps(exercise):
    """The exercise's stages as a step list: done, current or to come, each with its date."""
    from cases.models import ExerciseStage

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
                "label": ExerciseStage(stage).label,
                "state": state,
                "date": dates[stage],
            }
        )
    return steps


def bid_next_step(bid) -> str:
    """What the tenderer must do next, and by when, in plain words."""

    from cases.models import BidStatus, ExerciseStage

    exercise = bid.exercise
    from cases.formats import when

    closes = when(exercise.bids_close_at) if exercise.bids_close_at else ""
    window_open = bid.window_is_open()
    if exercise.stage == ExerciseStage.CANCELLED:
        return f"Nothing: the exercise was cancelled. {exercise.cancel_reasons}"
    if bid.status == BidStatus.DRAFT:
        if window_open:
            return f"Finish your bid and submit it before bidding closes: {closes}."
        return "Nothing: bidding closed before this bid was submitted."
    if bid.status == BidStatus.WITHDRAWN:
        if window_open:
            return f"You withdrew this bid. You can submit it again before {closes}."
        return "Nothing: you withdrew this bid."
    if bid.status == BidStatus.SUBMITTED:
        if window_open:
            return (
                "Nothing, unless you want to replace or withdraw your bid before bidding "
                f"closes: {closes}."
            )
        return "Wait for the result: the commissioner is evaluating the bids."
    if bid.status == BidStatus.UNSUCCESSFUL:
        return (
            "Read the feedback in your letter. If you think the Compact was not followed, "
            "you can raise a dispute."
        )
    if exercise.stage == ExerciseStage.AWARD:
        return (
            f"Wait for the standstill to end on {exercise.standstill_ends_on:%-d %B %Y}; the "
            "commissioner will then confirm when the service starts."
        )
    if exercise.stage == ExerciseStage.REVIEW:
        waiting = bid.reviews.filter(completed_at__isnull=False, provider_response="").first()
        if waiting:
            return "Read your latest review and add your response to it."
        upcoming = bid.reviews.filter(completed_at__isnull=True).first()
        if upcoming:
            return f"Run the service. The next review is due {upcoming.due_on:%-d %B %Y}."
        return "Run the service."
    if exercise.stage == ExerciseStage.DECOMMISSION:
        return (
            f"The funding ends on {exercise.service_ends_on:%-d %B %Y}. Plan with the "
            "commissioner for the people who use the service."
        )
    return "Nothing: the funding has ended."
