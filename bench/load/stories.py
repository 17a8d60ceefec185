"""The stories of the benchmark's cases: how far each dispute, commissioning exercise
and departure got, the workflow steps that left behind and who holds each; and how the
cases spread over the stories, in a typical compact and in the busy one."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.management.base import CommandError

from bench.load.base import APPOINT, PANEL


@dataclass
class Story:
    name: str
    stage: str
    outcome: str = ""
    status: str = "DONE"  # the process's status
    steps: list = field(default_factory=list)  # (node, type, status, holder, permission)


def _clocked(node, state, holder, permission=None):
    """A people's step with its reminder and escalation timers."""
    timers = {"DONE": "CANCELED", "CANCELED": "CANCELED"}.get(state, "SCHEDULED")
    return [
        (node, "HUMAN", state, holder, permission),
        (f"{node}__timeout", "TIMER", timers, None, None),
        (f"{node}__timeout_2", "TIMER", timers, None, None),
    ]


def _gateway(node):
    return [(node, "EXCLUSIVE_GATEWAY", "DONE", None, None)]


def _end(node, kind="END"):
    return [(node, kind, "DONE", None, None)]


def dispute_stories() -> list[Story]:
    """Each dispute story, from the procedure in cases/disputes/flow.py."""
    triage = _clocked("triage", "DONE", "champion")
    informal = [*triage, *_gateway("after_triage"), *_clocked("informal", "DONE", "champion")]
    appointed = [
        *informal,
        *_gateway("after_informal"),
        *_clocked("appoint_mediator", "DONE", "claimer", APPOINT),
    ]
    complainant_ok = [
        *appointed,
        *_clocked("complainant_confirms_mediator", "DONE", "complainant"),
        *_gateway("after_complainant_confirms"),
    ]
    both_ok = [
        *complainant_ok,
        *_clocked("respondent_confirms_mediator", "DONE", "respondent"),
        *_gateway("after_respondent_confirms"),
    ]
    mediated = [*both_ok, *_clocked("mediation", "DONE", "mediator"), *_gateway("after_mediation")]
    panel = [*mediated, *_clocked("form_panel", "DONE", "claimer", PANEL)]
    stories = [
        Story(
            "submitted", "submitted", status="NEW", steps=_clocked("triage", "ASSIGNED", "champion")
        ),
        Story(
            "informal",
            "informal",
            status="NEW",
            steps=[
                *triage,
                *_gateway("after_triage"),
                *_clocked("informal", "ASSIGNED", "champion"),
            ],
        ),
        Story(
            "appoint",
            "mediation",
            status="NEW",
            steps=[
                *informal,
                *_gateway("after_informal"),
                *_clocked("appoint_mediator", "NEW", None, APPOINT),
            ],
        ),
        Story(
            "confirm_complainant",
            "mediation",
            status="NEW",
            steps=[
                *appointed,
                *_clocked("complainant_confirms_mediator", "ASSIGNED", "complainant"),
            ],
        ),
        Story(
            "confirm_respondent",
            "mediation",
            status="NEW",
            steps=[
                *complainant_ok,
                *_clocked("respondent_confirms_mediator", "ASSIGNED", "respondent"),
            ],
        ),
        Story(
            "mediation",
            "mediation",
            status="NEW",
            steps=[*both_ok, *_clocked("mediation", "ASSIGNED", "mediator")],
        ),
        Story(
            "panel",
            "arbitration",
            status="NEW",
            steps=[*mediated, *_clocked("form_panel", "NEW", None, PANEL)],
        ),
        Story(
            "arbitration",
            "arbitration",
            status="NEW",
            steps=[*panel, *_clocked("arbitration", "ASSIGNED", "panel_chair")],
        ),
        Story(
            "outside",
            "closed",
            "outside_compact",
            steps=[*triage, *_gateway("after_triage"), *_end("closed_at_triage")],
        ),
        Story(
            "resolved",
            "closed",
            "resolved_informally",
            steps=[*informal, *_gateway("after_informal"), *_end("resolved_informally")],
        ),
        Story(
            "withdrawn",
            "withdrawn",
            status="CANCELED",
            steps=[
                *triage,
                *_gateway("after_triage"),
                *_clocked("informal", "CANCELED", "champion"),
            ],
        ),
        Story(
            "agreed",
            "closed",
            "mediated_agreement",
            steps=[*mediated, *_end("mediated_agreement")],
        ),
        Story(
            "decided",
            "closed",
            "partly_upheld",
            steps=[
                *panel,
                *_clocked("arbitration", "DONE", "panel_chair"),
                *_end("send_decision_letter", "FUNCTION"),
                *_end("decided"),
            ],
        ),
    ]
    for story in stories:
        story.steps.insert(0, ("start", "START", "DONE", None, None))
    return stories


def exercise_stories() -> list[Story]:
    def step(node, state="DONE"):
        # Every step after planning has its own clock (see cases/commissioning/clocks.py).
        if node == "plan":
            return [(node, "HUMAN", state, "commissioner", None)]
        return _clocked(node, state, "commissioner")

    start = [("start", "START", "DONE", None, None)]
    planned = [*start, *step("plan"), *_gateway("after_plan")]
    opened = [*planned, *step("open_bids")]
    evaluated = [*opened, *step("evaluate"), *step("confirm_award")]
    done = [*evaluated, *step("schedule_review"), *_end("end")]
    return [
        Story("planned", "planned", status="NEW", steps=[*start, *step("plan", "ASSIGNED")]),
        Story(
            "consultation",
            "consultation",
            status="NEW",
            steps=[*planned, *step("publish_summary", "ASSIGNED")],
        ),
        Story("tender", "tender", status="NEW", steps=[*planned, *step("open_bids", "ASSIGNED")]),
        Story(
            "tender_consulted",
            "tender",
            status="NEW",
            steps=[
                *planned,
                *step("publish_summary"),
                *step("publish_tender"),
                *step("open_bids", "ASSIGNED"),
            ],
        ),
        Story(
            "evaluation",
            "evaluation",
            status="NEW",
            steps=[*opened, *step("evaluate", "ASSIGNED")],
        ),
        Story(
            "award",
            "award",
            status="NEW",
            steps=[*evaluated, *step("schedule_review", "ASSIGNED")],
        ),
        Story("review", "review", steps=done),
        Story("decommission", "decommission", steps=done),
        Story("closed", "closed", steps=done),
        Story(
            "cancelled", "cancelled", status="CANCELED", steps=[*start, *step("plan", "CANCELED")]
        ),
    ]


def departure_stories() -> list[Story]:
    start = [("start", "START", "DONE", None, None)]
    return [
        Story(
            "open", "", status="NEW", steps=[*start, *_clocked("review", "ASSIGNED", "champion")]
        ),
        Story(
            "reviewed",
            "",
            steps=[*start, *_clocked("review", "DONE", "champion"), *_end("end")],
        ),
    ]


def as_flows_have_them(stories: list[Story], flow) -> list[Story]:
    """Keep the steps the flow really has (a step without a clock has no timers), and stop
    if a story names a step the flow does not have: the flows have changed under us."""
    nodes = {node.name for node in flow.instance.nodes()}
    for story in stories:
        story.steps = [step for step in story.steps if step[0] in nodes or step[1] != "TIMER"]
        missing = {step[0] for step in story.steps} - nodes
        if missing:
            raise CommandError(f"{flow.__name__} has no steps {sorted(missing)}: update bench_load")
    return stories


# How cases spread over the stories: a typical compact, and the busy compact with a backlog.
DISPUTE_MIX = {
    "submitted": 0.015,
    "informal": 0.03,
    "appoint": 0.01,
    "confirm_complainant": 0.003,
    "confirm_respondent": 0.003,
    "mediation": 0.008,
    "panel": 0.006,
    "arbitration": 0.005,
    "outside": 0.18,
    "resolved": 0.37,
    "withdrawn": 0.09,
    "agreed": 0.14,
    "decided": 0.14,
}
# Open disputes of the busy compact (for a 1,000,000-task load; scaled with --tasks).
BUSY_OPEN = {
    "submitted": 150,
    "informal": 200,
    "appoint": 250,
    "confirm_complainant": 50,
    "confirm_respondent": 50,
    "mediation": 80,
    "panel": 150,
    "arbitration": 50,
}
BUSY_DISPUTES = 4000
BUSY_EXERCISES = 300
EXERCISE_MIX = {
    "planned": 0.03,
    "consultation": 0.03,
    "tender": 0.03,
    "tender_consulted": 0.02,
    "evaluation": 0.03,
    "award": 0.02,
    "review": 0.45,
    "decommission": 0.05,
    "closed": 0.24,
    "cancelled": 0.10,
}
EXERCISES_PER_DISPUTE = 0.4
DEPARTURES_PER_EXERCISE = 0.25  # of exercises past planning
OPEN_DEPARTURES = 0.6  # of the departures of exercises still under way: not yet reviewed


def busy_mix_for(disputes: int, scale: float) -> dict[str, float]:
    open_counts = {k: max(1, round(v * scale)) for k, v in BUSY_OPEN.items()}
    closed = {k: v for k, v in DISPUTE_MIX.items() if k not in BUSY_OPEN}
    rest = max(0, disputes - sum(open_counts.values()))
    total_closed = sum(closed.values())
    mix = {k: v / disputes for k, v in open_counts.items()}
    mix.update({k: rest * v / total_closed / disputes for k, v in closed.items()})
    return mix


def expected(stories, mix) -> float:
    steps = {s.name: len(s.steps) for s in stories}
    return sum(steps[k] * v for k, v in mix.items())
