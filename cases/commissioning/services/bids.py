"""Bids and clarification questions: voluntary organisations ask, save, submit, replace
and withdraw while the window is open (bids stay sealed until it closes); the
commissioner answers questions for every bidder and scores each opened bid."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from cases.commissioning.models import (
    Bid,
    BidDocument,
    BidPartner,
    BidScore,
    BidStatus,
    Clarification,
    Exercise,
    ExerciseStage,
)
from cases.commissioning.rules import _why_closed, require_commissioner, tender_is_open
from cases.commissioning.services._base import _event, _lock
from cases.common.services import refuse, require
from cases.common.uploads import check_upload, safe_display_name
from cases.register.models import Membership, Organisation, Sector
from cases.register.rules import is_member
from workflows.notifications import notify


@transaction.atomic
def clarification_ask(
    *, exercise: Exercise, by, organisation: Organisation, question: str
) -> Clarification:
    require(is_member(by, organisation), _("You can only ask for your own organisation."))
    exercise = _lock(exercise)
    if not tender_is_open(exercise):
        refuse(_("Questions can be asked only while the opportunity is open for bids."))
    if not (question or "").strip():
        refuse(_("Enter your question"), "question")
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
    if exercise.stage != ExerciseStage.TENDER:
        refuse(_("Bidders' questions are answered while the opportunity is open for bids."))
    if clarification.answered_at is not None:
        refuse(_("This question has already been answered."), "clarification")
    if not (answer or "").strip():
        refuse(_("Enter the answer"), "answer")
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
    require(is_member(by, organisation), _("You can only bid for your own organisation."))
    if organisation.sector != Sector.VCS:
        refuse(_("Bids here come from voluntary and community organisations"))
    exercise = _lock(exercise)
    if not tender_is_open(exercise):
        refuse(_why_closed(exercise))
    try:
        with transaction.atomic():
            bid, _created = Bid.objects.get_or_create(
                exercise=exercise, organisation=organisation, defaults={"created_by": by}
            )
    except IntegrityError:
        bid = Bid.objects.get(exercise=exercise, organisation=organisation)
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    if data and bid.status == BidStatus.SUBMITTED:
        refuse(
            _(
                "Your bid has been sent. To change it, send a replacement with all its details; "
                "until then the bid you sent stands."
            )
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
    require(is_member(by, bid.organisation), _("You can only submit your own organisation's bid."))
    if not can_proceed(bid.submit):
        refuse(_("The bid window has closed: the bid can no longer be sent or replaced."))
    for field in BID_FIELDS:
        if data and field in data:
            setattr(bid, field, data[field])
    errors = {}
    if not bid.proposal.strip():
        errors["proposal"] = _("Enter your proposal")
    if bid.direct_costs is None:
        errors["direct_costs"] = _("Enter the direct costs of the service")
    if bid.exercise.full_cost_recovery and bid.overheads is None:
        errors["overheads"] = _(
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
    require(
        is_member(by, bid.organisation), _("You can only withdraw your own organisation's bid.")
    )
    if not can_proceed(bid.withdraw):
        refuse(_("Only a submitted bid can be withdrawn, and only before the window closes."))
    bid.withdraw(by=by, description=reason or "Withdrawn by the bidder")
    bid.save()
    return bid


@transaction.atomic
def bid_add_document(*, bid: Bid, by, upload) -> BidDocument:
    require(is_member(by, bid.organisation), _("You can only add documents to your own bid."))
    content_type = check_upload(upload)
    bid = Bid.objects.select_for_update().select_related("exercise").get(pk=bid.pk)
    if not bid.window_is_open():
        refuse(_("The bid window has closed."))
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


@transaction.atomic
def bid_evaluate(
    *, bid: Bid, by, score: int | None, notes: str, feedback: str, parts: dict | None = None
) -> Bid:
    """Score a submitted bid and write its feedback. Where the exercise has criteria the
    bid is scored on each (`parts`: criterion id -> 0 to 100) and its score is their
    weighted sum, whatever `score` says."""
    bid = Bid.objects.select_for_update().select_related("exercise").get(pk=bid.pk)
    require_commissioner(by, bid.exercise)
    if bid.exercise.stage != ExerciseStage.EVALUATION or bid.status != BidStatus.SUBMITTED:
        refuse(_("Only submitted bids are scored, during evaluation."))
    criteria = list(bid.exercise.criteria.all())
    if criteria:
        parts = parts or {}
        if any(
            not 0 <= (parts.get(c.pk) if parts.get(c.pk) is not None else -1) <= 100
            for c in criteria
        ):
            refuse(_("Score the bid from 0 to 100 on every criterion"), "score")
        # Their weighted sum, a half rounded up (Python's round() would take 70.5 down).
        score = int(
            (Decimal(sum(parts[c.pk] * c.weight for c in criteria)) / 100).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
        )
        BidScore.objects.filter(bid=bid).delete()
        BidScore.objects.bulk_create(
            BidScore(bid=bid, criterion=c, score=parts[c.pk]) for c in criteria
        )
    if score is None or not 0 <= score <= 100:
        refuse(_("Enter a score from 0 to 100"), "score")
    if not (feedback or "").strip():
        refuse(_("Enter the feedback the bidder will receive"), "feedback")
    bid.score = score
    bid.evaluation_notes = (notes or "").strip()
    bid.feedback = feedback.strip()
    bid.save()
    return bid


@transaction.atomic
def bid_add_partner(*, bid: Bid, by, organisation) -> BidPartner:
    """The lead names a partner in a consortium bid while bidding is open: another
    voluntary organisation that has signed the compact. Its people then see the bid."""
    require(is_member(by, bid.organisation), _("Only the lead organisation names its partners."))
    bid = Bid.objects.select_for_update().select_related("exercise__compact").get(pk=bid.pk)
    if not bid.window_is_open():
        refuse(_("Partners are named while bidding is open."))
    if organisation.pk == bid.organisation_id:
        refuse(_("Choose another organisation than the lead"), "organisation")
    if (
        organisation.sector != Sector.VCS
        or not organisation.signatures.filter(
            compact=bid.exercise.compact, left_on__isnull=True
        ).exists()
    ):
        refuse(
            _("A partner is a voluntary organisation that has signed %(compact)s")
            % {"compact": bid.exercise.compact},
            "organisation",
        )
    partner, created = BidPartner.objects.get_or_create(
        bid=bid, organisation=organisation, defaults={"added_by": by}
    )
    if not created:
        refuse(
            _("%(organisation)s is already a partner in this bid") % {"organisation": organisation},
            "organisation",
        )
    bid.save(update_fields=["updated_at"])
    notify(
        to=[
            m.user.email
            for m in Membership.objects.filter(organisation=organisation).select_related("user")
        ],
        template="bid_partner_added",
        context={"bid": bid, "exercise": bid.exercise, "partner": organisation},
    )
    return partner


@transaction.atomic
def bid_remove_partner(*, bid: Bid, by, organisation) -> None:
    require(is_member(by, bid.organisation), _("Only the lead organisation names its partners."))
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    if not bid.window_is_open():
        refuse(_("Partners are changed while bidding is open."))
    bid.partners.filter(organisation=organisation).delete()
    bid.save(update_fields=["updated_at"])
