"""Departures from the Compact: the guard that refuses a shorter time than the compact
allows unless the commissioner records why (the departure), and the Champion's review."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from cases.commissioning.flow import DepartureFlow
from cases.commissioning.models import (
    Departure,
    DepartureProcess,
)
from cases.commissioning.selectors import commitment_for
from cases.commissioning.services._base import Rule, _event
from cases.common.formats import in_english
from cases.common.services import refuse, require
from workflows.notifications import notify
from workflows.selectors import OPEN
from workflows.services import complete_task


def _guard(exercise, *, rule, short: bool, required: str, actual: str, justification, by):
    """Refuse a step that breaks a rule, unless a justification is recorded; then record
    the departure, for the sector to see and the Champion to review."""
    if not short:
        return None
    justification = (justification or "").strip()
    if not justification:
        field = {
            Rule.CONSULTATION: "consultation_justification",
            Rule.NO_CONSULTATION: "consultation_justification",
            Rule.BID_WINDOW: "bid_window_justification",
            Rule.TERM: "term_justification",
            Rule.NOTICE: "notice_justification",
        }[rule]
        refuse(
            _(
                "%(rule)s: the compact asks for %(required)s and this gives %(actual)s. "
                "Change it, or record why the exercise must depart from the Compact."
            )
            % {"rule": Rule(rule).label, "required": required, "actual": actual},
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
    with in_english():  # the exercise's history
        _event(
            exercise,
            actor=by,
            title=f"Departure from the Compact: {departure.get_rule_display().lower()}",
            body=f"The compact asks for {required}; this gives {actual}. Why: {justification}",
        )
    pass

    departure_review_start(departure=departure)
    if exercise.compact.champion and exercise.compact.champion.email:
        notify(
            to=[exercise.compact.champion.email],
            template="departure_recorded",
            context={"departure": departure, "exercise": exercise, "compact": exercise.compact},
        )
    return departure


@transaction.atomic
def _review_departure(*, departure: Departure, by, notes: str) -> Departure:
    """The Champion reviews a departure from the Compact and notes what follows."""
    departure = (
        Departure.objects.select_for_update()
        .select_related("exercise__compact")
        .get(pk=departure.pk)
    )
    require(
        departure.exercise.compact.champion_id == by.pk,
        _("Only the compact's Champion reviews departures."),
    )
    if departure.reviewed_at:
        refuse(_("This departure has already been reviewed."))
    if not (notes or "").strip():
        refuse(_("Enter your review notes"), "notes")
    departure.reviewed_by = by
    departure.review_notes = notes.strip()
    departure.reviewed_at = timezone.now()
    departure.save()
    return departure


def departure_review_start(*, departure: Departure) -> None:
    DepartureFlow.start.run(departure=departure)


def departure_review(*, departure, by, notes):
    task = (
        Task.objects.filter(
            process__in=DepartureProcess.objects.filter(departure=departure),
            flow_task_type="HUMAN",
            status__in=OPEN,
        )
        .select_related("owner")
        .first()
    )
    if task is None:
        return _review_departure(departure=departure, by=by, notes=notes)
    result = {}

    def keep(case):
        result["value"] = _review_departure(departure=case, by=by, notes=notes)

    # Whoever is the Champion now may review it (the service checks), not only whoever was
    # Champion when the departure was recorded.
    complete_task(task, by, [DepartureFlow.review], keep, holder=False)
    return result["value"]
