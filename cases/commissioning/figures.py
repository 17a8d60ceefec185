"""A compact's commissioning over a period, for its annual report: the consultations that
closed and how long each ran against the minimum, the notices given (of an end or a
reduction in funding) against the minimum, and the departures from the Compact recorded.
Only public exercises count; each line links to its exercise's public page. The minimum
is the compact's rule as it stood when the consultation opened or the notice was given."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.commissioning.models import Departure, Exercise, FundingChange
from cases.register.selectors import RulesOverTime


@dataclass
class ConsultationLine:
    reference: str
    title: str
    url: str
    opens_on: datetime.date
    closes_on: datetime.date
    weeks: float
    minimum: int

    @property
    def short(self) -> bool:
        return self.weeks < self.minimum


@dataclass
class NoticeLine:
    reference: str
    title: str
    url: str
    kind: str  # "Ending" or "Reduction"
    given_on: datetime.date
    takes_effect_on: datetime.date
    months: float
    minimum: int

    @property
    def short(self) -> bool:
        return self.months < self.minimum


@dataclass
class DepartureLine:
    pk: int
    reference: str
    title: str
    url: str
    rule: str
    rule_label: str
    recorded_on: datetime.date


@dataclass
class CommissioningFigures:
    consultations: list[ConsultationLine] = field(default_factory=list)
    notices: list[NoticeLine] = field(default_factory=list)
    departures: list[DepartureLine] = field(default_factory=list)


def _months(start: datetime.date, end: datetime.date) -> float:
    """Whole and part months from `start` to `end` (3 months and 15 days: 3.5)."""
    delta = relativedelta(end, start)
    months = delta.years * 12 + delta.months
    return round(months + delta.days / 30, 1)


def commissioning_figures(compact, start: datetime.date, end: datetime.date):
    rules = RulesOverTime(compact)
    figures = CommissioningFigures()
    public = Exercise.objects.filter(Exercise.published_q(), compact=compact)
    for exercise in public.filter(
        consultation_closes_on__gte=start,
        consultation_closes_on__lt=end,
        consultation_opens_on__isnull=False,
    ).order_by("consultation_closes_on", "pk"):
        figures.consultations.append(
            ConsultationLine(
                reference=exercise.reference,
                title=exercise.title,
                url=exercise.get_absolute_url(),
                opens_on=exercise.consultation_opens_on,
                closes_on=exercise.consultation_closes_on,
                weeks=round(
                    (exercise.consultation_closes_on - exercise.consultation_opens_on).days / 7,
                    1,
                ),
                minimum=rules.at(exercise.consultation_opens_on).min_consultation_weeks,
            )
        )
    for exercise in public.filter(
        notice_given_on__gte=start, notice_given_on__lt=end, service_ends_on__isnull=False
    ):
        figures.notices.append(
            NoticeLine(
                reference=exercise.reference,
                title=exercise.title,
                url=exercise.get_absolute_url(),
                kind=_("Ending"),
                given_on=exercise.notice_given_on,
                takes_effect_on=exercise.service_ends_on,
                months=_months(exercise.notice_given_on, exercise.service_ends_on),
                minimum=rules.at(exercise.notice_given_on).min_notice_months,
            )
        )
    for change in FundingChange.objects.filter(
        exercise__in=public, given_on__gte=start, given_on__lt=end
    ).select_related("exercise"):
        figures.notices.append(
            NoticeLine(
                reference=change.exercise.reference,
                title=change.exercise.title,
                url=change.exercise.get_absolute_url(),
                kind=_("Reduction"),
                given_on=change.given_on,
                takes_effect_on=change.effective_on,
                months=_months(change.given_on, change.effective_on),
                minimum=rules.at(change.given_on).min_notice_months,
            )
        )
    figures.notices.sort(key=lambda line: (line.given_on, line.reference))
    begin = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    finish = timezone.make_aware(datetime.datetime.combine(end, datetime.time.min))
    for departure in (
        Departure.objects.filter(exercise__in=public, created_at__gte=begin, created_at__lt=finish)
        .select_related("exercise")
        .order_by("created_at", "pk")
    ):
        figures.departures.append(
            DepartureLine(
                pk=departure.pk,
                reference=departure.exercise.reference,
                title=departure.exercise.title,
                url=departure.exercise.get_absolute_url() + "#departures",
                rule=departure.rule,
                rule_label=departure.get_rule_display(),
                recorded_on=timezone.localdate(departure.created_at),
            )
        )
    return figures
