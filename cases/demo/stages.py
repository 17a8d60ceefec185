"""One driver per stage of the dispute procedure: it moves a dispute forward through the
same public services the pages and the API use, each stage from the one before. The demo
uses it to put its disputes at every stage; the tests use it to start "a dispute at
mediation" without walking the procedure themselves. A dispute driven past informal
resolution has the respondent's answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cases.disputes import services
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import DisputeOutcome, DisputeStage
from cases.disputes.selectors import eligible_panel_members, open_tasks
from cases.register.models import Sector
from workflows.services import task_claim

# The stages a dispute can be driven to, in the procedure's order.
STAGES = (
    "submitted",
    "informal",
    "mediation",  # waiting for the joint body to appoint a mediator
    "mediator_appointed",  # waiting for the parties to accept the mediator
    "mediator_accepted",  # with the mediator
    "arbitration",  # waiting for the joint body to form a panel
    "panel_formed",  # with the panel's chair
    "decided",
)


@dataclass
class Cast:
    """Who acts: the Champion, the complainant, the joint body member who takes the
    appointment from the queue, the mediator appointed, and the joint body member who
    forms the panel and chairs it. The respondent's step goes to whoever holds it."""

    champion: Any
    complainant: Any
    appointer: Any
    mediator: Any  # a Mediator of the compact's roster
    panel_chair: Any


@dataclass
class Words:
    """What each step records; the demo tells its own story, the tests keep these."""

    triage: str = "In scope"
    answer: str = (
        "The round was short because the funding had to be spent this year; every group "
        "on our list was told the day it opened."
    )
    informal: str = "The council will not reopen the round."
    mediation: str = "No agreement on reopening the round."
    outcome: str = DisputeOutcome.UPHELD
    decision: str = (
        "The panel finds the commitment was broken: ten days was too short to bid, and the "
        "council should allow at least six weeks in future."
    )


def _task(dispute, node):
    return open_tasks(dispute).get(flow_task=node)


class DisputeStages:
    """Drives a dispute to a stage: `stages.to(dispute, "mediator_accepted")`."""

    def __init__(self, cast: Cast, words: Words | None = None):
        self.cast = cast
        self.words = words or Words()

    def to(self, dispute, stage: str, *, panel=None):
        """Move `dispute` forward to `stage`, one step at a time from where it is. `panel`
        is (members, chair seat) for the panel; by default the panel chair's seat and a
        voluntary sector seat that may sit."""
        target = STAGES.index(stage)
        while (here := self._stage_of(dispute)) < target:
            getattr(self, f"_after_{STAGES[here]}")(dispute, panel=panel)
            dispute.refresh_from_db()
        return dispute

    def _stage_of(self, dispute) -> int:
        dispute.refresh_from_db()
        if dispute.stage == DisputeStage.SUBMITTED:
            return STAGES.index("submitted")
        if dispute.stage == DisputeStage.INFORMAL:
            return STAGES.index("informal")
        if dispute.stage == DisputeStage.MEDIATION:
            nodes = {t.flow_task for t in open_tasks(dispute)}
            if DisputeFlow.appoint_mediator in nodes:
                return STAGES.index("mediation")
            if DisputeFlow.mediation in nodes:
                return STAGES.index("mediator_accepted")
            return STAGES.index("mediator_appointed")
        if dispute.stage == DisputeStage.ARBITRATION:
            nodes = {t.flow_task for t in open_tasks(dispute)}
            if DisputeFlow.form_panel in nodes:
                return STAGES.index("arbitration")
            return STAGES.index("panel_formed")
        return STAGES.index("decided")

    def _after_submitted(self, dispute, **_):
        services.triage_complete(
            task=_task(dispute, DisputeFlow.triage),
            by=self.cast.champion,
            accept=True,
            text=self.words.triage,
        )

    def answer(self, dispute):
        """The respondent answers, if it has not yet: it says it kept every commitment."""
        task = open_tasks(dispute).filter(flow_task=DisputeFlow.answer).first()
        if task is not None:
            services.answer_complete(
                task=task,
                by=task.owner,
                account=self.words.answer,
                accepted=[],
                disputed=list(dispute.commitments.all()),
            )

    def _after_informal(self, dispute, **_):
        self.answer(dispute)  # before mediation, as the respondent would
        services.informal_complete(
            task=_task(dispute, DisputeFlow.informal),
            by=self.cast.champion,
            resolved=False,
            text=self.words.informal,
        )

    def _after_mediation(self, dispute, **_):
        task = task_claim(task=_task(dispute, DisputeFlow.appoint_mediator), by=self.cast.appointer)
        services.appoint_mediator_complete(
            task=task, by=self.cast.appointer, mediator=self.cast.mediator
        )

    def _after_mediator_appointed(self, dispute, **_):
        for node in (
            DisputeFlow.complainant_confirms_mediator,
            DisputeFlow.respondent_confirms_mediator,
        ):
            task = open_tasks(dispute).filter(flow_task=node).first()
            if task is not None:
                services.confirm_mediator_complete(task=task, by=task.owner, accepts=True)

    def _after_mediator_accepted(self, dispute, **_):
        services.mediation_complete(
            task=_task(dispute, DisputeFlow.mediation),
            by=self.cast.mediator.user,
            agreed=False,
            summary=self.words.mediation,
        )

    def _after_arbitration(self, dispute, *, panel=None):
        chair_user = self.cast.panel_chair
        task = task_claim(task=_task(dispute, DisputeFlow.form_panel), by=chair_user)
        if panel is None:
            seats = list(eligible_panel_members(dispute))
            chair_seat = next(s for s in seats if s.user == chair_user)
            vcs_seat = next(s for s in seats if s.organisation.sector == Sector.VCS)
            panel = ([chair_seat, vcs_seat], chair_seat)
        members, chair_seat = panel
        services.form_panel_complete(task=task, by=chair_user, members=members, chair=chair_seat)

    def _after_panel_formed(self, dispute, **_):
        services.arbitration_complete(
            task=_task(dispute, DisputeFlow.arbitration),
            by=self.cast.panel_chair,
            outcome=self.words.outcome,
            decision=self.words.decision,
        )
