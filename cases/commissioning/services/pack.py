"""The tender pack and its changes: documents (the specification, the draft agreement),
the criteria bids are scored on with their weights, and amendments to a published
opportunity (a document added, the closing date moved), each with a reason, every
organisation with a bid told."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from cases.commissioning.models import (
    Amendment,
    BidStatus,
    Criterion,
    Exercise,
    ExerciseDocument,
    ExerciseStage,
)
from cases.commissioning.rules import require_commissioner
from cases.commissioning.services._base import Rule, _event, _lock
from cases.commissioning.services.alerts import alert_followers
from cases.commissioning.services.departures import _guard
from cases.common.formats import in_english, when
from cases.common.services import refuse
from cases.common.uploads import check_upload, safe_display_name
from cases.register.models import Membership
from workflows.notifications import notify


def _lazy_text(write):
    """Text written when it is shown, in the language of the page or e-mail it is in."""
    return lazy(write, str)()


# Before the opportunity is published, and while bidding is open (as an amendment).
PACK_STAGES = (ExerciseStage.PLANNED, ExerciseStage.CONSULTATION, ExerciseStage.TENDER)


def _amend(exercise, *, by, what: str, reason: str, moved=None) -> Amendment:
    """Record a change to the published opportunity and tell every organisation that has
    a bid on it (drafts included: they are still preparing one)."""
    if not (reason or "").strip():
        refuse(_("Say why the opportunity is changed: every bidder is told"), "reason")
    amendment = Amendment.objects.create(
        exercise=exercise,
        what=what,
        reason=reason.strip(),
        made_by=by,
        closes_before=moved[0] if moved else None,
        closes_after=moved[1] if moved else None,
    )
    _event(exercise, actor=by, title=f"Opportunity amended: {what}", body=reason.strip())
    alert_followers(
        exercise,
        "amended",
        # Written in each e-mail's own language.
        detail=_lazy_text(
            lambda: (
                _("What changed: %(what)s. Why: %(reason)s")
                % {"what": what, "reason": reason.strip()}
            )
        ),
    )
    bidders = Membership.objects.filter(
        organisation__bids__exercise=exercise,
        # Withdrawn too: they may bid again while the window is open.
        organisation__bids__status__in=[BidStatus.DRAFT, BidStatus.SUBMITTED, BidStatus.WITHDRAWN],
    ).select_related("user")
    notify(
        to=[m.user.email for m in bidders],
        template="exercise_amended",
        context={"exercise": exercise, "amendment": amendment},
    )
    return amendment


@transaction.atomic
def exercise_add_document(
    *,
    exercise: Exercise,
    by,
    kind: str,
    title: str,
    upload,
    reason: str = "",
    submission_key: str = "",
) -> ExerciseDocument:
    """Add a document to the tender pack. Once the opportunity is published it is an
    amendment: give the reason, and every bidder is told. The same `submission_key`
    again (a form sent twice) returns the document it first added."""
    require_commissioner(by, exercise)
    content_type = check_upload(upload)
    exercise = _lock(exercise)
    if submission_key and (
        sent := ExerciseDocument.objects.filter(
            exercise=exercise, submission_key=submission_key
        ).first()
    ):
        return sent
    if exercise.stage not in PACK_STAGES or (
        exercise.stage == ExerciseStage.TENDER and timezone.now() >= exercise.bids_close_at
    ):
        refuse(_("Documents are added before the opportunity closes for bids."))
    if kind not in ExerciseDocument.Kind.values:
        refuse(_("Choose what the document is"), "kind")
    if not (title or "").strip():
        refuse(_("Enter the document's title"), "title")
    document = ExerciseDocument(
        exercise=exercise,
        kind=kind,
        title=" ".join(title.split()),
        original_name=safe_display_name(upload.name),
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
        submission_key=(submission_key or "")[:64],
    )
    document.file.save("upload", upload, save=False)
    try:
        document.save()
        if exercise.stage == ExerciseStage.TENDER:
            _amend(exercise, by=by, what=f"document added: {document.title}", reason=reason)
        else:
            _event(exercise, actor=by, title=f"Document added to the pack: {document.title}")
    except Exception:
        document.file.delete(save=False)  # no row, no file left behind
        raise
    return document


@transaction.atomic
def exercise_set_criteria(*, exercise: Exercise, by, criteria: list[tuple[str, int]]) -> list:
    """Say how bids will be scored, before the opportunity is published: up to eight
    criteria whose weights add up to 100. Replaces any set before."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if exercise.stage not in (ExerciseStage.PLANNED, ExerciseStage.CONSULTATION):
        refuse(_("The criteria are set before the opportunity is published."))
    criteria = [(" ".join((name or "").split()), weight) for name, weight in criteria if name]
    if not criteria:
        refuse(_("Enter at least one criterion"), "criteria")
    if len(criteria) > Criterion.MAX:
        refuse(_("Enter up to %(number)s criteria") % {"number": Criterion.MAX}, "criteria")
    if any(not weight or weight < 1 for _name, weight in criteria):
        refuse(_("Give every criterion a weight of at least 1"), "criteria")
    total = sum(weight for _name, weight in criteria)
    if total != 100:
        refuse(
            _("The weights must add up to 100; they add up to %(total)s") % {"total": total},
            "criteria",
        )
    exercise.criteria.all().delete()
    made = Criterion.objects.bulk_create(
        Criterion(exercise=exercise, name=name, weight=weight, position=n)
        for n, (name, weight) in enumerate(criteria)
    )
    _event(
        exercise,
        actor=by,
        title="How bids will be scored",
        body="; ".join(f"{name} ({weight}%)" for name, weight in criteria),
    )
    return made


@transaction.atomic
def exercise_move_closing(
    *,
    exercise: Exercise,
    by,
    bids_close_at: datetime.datetime,
    reason: str,
    bid_window_justification: str = "",
) -> Amendment:
    """Move a published opportunity's closing date, with the reason every bidder is told.
    A window made shorter than the compact allows is a departure, as when published."""
    require_commissioner(by, exercise)
    exercise = _lock(exercise)
    if exercise.stage != ExerciseStage.TENDER or timezone.now() >= exercise.bids_close_at:
        refuse(_("The closing date can be moved while the opportunity is open for bids."))
    opens = datetime.datetime.combine(
        exercise.tender_opens_on, datetime.time(), tzinfo=timezone.get_current_timezone()
    )
    if bids_close_at <= max(timezone.now(), opens):
        refuse(
            _("The new closing time must be in the future and after bidding opens"),
            "bids_close_at",
        )
    if bids_close_at == exercise.bids_close_at:
        refuse(_("Choose a different closing time"), "bids_close_at")
    compact = exercise.compact
    window = (timezone.localtime(bids_close_at).date() - exercise.tender_opens_on).days
    departure = _guard(
        exercise,
        rule=Rule.BID_WINDOW,
        # Closing sooner takes time from bidders who planned on the old date: a departure,
        # whatever the window's length, to be justified.
        short=bids_close_at < exercise.bids_close_at,
        required=f"{compact.min_bid_window_days} days to bid, and no earlier close once published",
        actual=f"{window} days, closing sooner than published",
        justification=bid_window_justification,
        by=by,
    )
    was = exercise.bids_close_at
    exercise.bids_close_at = bids_close_at
    exercise.save()
    with in_english():  # kept, and published in the open data
        what = f"bids now close {when(bids_close_at)} (was {when(was)})"
    amendment = _amend(
        exercise,
        by=by,
        what=what,
        reason=reason,
        moved=(was, bids_close_at),
    )
    if departure is not None:
        departure.amendment = amendment
        departure.save(update_fields=["amendment"])
    return amendment
