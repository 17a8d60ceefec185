"""Two people at once: two claims of one queued step, or one form sent twice, leave exactly
one result. These need a database with row locks, so they run on PostgreSQL (as CI does);
on SQLite, which serialises all writes, they are skipped."""

import threading

import pytest
from django.db import connection, connections
from django_fsm_log.models import StateLog

from cases.disputes import services
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import Dispute
from cases.disputes.selectors import open_tasks, stage_tasks
from tests.factories import DisputeWorld
from workflows.services import TaskUnavailable, task_claim

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (CI runs it)"
    ),
]


def _race(*calls):
    """Run the calls in threads released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = ("ok", call())
        except Exception as error:  # noqa: BLE001 - the test inspects what was raised
            results[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _queued_step(world):
    dispute = world.raise_dispute()
    services.triage_complete(task=stage_tasks(dispute).get(), by=world.champion, accept=True)
    services.informal_complete(
        task=stage_tasks(dispute).get(), by=world.champion, resolved=False, text="No"
    )
    return dispute, open_tasks(dispute).get(flow_task=DisputeFlow.appoint_mediator)


def test_two_members_claiming_one_step_leave_one_holder():
    world = DisputeWorld()
    dispute, task = _queued_step(world)
    first, second = world.vcs_member.user, world.cochair.user
    results = _race(
        lambda: task_claim(task=task, by=first),
        lambda: task_claim(task=task, by=second),
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, TaskUnavailable)
    task.refresh_from_db()
    winner = next(value for kind, value in results if kind == "ok")
    assert task.owner_id == winner.owner_id
    assert task.owner_id in (first.pk, second.pk)


def test_the_same_decision_sent_twice_is_made_once():
    world = DisputeWorld()
    dispute = world.raise_dispute()
    task = stage_tasks(dispute).get()
    results = _race(
        lambda: services.triage_complete(task=task, by=world.champion, accept=True),
        lambda: services.triage_complete(task=task, by=world.champion, accept=True),
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    dispute.refresh_from_db()
    assert dispute.stage == "informal"
    assert StateLog.objects.for_(dispute).count() == 1
    assert open_tasks(dispute).filter(flow_task=DisputeFlow.informal).count() == 1


def test_a_double_submitted_dispute_form_makes_one_dispute():
    world = DisputeWorld()
    results = _race(
        lambda: world.raise_dispute(submission_key="the-same-form"),
        lambda: world.raise_dispute(submission_key="the-same-form"),
    )
    assert all(kind == "ok" for kind, _ in results), results
    assert Dispute.objects.count() == 1
    assert results[0][1].pk == results[1][1].pk


def test_withdrawing_while_the_champion_decides_leaves_a_consistent_dispute():
    from django.core.exceptions import ValidationError

    world = DisputeWorld()
    dispute = world.raise_dispute()
    task = stage_tasks(dispute).get()
    results = _race(
        lambda: services.triage_complete(task=task, by=world.champion, accept=True),
        lambda: services.dispute_withdraw(dispute=dispute, by=world.complainant, reason="Done"),
    )
    for kind, value in results:
        # Each either worked or was told plainly that the step was taken: never a crash.
        assert kind == "ok" or isinstance(value, ValidationError), results
    dispute.refresh_from_db()
    if dispute.stage == "withdrawn":
        assert list(open_tasks(dispute)) == []
    else:
        assert dispute.stage == "informal"


def test_two_api_claims_and_two_api_raises_at_once_leave_one_result_each():
    """Through the API, with each caller's own token: one claim wins (200) and the other
    hears 409; one dispute sent twice with one Idempotency-Key makes one dispute."""
    from django.test import Client

    from cases.accounts.services import token_create

    world = DisputeWorld()
    _, task = _queued_step(world)

    def caller(user):
        client = Client()
        client.defaults["HTTP_AUTHORIZATION"] = (
            f"Bearer {token_create(user=user, name='t', days=30)[1]}"
        )
        return client

    first, second = caller(world.vcs_member.user), caller(world.cochair.user)
    results = _race(
        lambda: first.post(f"/api/v1/tasks/{task.pk}/claim").status_code,
        lambda: second.post(f"/api/v1/tasks/{task.pk}/claim").status_code,
    )
    assert sorted(value for _, value in results) == [200, 409], results
    task.refresh_from_db()
    assert task.owner_id in (world.vcs_member.user.pk, world.cochair.user.pk)

    complainant = caller(world.complainant)
    body = {
        "compact": world.compact.slug,
        "complainant": world.complainant_org.slug,
        "respondent": world.respondent_org.slug,
        "commitments": ["FC1"],
        "what_happened": "Two weeks to bid.",
        "happened_on": "2026-10-01",
        "already_tried": "A letter.",
        "outcome_sought": "Six weeks.",
    }
    before = Dispute.objects.count()
    results = _race(
        *[
            lambda: (
                complainant.post(
                    "/api/v1/disputes",
                    body,
                    content_type="application/json",
                    headers={"Idempotency-Key": "same-key"},
                ).status_code
            )
        ]
        * 2
    )
    assert sorted(value for _, value in results) == [200, 201], results
    assert Dispute.objects.count() == before + 1


def test_two_people_answering_for_the_respondent_at_once_leave_one_answer():
    """The contact on its step and a colleague through the API, at the same moment."""
    from cases.disputes.models import DisputeAnswer, DisputeEvent
    from tests.factories import MembershipFactory

    world = DisputeWorld()
    colleague = MembershipFactory(organisation=world.council).user
    dispute = world.dispute_at("informal")
    task = open_tasks(dispute).get(flow_task=DisputeFlow.answer)

    def by_step():
        return services.answer_complete(
            task=task,
            by=world.respondent,
            account="From the contact.",
            accepted=[],
            disputed=[world.commitment],
        )

    def by_api():
        return services.dispute_answer(
            dispute=Dispute.objects.get(pk=dispute.pk),
            by=colleague,
            account="From the colleague.",
            accepted=[world.commitment],
            disputed=[],
        )

    results = _race(by_step, by_api)
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, TaskUnavailable) or "already answered" in str(error)
    answer = DisputeAnswer.objects.get(dispute=dispute)
    assert answer.account in ("From the contact.", "From the colleague.")
    assert DisputeEvent.objects.filter(dispute=dispute, kind="answer").count() == 1
