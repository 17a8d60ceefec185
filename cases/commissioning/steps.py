"""Commissioning's steps, as the task engine sees them: an exercise's steps (the
commissioner's) and a departure's review (the Champion's). Both are done on the
exercise's own page, where their forms are; the engine lists them, with their clocks.
Registered by `cases/wiring.py`."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.commissioning import clocks
from cases.commissioning.flow import DepartureFlow, ExerciseFlow
from cases.commissioning.models import (
    Departure,
    DepartureProcess,
    Exercise,
    ExerciseProcess,
    ExerciseStage,
)
from cases.commissioning.rules import is_commissioner
from cases.register.models import Compact, Membership, Organisation
from workflows.registry import CaseKind, CaseLine

E = "process__exerciseprocess__exercise"
P = "process__departureprocess__departure__exercise"


def _exercise_lines(process_ids) -> dict[int, CaseLine]:
    # A commissioning step's due date is the step's own (its StepClock).
    kind, stages = _("Commissioning"), dict(ExerciseStage.choices)
    rows = ExerciseProcess.objects.filter(pk__in=process_ids).values(
        "pk",
        "exercise__reference",
        "exercise__title",
        "exercise__stage",
        "exercise__commissioner__name",
        "exercise__compact__nation",
    )
    return {
        row["pk"]: CaseLine(
            kind=kind,
            reference=row["exercise__reference"],
            url=reverse("exercise-detail", kwargs={"reference": row["exercise__reference"]}),
            parties=f"{row['exercise__title']}, {row['exercise__commissioner__name']}",
            stage=str(stages.get(row["exercise__stage"], row["exercise__stage"])),
            due_on=None,
            nation=row["exercise__compact__nation"],
        )
        for row in rows
    }


def _departure_lines(process_ids) -> dict[int, CaseLine]:
    kind, stages, rules = _("Departure"), dict(ExerciseStage.choices), dict(Departure.Rule.choices)
    e = "departure__exercise__"
    rows = DepartureProcess.objects.filter(pk__in=process_ids).values(
        "pk",
        "departure__rule",
        f"{e}reference",
        f"{e}stage",
        f"{e}commissioner__name",
        f"{e}compact__nation",
    )
    return {
        row["pk"]: CaseLine(
            kind=kind,
            reference=row[f"{e}reference"],
            url=reverse("exercise-detail", kwargs={"reference": row[f"{e}reference"]}),
            parties=f"{rules.get(row['departure__rule'], row['departure__rule'])}: "
            f"{row[f'{e}commissioner__name']}",
            stage=str(stages.get(row[f"{e}stage"], row[f"{e}stage"])),
            due_on=None,
            nation=row[f"{e}compact__nation"],
        )
        for row in rows
    }


def _commissions_for(user) -> Q:
    """An exercise's steps while the user commissions for its organisation."""
    organisations = Membership.objects.filter(user=user, role="commissioner").values("organisation")
    return Q(**{f"{E}__commissioner__in": organisations})


def _exercise_of(task):
    return ExerciseProcess.objects.select_related("exercise").get(pk=task.process_id).exercise


def _departure_of(task):
    return (
        DepartureProcess.objects.select_related("departure__exercise__compact")
        .get(pk=task.process_id)
        .departure
    )


EXERCISE = CaseKind(
    name="commissioning",
    label=gettext_lazy("Commissioning"),
    flows=(ExerciseFlow,),
    process="process__exerciseprocess",
    case_attr="exercise",
    lookups={"compact": f"{E}__compact", "reference": f"{E}__reference"},
    search=(f"{E}__title", f"{E}__commissioner__name"),
    lines=_exercise_lines,
    still_theirs=_commissions_for,
    may_see=lambda user, task: is_commissioner(user, _exercise_of(task)),
    case_url=lambda task: _exercise_of(task).get_absolute_url(),
    notices=clocks.step_send_notices,
    line_models=(
        Exercise,
        Organisation,
        Compact,
    ),
)

DEPARTURE = CaseKind(
    name="departure",
    label=gettext_lazy("Departures from the Compact"),
    flows=(DepartureFlow,),
    process="process__departureprocess",
    case_attr="departure",
    lookups={"compact": f"{P}__compact", "reference": f"{P}__reference"},
    search=(f"{P}__title",),
    lines=_departure_lines,
    # A departure's review while the user is the compact's Champion.
    still_theirs=lambda user: Q(**{f"{P}__compact__champion": user}),
    may_see=lambda user, task: _departure_of(task).exercise.compact.champion_id == user.pk,
    case_url=lambda task: _departure_of(task).exercise.get_absolute_url(),
    notices=clocks.step_send_notices,
    line_models=(
        Departure,
        Exercise,
        Organisation,
        Compact,
    ),
)
