"""A compact's annual report: its year (April to March, the public sector's financial
year) counted from the records the services keep, for the public.

- Signatories who joined, renewed and left; impact assessments; the action plan; the
  consultations, notices and departures of its commissioning: all public records, each
  figure listing and linking to them.
- Disputes and remedies are confidential: only numbers are shown, each rounded to the
  nearest 5 and below 5 (0 included) given as "fewer than 5"; shares (to the nearest
  10%) and medians only over 10 or more (`Count`). Rounded independently, no figure nor
  sum nor difference of figures gives one case away. No figure names a person or a case.

`report_for(compact, year)` makes it; `figures()` flattens it into rows for the CSV and
JSON, which the data package (`datapackage()`) describes. The pages are in the reader's
language; the open data is in English (`open_data()`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.commissioning.figures import CommissioningFigures, commissioning_figures
from cases.common.formats import in_english
from cases.disputes.figures import DisputeFigures, dispute_figures
from cases.disputes.models import Dispute
from cases.register.models import Compact, SignatoryChange
from cases.year.models import CLOSED_STATUSES, ActionStatus, ImpactAssessment

FEWER_THAN = 5  # counts of confidential cases below this read "fewer than 5"
SHARE_FROM = 10  # shares and medians of confidential cases only over this many
MEDIAN_FROM = SHARE_FROM
YEAR_STARTS = (4, 1)  # the financial year: 1 April to 31 March


def year_of(day: datetime.date) -> int:
    """The report year a day falls in, by the year it starts: 2026 is April 2026 to
    March 2027."""
    return day.year if (day.month, day.day) >= YEAR_STARTS else day.year - 1


def years_of(compact) -> list[int]:
    """The report years a compact has, newest first: from the year it was recorded here
    to the year in progress."""
    first = year_of(timezone.localdate(compact.created_at))
    return list(range(year_of(timezone.localdate()), first - 1, -1))


def bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, *YEAR_STARTS), datetime.date(year + 1, *YEAR_STARTS)


def year_words(year: int) -> str:
    # Translators: from one year (or date) to another, like "2026 to 2027".
    return _("%(start)s to %(end)s") % {"start": year, "end": year + 1}


def rounded(value: int) -> int:
    """To the nearest 5 (12 is 10, 13 is 15)."""
    return 5 * round(value / 5)


@dataclass
class Count:
    """A count as the report may show it. A count of confidential cases (disputes,
    remedies) is shown rounded to the nearest 5, and below 5 (0 included) as "fewer than
    5", so no figure, nor any sum or difference of figures, gives one case away."""

    value: int
    confidential: bool = False

    @property
    def suppressed(self) -> bool:
        return self.confidential and self.value < FEWER_THAN

    @property
    def shown(self) -> int | None:
        if self.suppressed:
            return None
        return rounded(self.value) if self.confidential else self.value

    def __str__(self):
        if self.suppressed:
            return _("fewer than %(number)s") % {"number": FEWER_THAN}
        return str(self.shown)


def _breakdown(counts: dict[str, int], *, confidential: bool) -> dict[str, Count]:
    return {key: Count(value, confidential) for key, value in counts.items()}


def _share(part: Count, whole: Count) -> str:
    """A share, to the nearest 10% over confidential cases, and only over 10 or more."""
    if whole.confidential and whole.value < SHARE_FROM:
        return _("too few to show")  # none included: "none" would say there were none
    if not whole.value:
        return _("none to count")
    share = 100 * part.value / whole.value
    return f"{round(share, -1) if whole.confidential else round(share):.0f}%"


@dataclass
class StageRow:
    label: str
    limit: int | None
    ended: Count
    within: Count
    median_days: float | None

    @property
    def share(self) -> str:
        return _share(self.within, self.ended)


@dataclass
class Report:
    compact: Compact
    year: int
    start: datetime.date
    end: datetime.date
    to_date: datetime.date  # the last day counted (today, for the year in progress)
    in_progress: bool
    joined: list = field(default_factory=list)
    renewed: list = field(default_factory=list)
    left: list = field(default_factory=list)
    disputes: dict = field(default_factory=dict)
    stages: list[StageRow] = field(default_factory=list)
    commissioning: CommissioningFigures | None = None
    departures_disputed: Count | None = None
    departures_by_rule: dict[str, int] = field(default_factory=dict)
    assessments: list = field(default_factory=list)
    assessments_reviewed: int = 0
    actions: dict[str, int] = field(default_factory=dict)
    actions_due: list = field(default_factory=list)
    actions_done_on_time: int = 0
    actions_done_late: int = 0
    actions_late: int = 0

    @property
    def words(self) -> str:
        return year_words(self.year)

    @property
    def quickly(self) -> str:
        return _share(self.disputes["resolved_quickly"], self.disputes["closed"])

    @property
    def remedies_share(self) -> str:
        return _share(self.disputes["remedies_on_time"], self.disputes["remedies_due"])

    @property
    def consultations_short(self) -> int:
        return sum(line.short for line in self.commissioning.consultations)

    @property
    def notices_short(self) -> int:
        return sum(line.short for line in self.commissioning.notices)

    def url(self, name: str = "") -> str:
        base = reverse("annual-report", kwargs={"slug": self.compact.slug, "year": self.year})
        return base + name


def report_for(compact: Compact, year: int) -> Report:
    start, end = bounds(year)
    today = timezone.localdate()
    in_progress = start <= today < end
    report = Report(
        compact=compact,
        year=year,
        start=start,
        end=end,
        to_date=today if in_progress else end - datetime.timedelta(days=1),
        in_progress=in_progress,
    )
    changes = SignatoryChange.objects.filter(
        signatory__compact=compact, on__gte=start, on__lt=end
    ).select_related("signatory__organisation")
    for change in changes.order_by("on", "pk"):
        getattr(report, change.kind).append(change)
    _disputes(report, dispute_figures(compact, start, end))
    report.commissioning = commissioning_figures(compact, start, end)
    departure_ids = [line.pk for line in report.commissioning.departures]
    disputed = (
        Dispute.objects.filter(source="departure", source_pk__in=departure_ids)
        .values("source_pk")
        .distinct()
        .count()
    )
    report.departures_disputed = Count(disputed, confidential=True)
    for line in report.commissioning.departures:
        report.departures_by_rule[line.rule_label] = (
            report.departures_by_rule.get(line.rule_label, 0) + 1
        )
    begin = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    finish = timezone.make_aware(datetime.datetime.combine(end, datetime.time.min))
    report.assessments = list(
        ImpactAssessment.objects.filter(
            compact=compact, created_at__gte=begin, created_at__lt=finish
        ).select_related("organisation")
    )
    report.assessments_reviewed = sum(1 for a in report.assessments if a.reviewed_at)
    _actions(report)
    return report


def _disputes(report: Report, figures: DisputeFigures) -> None:
    limits = {
        "submitted": report.compact.triage_days,
        "informal": report.compact.informal_stage_days,
        "mediation": report.compact.mediation_stage_days,
        "arbitration": report.compact.arbitration_stage_days,
    }
    report.disputes = {
        "raised": Count(figures.raised, confidential=True),
        "reached": _breakdown(
            {label: figures.reached[stage] for stage, label in _STAGE_LABELS.items()},
            confidential=True,
        ),
        "outcomes": _breakdown(figures.outcomes, confidential=True),
        "closed": Count(figures.closed, confidential=True),
        "resolved_quickly": Count(figures.resolved_quickly, confidential=True),
        "withdrawn": Count(figures.withdrawn, confidential=True),
        "open_at_end": Count(figures.open_at_end, confidential=True),
        "paused": Count(figures.paused, confidential=True),
        "remedies_due": Count(figures.remedies_due, confidential=True),
        "remedies_on_time": Count(figures.remedies_on_time, confidential=True),
        "remedies_late": Count(figures.remedies_late_or_not_done, confidential=True),
    }
    for time in figures.stage_times:
        report.stages.append(
            StageRow(
                label=time.label,
                limit=limits[time.stage],
                ended=Count(time.ended, confidential=True),
                within=Count(time.within, confidential=True),
                median_days=time.median_days,
            )
        )
    for row in report.stages:
        # A median of few stages would be one case's own time.
        if row.ended.value < MEDIAN_FROM:
            row.median_days = None
        elif row.median_days is not None:
            row.median_days = round(row.median_days)


_STAGE_LABELS = {
    "submitted": gettext_lazy("Triage only"),
    "informal": gettext_lazy("Informal resolution"),
    "mediation": gettext_lazy("Mediation"),
    "arbitration": gettext_lazy("Arbitration"),
}


def _actions(report: Report) -> None:
    actions = list(report.compact.action_plan.all())
    report.actions = {
        label: sum(1 for a in actions if a.status == status)
        for status, label in ActionStatus.choices
    }
    report.actions_due = [
        a for a in actions if a.target_date and report.start <= a.target_date < report.end
    ]
    report.actions_due.sort(key=lambda a: (a.target_date, a.pk))
    for action in report.actions_due:
        if action.status == ActionStatus.DONE and action.closed_on <= action.target_date:
            report.actions_done_on_time += 1
        elif action.status == ActionStatus.DONE:
            report.actions_done_late += 1
        elif action.status not in CLOSED_STATUSES and action.target_date < report.to_date:
            report.actions_late += 1


# The open data: one row a figure.

FIELDS = [
    {"name": "compact", "type": "string", "description": "The compact's short name (slug)"},
    {"name": "year", "type": "string", "description": "The report year, April to March"},
    {"name": "section", "type": "string", "description": "The part of the report"},
    {"name": "measure", "type": "string", "description": "What is counted"},
    {"name": "breakdown", "type": "string", "description": "Which part of it, if any"},
    {
        "name": "value",
        "type": "number",
        "description": "The figure; empty when it is not shown. Counts of disputes and "
        "remedies are rounded to the nearest 5",
    },
    {
        "name": "suppressed",
        "type": "boolean",
        "description": "True when the figure is not shown to protect people in "
        "confidential cases: a count of disputes or remedies below 5, or a median over "
        "fewer than 10 stages",
    },
    {"name": "unit", "type": "string", "description": "count, working days, weeks or months"},
]


def open_data(compact: Compact, year: int) -> tuple[Report, list[dict]]:
    """The report and its figures as open data: in English, whatever the reader's language,
    so the rows (and a review's snapshot of them) read the same for everyone."""
    with in_english():
        found = report_for(compact, year)
        return found, figures(found)


def figures(report: Report) -> list[dict]:
    """Every figure of the report as a row of the open data (English words: made by
    `open_data`)."""
    rows = []

    def add(section, measure, value, *, breakdown="", unit="count", suppressed=False):
        rows.append(
            {
                "compact": report.compact.slug,
                "year": str(report.words),
                "section": section,
                "measure": measure,
                "breakdown": str(breakdown),
                "value": None if suppressed else value,
                "suppressed": suppressed,
                "unit": unit,
            }
        )

    def count(section, measure, item: Count, breakdown=""):
        add(section, measure, item.shown, breakdown=breakdown, suppressed=item.suppressed)

    for kind in ("joined", "renewed", "left"):
        add("Signatories", f"Signatories who {kind}", len(getattr(report, kind)))
    d = report.disputes
    count("Disputes", "Disputes raised", d["raised"])
    for label, item in d["reached"].items():
        count("Disputes", "Furthest stage reached, of those raised", item, label)
    for label, item in d["outcomes"].items():
        count("Disputes", "Disputes closed, by outcome", item, label)
    count("Disputes", "Disputes closed with an outcome", d["closed"])
    count("Disputes", "Closed with every stage within its time limit", d["resolved_quickly"])
    count("Disputes", "Disputes withdrawn", d["withdrawn"])
    count("Disputes", "Disputes open at the end of the period", d["open_at_end"])
    count("Disputes", "Disputes whose clock was paused", d["paused"])
    for row in report.stages:
        count("Disputes", "Stages finished", row.ended, row.label)
        count("Disputes", "Stages finished within their limit", row.within, row.label)
        add(
            "Disputes",
            "Median time in the stage",
            row.median_days,
            breakdown=row.label,
            unit="working days",
            suppressed=row.median_days is None and row.ended.value > 0,
        )
    count("Remedies", "Remedies due", d["remedies_due"])
    count("Remedies", "Remedies done by their due date", d["remedies_on_time"])
    count("Remedies", "Remedies late or not done", d["remedies_late"])
    c = report.commissioning
    add("Consultations", "Consultations closed", len(c.consultations))
    add("Consultations", "Shorter than the compact's minimum", report.consultations_short)
    for line in c.consultations:
        add("Consultations", "Length", line.weeks, breakdown=line.reference, unit="weeks")
    add("Notice", "Notices of an end or a reduction in funding", len(c.notices))
    add("Notice", "Shorter than the compact's minimum", report.notices_short)
    for line in c.notices:
        add("Notice", "Notice given", line.months, breakdown=line.reference, unit="months")
    add("Departures", "Departures from the Compact recorded", len(c.departures))
    for label, value in report.departures_by_rule.items():
        add("Departures", "Departures, by rule", value, breakdown=label)
    count("Departures", "Departures raised as a dispute", report.departures_disputed)
    add("Impact assessments", "Impact assessments recorded", len(report.assessments))
    add("Impact assessments", "Reviewed by the Champion", report.assessments_reviewed)
    for label, value in report.actions.items():
        add("Action plan", "Actions, by status now", value, breakdown=label)
    add("Action plan", "Actions due in the period", len(report.actions_due))
    add("Action plan", "Done by their target date", report.actions_done_on_time)
    add("Action plan", "Done after their target date", report.actions_done_late)
    add("Action plan", "Open and past their target date", report.actions_late)
    return rows


def datapackage(report: Report, *, base: str) -> dict:
    """The figures described as a Frictionless data package: one table schema for the
    CSV and the JSON. `base` is the report's address, for the resources' paths."""
    schema = {"fields": FIELDS, "missingValues": [""]}
    with in_english():  # open data, in English
        title = f"{report.compact.name}: annual report, {report.words}"
    return {
        "profile": "tabular-data-package",
        "name": f"{report.compact.slug}-annual-report-{report.year}",
        "title": title,
        "description": (
            "Every figure of the compact's annual report, one row each. Counts of "
            "disputes and remedies are rounded to the nearest 5, and below 5 are not "
            "given (value empty, suppressed true)."
        ),
        "licenses": [
            {
                "name": "OGL-UK-3.0",
                "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
                "title": "Open Government Licence v3.0",
            }
        ],
        "resources": [
            {
                "name": "figures-csv",
                "path": f"{base}figures.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            },
            {
                "name": "figures-json",
                "path": f"{base}figures.json",
                "profile": "tabular-data-resource",
                "format": "json",
                "mediatype": "application/json",
                "schema": schema,
            },
        ],
    }


def headline_panel(compact: Compact) -> tuple[str, dict]:
    """The compact page's headline measures for the year so far."""
    found = report_for(compact, year_of(timezone.localdate()))
    return "year/headline.html", {"report": found}
