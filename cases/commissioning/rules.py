"""Who may do what in commissioning: the organisation's commissioners move an exercise, and
a bid window is open only between its dates."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from cases.commissioning.models import (
    Exercise,
    ExerciseStage,
)
from cases.common.services import require
from cases.register.models import Membership

# Who is who.


def is_commissioner(user, exercise: Exercise) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(
            user=user, organisation=exercise.commissioner_id, role=Membership.Role.COMMISSIONER
        ).exists()
    )


def require_commissioner(user, exercise):
    require(is_commissioner(user, exercise), _("Only the commissioning organisation can do this."))


def _why_closed(exercise) -> str:
    if exercise.stage == ExerciseStage.TENDER and exercise.tender_opens_on > timezone.localdate():
        return _("This opportunity is not open for bids yet: bidding opens on %(date)s.") % {
            "date": date_format(exercise.tender_opens_on, "j F Y")
        }
    if exercise.stage == ExerciseStage.TENDER:
        return _("The bid window has closed: bids can no longer be started or changed.")
    return _("This opportunity is not open for bids.")


def skips_consultation(exercise) -> bool:
    """Publishing this exercise now would skip the consultation its compact expects: it is
    still being planned, and the compact expects one before every opportunity."""
    return exercise.stage == ExerciseStage.PLANNED and exercise.compact.consultation_expected


def tender_is_open(exercise):
    return (
        exercise.stage == ExerciseStage.TENDER
        and exercise.tender_opens_on is not None
        and exercise.tender_opens_on <= timezone.localdate()
        and exercise.bids_close_at is not None
        and timezone.now() < exercise.bids_close_at
    )
