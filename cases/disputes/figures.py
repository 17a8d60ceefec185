"""A compact's disputes over a period, counted for its annual report: how many were
raised, how far they went and how they ended, how long each stage took against its
limit (paused time left out, the limit as the compact's rules stood when the stage
began), how many were resolved within the limits, and the remedies due.

Read in a few queries whatever the number of disputes: their logged stage changes
(django-fsm-log), their clocks' pauses and the compact's rules over time are each read
once. Nothing here names a person or a case: the report decides what it may show."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_fsm_log.models import StateLog

from cases.common.working_days import working_days_between
from cases.disputes.models import (
    CLOCK_PAUSED,
    CLOCK_RESTARTED,
    Dispute,
    DisputeEvent,
    DisputeOutcome,
    DisputeStage,
    Remedy,
)
from cases.register.selectors import RulesOverTime

CLOCKED = [
    DisputeStage.SUBMITTED,
    DisputeStage.INFORMAL,
    DisputeStage.MEDIATION,
    DisputeStage.ARBITRATION,
]
STAGE_WORDS = {
    DisputeStage.SUBMITTED: gettext_lazy("Triage by the Champion"),
    DisputeStage.INFORMAL: gettext_lazy("Informal resolution"),
    DisputeStage.MEDIATION: gettext_lazy("Mediation"),
    DisputeStage.ARBITRATION: gettext_lazy("Arbitration"),
}


@dataclass
class StageTime:
    stage: str
    label: str
    ended: int = 0  # stage periods that ended in the period
    within: int = 0  # of those, how many within the stage's limit
    days: list[int] = field(default_factory=list)  # working days each took

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None


@dataclass
class DisputeFigures:
    raised: int = 0
    reached: dict[str, int] = field(default_factory=dict)  # furthest stage, of those raised
    outcomes: dict[str, int] = field(default_factory=dict)  # of those closed in the period
    closed: int = 0  # closed with an outcome (not withdrawn) in the period
    resolved_quickly: int = 0  # of those, every stage within its limit
    withdrawn: int = 0
    open_at_end: int = 0
    paused: int = 0  # disputes whose clock was paused in the period
    stage_times: list[StageTime] = field(default_factory=list)
    remedies_due: int = 0
    remedies_on_time: int = 0
    remedies_late_or_not_done: int = 0


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _periods(dispute, logs) -> list[tuple[str, datetime.datetime, datetime.datetime | None]]:
    """(stage, began, ended or None) for each stage the dispute has been in, in order."""
    marks = [(dispute.created_at, DisputeStage.SUBMITTED)] + [
        (log.timestamp, log.state) for log in logs
    ]
    return [
        (stage, began, marks[n + 1][0] if n + 1 < len(marks) else None)
        for n, (began, stage) in enumerate(marks)
    ]


def _pauses(events, changes) -> list[tuple[datetime.datetime, datetime.datetime | None]]:
    """(paused, restarted or None) for each pause of the dispute's clock. A pause ends
    when the clock restarts or, without a restart, when the stage changes (a new stage
    starts its own clock; closing stops it)."""
    pauses, started = [], None

    def end_at(restarted):
        """The restart, or the first stage change after the pause began if earlier."""
        later = [change for change in changes if change > started]
        return min([*later, *([restarted] if restarted else [])], default=None)

    for event in events:
        if event.title.startswith(CLOCK_PAUSED):
            if started is not None:
                pauses.append((started, end_at(event.created_at)))
            started = event.created_at
        elif event.title.startswith(CLOCK_RESTARTED) and started is not None:
            pauses.append((started, end_at(event.created_at)))
            started = None
    if started is not None:
        pauses.append((started, end_at(None)))
    return pauses


def _working_days(began, ended, pauses, nation) -> int:
    """Working days from `began` to `ended`, less those the clock was paused."""
    days = working_days_between(timezone.localdate(began), timezone.localdate(ended), nation)
    for paused, restarted in pauses:
        start, end = max(paused, began), min(restarted or ended, ended)
        if end > start:
            days -= working_days_between(timezone.localdate(start), timezone.localdate(end), nation)
    return max(days, 0)


def dispute_figures(compact, start: datetime.date, end: datetime.date) -> DisputeFigures:
    """The compact's disputes from `start` up to (not including) `end`."""
    begin, finish = _moment(start), _moment(end)
    disputes = list(
        Dispute.objects.filter(compact=compact, created_at__lt=finish).exclude(
            closed_at__lt=begin, stage__in=[DisputeStage.CLOSED, DisputeStage.WITHDRAWN]
        )
    )
    ids = [d.pk for d in disputes]
    logs: dict[int, list] = {pk: [] for pk in ids}
    for log in StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Dispute), object_id__in=ids
    ).order_by("timestamp", "id"):
        logs[int(log.object_id)].append(log)
    events: dict[int, list] = {pk: [] for pk in ids}
    for event in DisputeEvent.objects.filter(
        dispute__in=ids, kind=DisputeEvent.Kind.CLOCK
    ).order_by("created_at", "id"):
        events[event.dispute_id].append(event)
    rules = RulesOverTime(compact)
    figures = DisputeFigures(
        stage_times=[StageTime(stage, STAGE_WORDS[stage]) for stage in CLOCKED],
        reached=dict.fromkeys(CLOCKED, 0),
        # Every outcome, even with none: a row that appears only when it has a dispute
        # would say there was one.
        outcomes={label: 0 for _, label in DisputeOutcome.choices},
    )
    times = {t.stage: t for t in figures.stage_times}
    order = {stage: n for n, stage in enumerate(CLOCKED)}
    for dispute in disputes:
        periods = _periods(dispute, logs[dispute.pk])
        pauses = _pauses(events[dispute.pk], [log.timestamp for log in logs[dispute.pk]])
        if any(p < finish and (r is None or r >= begin) for p, r in pauses):
            figures.paused += 1
        all_within = True
        for stage, began, ended in periods:
            if stage not in times or ended is None:
                continue
            limit = rules.at(began).stage_limit(stage)
            days = _working_days(began, ended, pauses, compact.nation)
            within = limit is None or days <= limit
            all_within = all_within and within
            if begin <= ended < finish:
                times[stage].ended += 1
                times[stage].within += within
                times[stage].days.append(days)
        if begin <= dispute.created_at < finish:
            figures.raised += 1
            furthest = max((stage for stage, *_ in periods if stage in order), key=order.get)
            figures.reached[furthest] += 1
        for stage, began, _ in periods:
            if not begin <= began < finish:
                continue
            if stage == DisputeStage.WITHDRAWN:
                figures.withdrawn += 1
            elif stage == DisputeStage.CLOSED:
                figures.closed += 1
                label = (
                    DisputeOutcome(dispute.outcome).label
                    if dispute.outcome
                    else gettext_lazy("Closed")
                )
                figures.outcomes[label] = figures.outcomes.get(label, 0) + 1
                figures.resolved_quickly += all_within
        at_end = [
            stage
            for stage, began, ended in periods
            if began < finish and (ended is None or ended >= finish)
        ]
        if at_end and at_end[-1] in order:
            figures.open_at_end += 1
    # Remedies due in the period, up to today: those not yet due are not late.
    until = min(end, timezone.localdate() + datetime.timedelta(days=1))
    done = (Remedy.Status.DONE, Remedy.Status.COMPLIED)
    for remedy in Remedy.objects.filter(
        dispute__compact=compact, due_on__gte=start, due_on__lt=until
    ):
        figures.remedies_due += 1
        done_on = timezone.localdate(remedy.done_at) if remedy.done_at else None
        if remedy.status in done and done_on is not None and done_on <= remedy.due_on:
            figures.remedies_on_time += 1
        else:
            figures.remedies_late_or_not_done += 1
    return figures
