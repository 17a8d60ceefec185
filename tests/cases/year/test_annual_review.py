"""The annual review, run end to end from the joint body's queue: started with the draft
report, the meeting recorded (both sectors, equal representation checked), amendments
proposed and agreed (a new version with the right difference), next year's actions
added, and the outcome published by the chair."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from viewflow.workflow.models import Task

from cases.register import selectors as register_selectors
from cases.year import services
from cases.year.flow import AnnualReviewFlow
from cases.year.models import ActionPlanItem, AnnualReview
from tests.factories import DisputeWorld
from workflows.selectors import queue
from workflows.services import task_claim

pytestmark = pytest.mark.django_db(transaction=True)


def _step(review, node):
    return Task.objects.get(
        process__reviewprocess__review=review, flow_task=node, status__in=["NEW", "ASSIGNED"]
    )


def test_the_review_runs_from_the_queue_to_a_new_version_and_a_published_outcome():
    world = DisputeWorld()
    chair, member = world.chair.user, world.vcs_member.user
    review = services.review_start(compact=world.compact, by=chair, year=2026)
    assert any(row["measure"] == "Disputes raised" for row in review.report_snapshot)
    with pytest.raises(ValidationError):  # once a year
        services.review_start(compact=world.compact, by=chair, year=2026)
    with pytest.raises(Exception, match="chair or the Champion"):
        services.review_start(compact=world.compact, by=member, year=2025)
    # In the joint body's queue.
    step = _step(review, AnnualReviewFlow.record_meeting)
    assert step.pk in set(queue(member).values_list("pk", flat=True))

    # Proposals from the joint body.
    services.review_propose(
        review=review,
        by=member,
        data={
            "kind": "commitment",
            "ref": world.commitment.ref,
            "text": "Give at least six weeks to bid.",
            "reason": "Rounds were too short",
        },
    )
    services.review_propose(
        review=review,
        by=chair,
        data={"kind": "rule", "rule": "answer_days", "value": 15, "reason": "More time to answer"},
    )
    turned_down = services.review_propose(
        review=review,
        by=chair,
        data={
            "kind": "new",
            "ref": "AR9",
            "title": "Report twice a year",
            "text": "The joint body reports twice a year.",
            "code": "monitoring",
            "undertaken_by": "both",
            "reason": "Tried elsewhere",
        },
    )
    with pytest.raises(ValidationError) as refused:
        services.review_propose(
            review=review, by=chair, data={"kind": "rule", "rule": "x", "reason": "y"}
        )
    assert "rule" in refused.value.message_dict

    # The meeting: both sectors must attend; unequal numbers need a reason.
    step = task_claim(task=step, by=member)
    statutory_only = [world.chair, world.statutory_member]
    with pytest.raises(ValidationError) as refused:
        services.review_record_meeting_complete(
            task=step,
            by=member,
            meeting_on=review.created_at.date(),
            attended=statutory_only,
            notes="n",
            decisions="d",
        )
    assert "attended" in refused.value.message_dict
    unequal = [world.chair, world.statutory_member, world.vcs_member]
    with pytest.raises(ValidationError) as refused:
        services.review_record_meeting_complete(
            task=step,
            by=member,
            meeting_on=review.created_at.date(),
            attended=unequal,
            notes="n",
            decisions="d",
        )
    assert "2 statutory and 1 voluntary" in str(refused.value)
    services.review_record_meeting_complete(
        task=step,
        by=member,
        meeting_on=review.created_at.date(),
        attended=unequal,
        notes="Went through the report.",
        decisions="Agreed two changes.",
        representation_note="The co-chair was ill.",
    )
    review.refresh_from_db()
    assert review.stage == "changes" and review.attended.count() == 3

    # Agreeing: two of three proposals become the next version; an action for next year.
    before = world.compact.versions.count()
    step = task_claim(task=_step(review, AnnualReviewFlow.agree_changes), by=chair)
    agreed = list(review.amendments.exclude(pk=turned_down.pk))
    services.review_agree_complete(
        task=step,
        by=chair,
        agreed=agreed,
        summary="Fairer time limits.",
        actions=[{"action": "Train commissioners on the new six weeks.", "term": "short"}],
    )
    review.refresh_from_db()
    assert review.stage == "publishing" and review.version is not None
    assert world.compact.versions.count() == before + 2  # version 1 recorded first, then this
    assert "Agreed at the annual review of 2026 to 2027" in review.version.reason
    previous = world.compact.versions.get(number=review.version.number - 1)
    difference = register_selectors.version_difference(previous, review.version)
    assert difference.rules == [
        ("The respondent's answer to a dispute", "10 working days", "15 working days")
    ]
    [(changed, changes)] = difference.changed
    assert changed.ref == world.commitment.ref and changes[0][0] == "Text"
    assert "<ins>" in changes[0][1]
    assert not difference.added  # AR9 was not agreed
    turned_down.refresh_from_db()
    assert turned_down.agreed is False
    assert ActionPlanItem.objects.filter(action__startswith="Train commissioners").exists()
    world.compact.refresh_from_db()
    assert world.compact.answer_days == 15

    # Only a chair takes the publishing step; the outcome goes to the joint body.
    publish = _step(review, AnnualReviewFlow.publish)
    with pytest.raises(PermissionDenied):
        task_claim(task=publish, by=member)
    publish = task_claim(task=publish, by=chair)
    mail.outbox.clear()
    services.review_publish_complete(task=publish, by=chair, outcome="The Compact is working.")
    review.refresh_from_db()
    assert review.stage == "published" and review.published_by == chair
    assert any("Published: the annual review" in m.subject for m in mail.outbox)


def test_the_review_pages_show_minutes_to_the_joint_body_until_published(client):
    world = DisputeWorld()
    review = services.review_start(compact=world.compact, by=world.chair.user, year=2026)
    step = task_claim(task=_step(review, AnnualReviewFlow.record_meeting), by=world.chair.user)
    services.review_record_meeting_complete(
        task=step,
        by=world.chair.user,
        meeting_on=review.created_at.date(),
        attended=[world.chair, world.vcs_member],
        notes="Private notes here.",
        decisions="Decided things.",
    )
    page = client.get(review.get_absolute_url()).text
    assert "Private notes here." not in page and "Annual review of 2026 to 2027" in page
    client.force_login(world.vcs_member.user)
    assert "Private notes here." in client.get(review.get_absolute_url()).text
    # Proposing on the page: the joint body only, with errors on the form.
    url = f"{review.get_absolute_url()}propose/"
    response = client.post(url, {"kind": "commitment", "reason": "x"})
    assert "Choose the commitment to change" in response.text
    client.force_login(world.complainant)
    assert client.get(url).status_code == 403
    # Starting: the chair or the Champion, on the list page.
    reviews = f"/compacts/{world.compact.slug}/reviews/"
    assert client.post(reviews, {"year": "2025"}).status_code == 403
    client.force_login(world.champion)
    # Every year since the compact was recorded has its review: none is left to start.
    assert "Start the review" not in client.get(reviews).text
    assert client.post(reviews, {"year": "2026"}).status_code == 403
    assert AnnualReview.objects.count() == 1
