"""An upgrade from the layout before the procedures moved into the cases app: a database
made by that version, with the demo loaded in it, migrates, and its open steps, queue and
queued background jobs still work (see cases/migrations/0005_procedures_from_workflows.py).

The database is real (tests/data/demo-before-layout.sqlite3.gz); each step runs in its own
process, as an operator's upgrade would: `migrate`, then the service, then the worker."""

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.workers import cluster, wait_for

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "demo-before-layout.sqlite3.gz"

AFTER_UPGRADE = r"""
import json
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django_q.models import OrmQ
from viewflow.workflow.models import Process, Task
from cases.commissioning import services as commissioning
from cases.commissioning.flow import DepartureFlow
from cases.disputes import services as disputes
from cases.disputes.flow import DisputeFlow
from cases.disputes.selectors import eligible_mediators
from workflows import registry, selectors
from workflows.services import task_claim

User = get_user_model()
out = {}
out["flows"] = sorted({f"{c.__module__}.{c.__name__}" for c in
                       Process.objects.values_list("flow_class", flat=True)})
out["steps"] = sorted({t.flow_task.flow_class.__module__ for t in Task.objects.all()})
out["permissions"] = sorted(set(Task.objects.exclude(owner_permission="")
                                .exclude(owner_permission__isnull=True)
                                .values_list("owner_permission", flat=True)))
out["content_types"] = sorted(ContentType.objects.filter(model__endswith="process")
                              .exclude(app_label="viewflow").values_list("app_label", "model"))
# The jobs waiting in the old task library's table, queued again in the new one.
out["jobs"] = sorted({q.task["func"] for q in OrmQ.objects.all()})

champion = User.objects.get(username="champion-swansea")
out["inbox_before"] = selectors.inbox(champion).count()
triage = Task.objects.filter(flow_task=DisputeFlow.triage, status="ASSIGNED", owner=champion).first()
disputes.triage_complete(task=triage, by=champion, accept=True, text="In scope after the upgrade.")
dispute = registry.case_of(triage)
dispute.refresh_from_db()
out["triaged"] = dispute.stage

member = User.objects.get(username="jb-vcs-swansea")
queued = [t for t in selectors.queue(member) if t.flow_task == DisputeFlow.appoint_mediator]
out["queue"] = len(queued)
task = task_claim(task=queued[0], by=member)
dispute = registry.case_of(task)
disputes.appoint_mediator_complete(task=task, by=member, mediator=eligible_mediators(dispute)[0])
dispute.refresh_from_db()
out["appointed"] = dispute.mediator is not None

review = Task.objects.filter(flow_task=DepartureFlow.review, status="ASSIGNED").first()
departure = registry.case_of(review)
commissioning.departure_review(departure=departure, by=departure.exercise.compact.champion,
                               notes="Reviewed after the upgrade.")
review.refresh_from_db()
out["reviewed"] = review.status
print("RESULT " + json.dumps(out))
"""

JOBS = r"""
import json
from django_q.models import Failure, OrmQ, Success
print("RESULT " + json.dumps([OrmQ.objects.count(), Failure.objects.count(), Success.objects.count()]))
"""


def _manage(env, *args):
    result = subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _result(stdout):
    line = [x for x in stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT ") :])


def test_a_database_from_before_the_move_migrates_and_its_steps_still_complete(tmp_path):
    database = tmp_path / "before.sqlite3"
    with gzip.open(FIXTURE) as packed, database.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_URL": "dummymail://",
        "DEBUG": "false",
    }

    _manage(env, "migrate", "--no-input")
    after = _result(_manage(env, "shell", "-c", AFTER_UPGRADE))

    assert after["flows"] == [
        "cases.commissioning.flow.DepartureFlow",
        "cases.commissioning.flow.ExerciseFlow",
        "cases.disputes.flow.DisputeFlow",
    ]
    assert after["steps"] == ["cases.commissioning.flow", "cases.disputes.flow"]
    assert after["permissions"] == [
        "cases.can_appoint_mediator_disputeprocess",
        "cases.can_form_panel_disputeprocess",
    ]
    assert after["content_types"] == [
        ["cases", "actionprocess"],  # the Compact's year (added since)
        ["cases", "departureprocess"],
        ["cases", "disputeprocess"],
        ["cases", "exerciseprocess"],
        ["cases", "impactprocess"],
        ["cases", "remedyprocess"],
        ["cases", "reviewprocess"],
    ]
    assert after["jobs"] == [
        "cases.commissioning.jobs.send_bid_letters",
        "cases.disputes.jobs.render_decision_letter",
        "workflows.jobs.send_email",
    ]
    assert after["inbox_before"] > 0
    assert after["triaged"] == "informal"
    assert after["queue"] >= 1
    assert after["appointed"] is True
    assert after["reviewed"] == "DONE"

    # The jobs queued before the upgrade (e-mails, a decision letter, bid letters) run, on
    # the new worker.
    with cluster(env, tmp_path / "worker.log"):
        wait_for(
            lambda: _result(_manage(env, "shell", "-c", JOBS))[0] == 0,
            timeout=120,
            every=2,
            what="the queue to empty",
        )
    waiting, failed, done = _result(_manage(env, "shell", "-c", JOBS))
    assert (waiting, failed) == (0, 0), (tmp_path / "worker.log").read_text()[-3000:]
    assert done >= 3


def test_the_move_can_be_undone(tmp_path):
    """Migrating back to the old layout writes the old names back, so a release can be
    rolled back."""
    database = tmp_path / "before.sqlite3"
    with gzip.open(FIXTURE) as packed, database.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "EMAIL_URL": "dummymail://"}
    _manage(env, "migrate", "--no-input")
    _manage(env, "migrate", "workflows", "0006", "--no-input")
    _manage(env, "migrate", "cases", "0004", "--no-input")
    with sqlite3.connect(database) as db:
        flows = sorted(r[0] for r in db.execute("SELECT DISTINCT flow_class FROM viewflow_process"))
        permissions = sorted(
            r[0] for r in db.execute("SELECT DISTINCT owner_permission FROM viewflow_task WHERE owner_permission IS NOT NULL AND owner_permission <> ''")
        )
        jobs = sorted(
            r[0] for r in db.execute("SELECT DISTINCT task_path FROM django_tasks_database_dbtaskresult")
        )
    assert flows == [
        "workflows/flows.DepartureFlow",
        "workflows/flows.DisputeFlow",
        "workflows/flows.ExerciseFlow",
    ]
    assert permissions == [
        "workflows.can_appoint_mediator_disputeprocess",
        "workflows.can_form_panel_disputeprocess",
    ]
    assert jobs == [
        "cases.tasks.render_decision_letter",
        "cases.tasks.send_bid_letters",
        "cases.tasks.send_email",
    ]


QUEUE_AFTER_UPGRADE = r"""
import json
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from workflows import selectors

member = get_user_model().objects.get(username="jb-vcs-swansea")
print("RESULT " + json.dumps({
    "queue": selectors.queue(member).count(),
    "content_types": sorted(ContentType.objects.filter(model__endswith="process")
                            .exclude(app_label="viewflow").values_list("app_label", "model")),
    "permissions": sorted(member.get_all_permissions()),
}))
"""


def test_content_types_made_early_are_merged_and_the_queue_keeps_its_permissions(tmp_path):
    """Code that asked for a procedure's content type before `migrate` leaves one in the
    cases app already: the move merges into it, and the joint body keeps its queue."""
    database = tmp_path / "before.sqlite3"
    with gzip.open(FIXTURE) as packed, database.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO django_content_type (app_label, model) VALUES ('cases', 'disputeprocess')")
        early = db.execute(
            "SELECT id FROM django_content_type WHERE app_label = 'cases' AND model = 'disputeprocess'"
        ).fetchone()[0]
        db.execute(
            "INSERT INTO auth_permission (name, content_type_id, codename) "
            "VALUES ('Appoint mediators', ?, 'can_appoint_mediator_disputeprocess')",
            [early],
        )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "EMAIL_URL": "dummymail://"}
    _manage(env, "migrate", "--no-input")
    after = _result(_manage(env, "shell", "-c", QUEUE_AFTER_UPGRADE))
    assert after["content_types"] == [
        ["cases", "actionprocess"],  # the Compact's year (added since)
        ["cases", "departureprocess"],
        ["cases", "disputeprocess"],
        ["cases", "exerciseprocess"],
        ["cases", "impactprocess"],
        ["cases", "remedyprocess"],
        ["cases", "reviewprocess"],
    ]
    assert after["permissions"] == [
        "cases.can_agree_changes_reviewprocess",  # the annual review (added since)
        "cases.can_appoint_mediator_disputeprocess",
        "cases.can_check_remedyprocess",
        "cases.can_form_panel_disputeprocess",
        "cases.can_publish_reviewprocess",
        "cases.can_record_meeting_reviewprocess",
    ]
    assert after["queue"] >= 1
