"""The task lists' read model (`StepEntry`) stays in step with viewflow's tasks through a
dispute's whole life, and a rebuild from scratch gives the same rows."""

import pytest
from viewflow.workflow.models import Task

from cases.demo.stages import STAGES
from tests.factories import DisputeWorld
from workflows import entries
from workflows.models import StepEntry
from workflows.services import task_claim

pytestmark = pytest.mark.django_db

FIELDS = (
    "task_id",
    "kind",
    "compact",
    "reference",
    "due_on",
    "owner_id",
    "status",
    "queued",
    "permission",
    "created",
    "finished",
)


def _kept():
    return sorted(StepEntry.objects.values_list(*FIELDS))


def _rebuilt():
    kept = _kept()
    StepEntry.objects.all().delete()
    entries.rebuild()
    rebuilt = _kept()
    return kept, rebuilt


def test_entries_follow_a_dispute_from_raising_to_decision():
    world = DisputeWorld()
    dispute = world.raise_dispute()
    for stage in STAGES[1:]:
        world.stages.to(dispute, stage)
        dispute.refresh_from_db()
        kept, rebuilt = _rebuilt()
        assert kept == rebuilt, stage
        humans = Task.objects.filter(flow_task_type="HUMAN").count()
        assert len(kept) == humans
    assert any(row[6] == "DONE" for row in kept)


def test_a_queued_step_is_queued_until_claimed_and_due_with_its_dispute():
    world = DisputeWorld()
    dispute = world.raise_dispute()
    world.stages.to(dispute, "mediation")
    task = Task.objects.get(flow_task_type="HUMAN", status="NEW", owner=None)
    entry = StepEntry.objects.get(task=task)
    assert (entry.queued, entry.compact, entry.reference) == (
        True,
        world.compact.pk,
        dispute.reference,
    )
    dispute.refresh_from_db()
    assert entry.due_on == dispute.due_on
    task_claim(task=task, by=world.vcs_member.user)
    entry.refresh_from_db()
    assert (entry.queued, entry.owner_id) == (False, world.vcs_member.user.pk)


def test_the_queue_reads_only_the_users_compacts():
    here, elsewhere = DisputeWorld(), DisputeWorld()
    mine = here.raise_dispute()
    here.stages.to(mine, "mediation")
    for _ in range(3):
        other = elsewhere.raise_dispute()
        elsewhere.stages.to(other, "mediation")
    from workflows.selectors import queue

    rows = list(queue(here.vcs_member.user))
    assert [t.case_reference for t in rows] == [mine.reference]
    assert StepEntry.objects.filter(queued=True).count() == 4
