"""The running service's reviews: how often (proportionate to its value), the
commissioner's rating and the provider's answer."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.commissioning.models import (
    ExerciseStage,
    Review,
)
from cases.commissioning.rules import require_commissioner
from cases.commissioning.services._base import _event
from cases.common.formats import in_english
from cases.common.services import refuse, require
from cases.register.rules import is_member

REVIEW_INTERVAL_MONTHS = ((Decimal(50_000), 12), (Decimal(250_000), 6))


def review_interval_months(value: Decimal) -> int:
    """Proportionate monitoring: yearly under £50,000, six-monthly under £250,000,
    quarterly above."""
    for limit, months in REVIEW_INTERVAL_MONTHS:
        if value < limit:
            return months
    return 3


@transaction.atomic
def review_complete(*, review: Review, by, rating: str, notes: str) -> Review:
    review = (
        Review.objects.select_for_update()
        .select_related("exercise", "bid__organisation")
        .get(pk=review.pk)
    )
    require_commissioner(by, review.exercise)
    if review.exercise.stage not in (ExerciseStage.REVIEW, ExerciseStage.DECOMMISSION):
        refuse(_("Reviews are recorded while the service runs."))
    if review.completed_at is not None:
        refuse(_("This review has already been recorded."), "review")
    if rating not in Review.Rating.values:
        refuse(_("Choose a rating"), "rating")
    review.rating = rating
    review.notes = (notes or "").strip()
    review.completed_at = timezone.now()
    review.completed_by = by
    review.save()
    with in_english():  # the exercise's history
        _event(
            review.exercise,
            actor=by,
            title=f"Review of {review.bid.organisation}: {review.get_rating_display()}",
        )
    return review


@transaction.atomic
def review_respond(*, review: Review, by, response: str) -> Review:
    review = Review.objects.select_for_update().select_related("bid").get(pk=review.pk)
    require(is_member(by, review.bid.organisation), _("Only the provider can answer its review."))
    if review.completed_at is None:
        refuse(_("The review has not been written yet."))
    if not (response or "").strip():
        refuse(_("Enter your response"), "response")
    review.provider_response = response.strip()
    review.save()
    return review
