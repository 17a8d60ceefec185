"""Compact impact assessments: an officer of a statutory signatory records one for a
report or decision that affects the sector; the Champion reviews it from their inbox."""

import pytest
from django.core import mail
from django.urls import reverse
from viewflow.workflow.models import Task

from cases.year import services
from cases.year.flow import ImpactReviewFlow
from cases.year.models import ImpactAssessment
from tests.factories import DisputeWorld, MembershipFactory
from workflows.models import StepClock
from workflows.selectors import inbox

pytestmark = pytest.mark.django_db(transaction=True)

ANSWERS = {
    "title": "Closing two day centres",
    "decision_by": "The council's cabinet",
    "consulted": "Users, carers and the groups that run clubs in the centres.",
    "effect": "Six groups need new rooms.",
    "mitigations": "Rooms in the community hubs, rent-free for a year.",
}


def _record(world, key="one", **changes):
    return services.impact_record(
        compact=world.compact,
        by=world.respondent,
        organisation=world.council,
        commitments=[world.commitment],
        data={**ANSWERS, **changes},
        submission_key=key,
    )


def test_an_officer_records_one_the_champion_reviews_it_from_the_inbox():
    world = DisputeWorld()
    assessment, created = _record(world)
    assert created and assessment.reference.startswith(f"{world.compact.prefix}-I-")
    assert _record(world) == (assessment, False)  # a double submit makes one
    assert ImpactAssessment.objects.count() == 1
    step = Task.objects.get(
        process__impactprocess__assessment=assessment, flow_task=ImpactReviewFlow.review
    )
    assert step.owner == world.champion
    assert step.pk in set(inbox(world.champion).values_list("pk", flat=True))
    assert StepClock.objects.get(task=step).due_on is not None  # ten working days
    assert any(world.champion.email in m.to for m in mail.outbox)
    mail.outbox.clear()
    with pytest.raises(Exception, match="Only the compact's Champion"):
        services.impact_review(assessment=assessment, by=world.respondent, notes="Fine")
    services.impact_review(assessment=assessment, by=world.champion, notes="A fair assessment.")
    assert assessment.reviewed_at is not None
    step.refresh_from_db()
    assert step.status == "DONE"
    assert [m.to for m in mail.outbox] == [[world.respondent.email]]
    with pytest.raises(Exception, match="already been reviewed"):
        services.impact_review(assessment=assessment, by=world.champion, notes="Again")


def test_only_an_officer_of_a_statutory_signatory_records_one_for_their_own_body():
    world = DisputeWorld()
    with pytest.raises(Exception, match="Only an officer of a statutory signatory"):
        services.impact_record(
            compact=world.compact,
            by=world.complainant,  # a voluntary organisation's member
            organisation=world.council,
            commitments=[world.commitment],
            data=ANSWERS,
            submission_key="two",
        )
    with pytest.raises(Exception, match="Only an officer"):
        services.impact_record(  # a statutory officer, for another body
            compact=world.compact,
            by=world.respondent,
            organisation=world.health,
            commitments=[world.commitment],
            data=ANSWERS,
            submission_key="three",
        )
    with pytest.raises(Exception) as refused:
        _record(world, key="four", effect=" ")
    assert "effect" in refused.value.message_dict


def test_the_pages_record_list_and_review(client):
    world = DisputeWorld()
    new = reverse("impact-new", args=[world.compact.slug])
    client.force_login(world.complainant)
    assert client.get(new).status_code == 403
    client.force_login(world.respondent)
    form = client.get(new).text
    key = form.split('name="submission_key" value="')[1].split('"')[0]
    response = client.post(new, {"submission_key": key, "organisation": world.council.pk})
    assert "Enter the report or decision" in response.text
    assert "Choose the commitments the decision touches" in response.text
    response = client.post(
        new,
        {
            **ANSWERS,
            "submission_key": key,
            "organisation": world.council.pk,
            "commitments": [world.commitment.pk],
        },
    )
    assessment = ImpactAssessment.objects.get()
    assert response.status_code == 302 and response.url == assessment.get_absolute_url()
    listing = client.get(reverse("impact-list", args=[world.compact.slug])).text
    assert "Closing two day centres" in listing and "Waiting" in listing
    # Only the Champion reviews, on the assessment's page.
    url = assessment.get_absolute_url()
    assert client.post(url, {"notes": "x"}).status_code == 403
    MembershipFactory(user=world.champion, organisation=world.council)
    client.force_login(world.champion)
    assert "Record the review" in client.get(url).text
    assert client.post(url, {"notes": "Noted."}).status_code == 302
    assert "Noted." in client.get(url).text


def test_a_submission_key_is_the_recorders_own():
    world = DisputeWorld()
    _record(world, key="shared-key")
    other = MembershipFactory(organisation=world.health).user
    with pytest.raises(Exception) as refused:
        services.impact_record(
            compact=world.compact,
            by=other,
            organisation=world.health,
            commitments=[world.commitment],
            data=ANSWERS,
            submission_key="shared-key",
        )
    assert "submission_key" in refused.value.message_dict
    assert ImpactAssessment.objects.count() == 1
