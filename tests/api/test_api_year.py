"""The Compact's year in the API: versions, the action plan and impact assessments, with
the pages' permissions."""

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from cases.register import services as register_services
from cases.year import report
from cases.year import services as year_services
from cases.year.flow import AnnualReviewFlow
from tests.factories import DisputeWorld
from workflows.services import task_claim

pytestmark = pytest.mark.django_db(transaction=True)


def test_versions_and_actions_are_public_and_writes_take_the_pages_rights(api):
    world = DisputeWorld()
    register_services.compact_amend(
        compact=world.compact,
        by=world.champion,
        reason="Clarified",
        commitments=[{"ref": world.commitment.ref, "text": "At least six weeks to bid."}],
    )
    anonymous = api()
    versions = anonymous.get(f"/compacts/{world.compact.slug}/versions").json()
    assert [v["number"] for v in versions["items"]] == [2, 1]
    first = anonymous.get(f"/compacts/{world.compact.slug}/versions/1").json()
    assert first["commitments"][0]["text"] != "At least six weeks to bid."
    assert "Informal resolution of a dispute" in first["rules"]

    lead = world.vcs_member.user
    added = api(world.chair.user).post(
        f"/compacts/{world.compact.slug}/actions",
        {
            "action": "Hold the annual review.",
            "term": "short",
            "lead_person": lead.username,
            "commitment": world.commitment.ref,
        },
    )
    assert added.status_code == 201, added.json()
    reference = added.json()["reference"]
    assert added.json()["commitment"] == world.commitment.ref
    refused = api(world.complainant).post(
        f"/compacts/{world.compact.slug}/actions", {"action": "x"}
    )
    assert refused.status_code == 403
    assert (
        anonymous.post(f"/actions/{reference}/updates", {"status": "done", "note": "x"}).status_code
        == 401
    )
    assert (
        api(world.complainant)
        .post(f"/actions/{reference}/updates", {"status": "done", "note": "x"})
        .status_code
        == 403
    )
    update = api(lead).post(
        f"/actions/{reference}/updates", {"status": "on_track", "note": "Booked"}
    )
    assert update.status_code == 201
    listed = anonymous.get(f"/compacts/{world.compact.slug}/actions", status="on_track").json()
    assert [a["reference"] for a in listed["items"]] == [reference]
    assert anonymous.get(f"/actions/{reference}").json()["updates"][0]["note"] == "Booked"


def test_impact_assessments_in_the_api(api):
    world = DisputeWorld()
    body = {
        "organisation": world.council.slug,
        "title": "Closing two day centres",
        "decision_by": "Cabinet",
        "commitments": [world.commitment.ref],
        "consulted": "Users and carers",
        "effect": "Six groups need rooms",
        "mitigations": "Rent-free rooms",
        "submission_key": "impact-key-1",
    }
    assert (
        api(world.complainant)
        .post(f"/compacts/{world.compact.slug}/impact-assessments", body)
        .status_code
        == 403
    )  # not a statutory officer
    wrong_body = {**body, "organisation": world.health.slug, "submission_key": "impact-key-0"}
    refused = api(world.respondent).post(
        f"/compacts/{world.compact.slug}/impact-assessments", wrong_body
    )
    assert refused.status_code == 422  # not their organisation
    assert refused.json()["errors"][0]["field"] == "organisation"
    made = api(world.respondent).post(f"/compacts/{world.compact.slug}/impact-assessments", body)
    assert made.status_code == 201
    again = api(world.respondent).post(f"/compacts/{world.compact.slug}/impact-assessments", body)
    assert again.status_code == 200 and again.json()["reference"] == made.json()["reference"]
    reference = made.json()["reference"]
    assert (
        api(world.respondent)
        .post(f"/impact-assessments/{reference}/review", {"notes": "x"})
        .status_code
        == 403
    )
    reviewed = api(world.champion).post(
        f"/impact-assessments/{reference}/review", {"notes": "Fair"}
    )
    assert reviewed.status_code == 200 and reviewed.json()["review_notes"] == "Fair"
    assert api().get(f"/compacts/{world.compact.slug}/impact-assessments").json()["count"] == 1


def test_the_annual_report_and_reviews_in_the_api(api):
    world = DisputeWorld()

    year = report.year_of(timezone.localdate())
    found = api().get(f"/compacts/{world.compact.slug}/reports/{year}").json()
    assert found["year"] == year and found["in_progress"] is True
    raised = next(f for f in found["figures"] if f["measure"] == "Disputes raised")
    assert raised == {**raised, "value": None, "suppressed": True}  # none reads as few
    assert api().get(f"/compacts/{world.compact.slug}/reports/{year + 1}").status_code == 404

    review = year_services.review_start(compact=world.compact, by=world.chair.user, year=year)
    year_services.review_propose(
        review=review,
        by=world.chair.user,
        data={"kind": "rule", "rule": "triage_days", "value": 7, "reason": "More time"},
    )
    listed = api().get(f"/compacts/{world.compact.slug}/reviews").json()
    assert [r["year"] for r in listed] == [year]
    assert listed[0]["amendments"] == [] and listed[0]["decisions"] == ""  # not yet published
    task = Task.objects.get(
        process__reviewprocess__review=review, flow_task=AnnualReviewFlow.record_meeting
    )
    task = task_claim(task=task, by=world.chair.user)
    year_services.review_record_meeting_complete(
        task=task,
        by=world.chair.user,
        meeting_on=timezone.localdate(),
        attended=[world.chair, world.vcs_member],
        notes="Notes",
        decisions="Decided",
    )
    detail = api().get(f"/compacts/{world.compact.slug}/reviews/{year}").json()
    assert detail["stage"] == "changes" and detail["decisions"] == ""
