"""A versioned Compact: every change to its commitments, rules and terms of reference is
a numbered version (who, when, why); any version can be read as it stood and compared
with another; disputes and departures cite a commitment in its words when raised."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.register import selectors, services
from cases.register.models import AuditEvent, Commitment
from tests.factories import CommitmentFactory, CompactFactory, DisputeWorld, UserFactory

pytestmark = pytest.mark.django_db

OLD_TEXT = "The council will give enough time to bid for grants."
NEW_TEXT = "The council will give at least six weeks to bid for grants."


def _at(day, hour=10):
    return time_machine.travel(
        datetime.datetime(2026, 3, day, hour, tzinfo=datetime.UTC), tick=False
    )


def _compact_with_commitments():
    with _at(1):
        compact = CompactFactory()
        CommitmentFactory(compact=compact, ref="FC1", title="Time to bid", text=OLD_TEXT)
        CommitmentFactory(compact=compact, ref="FC2", title="Full cost recovery", text="Pay it.")
    return compact


def test_a_change_is_the_next_version_and_the_first_is_kept_as_it_stood():
    compact = _compact_with_commitments()
    with _at(10):
        version = services.compact_amend(
            compact=compact,
            by=compact.champion,
            reason="Clarified at the annual review",
            rules={"informal_stage_days": 15},
            commitments=[
                {"ref": "FC1", "text": NEW_TEXT},
                {"ref": "FC2", "in_force": False},
                {
                    "ref": "AR1",
                    "code": "monitoring",
                    "title": "Report each year",
                    "text": "The joint body reports each year.",
                    "undertaken_by": "both",
                },
            ],
        )
    assert version.number == 2
    assert version.made_by == compact.champion
    assert version.summary == [
        "Informal resolution of a dispute: 20 working days to 15 working days",
        "Changed FC1 (text)",
        "Took out FC2: Full cost recovery",
        "Added AR1: Report each year",
    ]
    first = compact.versions.get(number=1)
    assert first.made_at < version.made_at
    # Version 1 as it stood: the old words, both commitments in force, the old rule.
    then = selectors.compact_as_at(first)
    assert [(c.ref, c.text) for c in then.commitments] == [("FC1", OLD_TEXT), ("FC2", "Pay it.")]
    assert ("Informal resolution of a dispute", "20 working days") in then.rules
    now = selectors.compact_as_at(version)
    assert [c.ref for c in now.commitments] == ["FC1", "AR1"]
    assert ("Informal resolution of a dispute", "15 working days") in now.rules
    # The difference, in words.
    difference = selectors.version_difference(first, version)
    assert difference.rules == [
        ("Informal resolution of a dispute", "20 working days", "15 working days")
    ]
    assert [c.ref for c in difference.added] == ["AR1"]
    assert [c.ref for c in difference.withdrawn] == ["FC2"]
    [(changed, changes)] = difference.changed
    assert changed.ref == "FC1"
    assert changes == [
        (
            "Text",
            "The council will give <del>enough time</del> <ins>at least six weeks</ins> to bid "
            "for grants.",
            "en-GB",
        )
    ]
    # Taken out, not deleted: the commitment is kept for the cases that cite it.
    assert Commitment.objects.get(ref="FC2").in_force is False
    assert AuditEvent.objects.get(action="made version 2 of").changes["reason"] == (
        "Clarified at the annual review"
    )


def test_nothing_changed_makes_no_version_and_a_change_needs_a_reason_and_a_right():
    compact = _compact_with_commitments()
    assert (
        services.compact_amend(
            compact=compact, by=compact.champion, reason="No change", rules={"triage_days": 5}
        )
        is None
    )
    assert compact.versions.filter(number__gt=1).count() == 0
    with pytest.raises(ValidationError):
        services.compact_amend(compact=compact, by=compact.champion, reason="", rules={})
    with pytest.raises(PermissionDenied):
        services.compact_amend(
            compact=compact, by=UserFactory(), reason="Why", rules={"triage_days": 4}
        )


def test_a_dispute_cites_the_commitment_as_it_stood_when_raised(client):
    with time_machine.travel(datetime.timedelta(minutes=-10)):
        world = DisputeWorld()
        world.commitment.text = OLD_TEXT
        world.commitment.save()
    with time_machine.travel(datetime.timedelta(minutes=-5)):
        dispute = world.raise_dispute()
    services.compact_amend(
        compact=world.compact,
        by=world.champion,
        reason="Clarified",
        commitments=[{"ref": world.commitment.ref, "text": NEW_TEXT}],
    )
    [cited] = selectors.cited_commitments(dispute.commitments.all(), dispute.created_at)
    assert cited.text == OLD_TEXT
    assert cited.changed_since
    client.force_login(world.complainant)
    page = client.get(dispute.get_absolute_url()).text
    assert OLD_TEXT in page
    assert NEW_TEXT not in page
    assert "Changed since" in page
    # A dispute raised now cites the new words.
    later = world.raise_dispute()
    [cited] = selectors.cited_commitments(later.commitments.all(), later.created_at)
    assert (cited.text, cited.changed_since) == (NEW_TEXT, False)


def test_a_settled_moments_words_are_read_once_and_a_recent_ones_every_time(
    django_assert_num_queries,
):
    """The history of a moment an hour past only grows after it, so its records are kept;
    what is new about the commitment since (the link, whether it changed) is not."""
    with time_machine.travel(datetime.timedelta(hours=-3)):
        world = DisputeWorld()
        world.commitment.text = OLD_TEXT
        world.commitment.save()
    with time_machine.travel(datetime.timedelta(hours=-2)):
        settled = world.raise_dispute()
    recent = world.raise_dispute()

    def cited(dispute):
        commitments = list(dispute.commitments.select_related("compact"))
        return selectors.cited_commitments(commitments, dispute.created_at)

    with django_assert_num_queries(2):  # the commitments, then their history
        [first] = cited(settled)
    with django_assert_num_queries(1):  # the commitments: the history is kept
        [again] = cited(settled)
    assert (first.text, again.text) == (OLD_TEXT, OLD_TEXT)
    assert not again.changed_since
    services.compact_amend(
        compact=world.compact,
        by=world.champion,
        reason="Clarified",
        commitments=[{"ref": world.commitment.ref, "text": NEW_TEXT}],
    )
    with django_assert_num_queries(1):
        [after] = cited(settled)
    assert (after.text, after.changed_since) == (OLD_TEXT, True)
    for _ in range(2):  # under an hour old: read every time
        with django_assert_num_queries(2):
            [now] = cited(recent)
    assert (now.text, now.changed_since) == (OLD_TEXT, True)


def test_the_versions_pages_read_each_version_and_the_difference(client):
    compact = _compact_with_commitments()
    with _at(10):
        services.compact_amend(
            compact=compact,
            by=compact.champion,
            reason="Clarified at the annual review",
            commitments=[{"ref": "FC1", "text": NEW_TEXT}],
        )
    page = client.get(reverse("compact-versions", args=[compact.slug])).text
    assert "Version 2" in page and "Clarified at the annual review" in page
    assert "Changed FC1 (text)" in page
    old = client.get(reverse("compact-version", args=[compact.slug, 1])).text
    assert OLD_TEXT in old and "This is not the version in force" in old
    diff = client.get(reverse("compact-compare", args=[compact.slug]), {"from": 1, "to": 2}).text
    assert "<del>enough time</del> <ins>at least six weeks</ins>" in diff
    assert client.get(reverse("compact-version", args=[compact.slug, 9])).status_code == 404
    assert (
        client.get(reverse("compact-compare", args=[compact.slug]), {"from": 1, "to": 9})
    ).status_code == 404


def test_the_champion_changes_and_adds_commitments_on_pages_and_others_may_not(client):
    compact = _compact_with_commitments()
    change = reverse("commitment-change", args=[compact.slug, "FC1"])
    add = reverse("commitment-add", args=[compact.slug])
    client.force_login(UserFactory())
    assert client.get(change).status_code == 403
    assert client.post(add, {"ref": "X1"}).status_code == 403
    client.force_login(compact.champion)
    fields = {
        "title": "Time to bid",
        "text": NEW_TEXT,
        "code": "funding",
        "undertaken_by": "statutory",
        "source_section": "",
        "in_force": "on",
    }
    # A change needs a reason; what was typed is kept.
    response = client.post(change, fields)
    assert response.status_code == 200
    assert "Say why the commitment is changing" in response.text
    assert NEW_TEXT in response.text
    assert client.post(change, {**fields, "reason": "Clearer"}).status_code == 302
    assert Commitment.objects.get(ref="FC1").text == NEW_TEXT
    # A reference already used is refused on its field.
    response = client.post(add, {**fields, "ref": "FC2", "reason": "New"})
    assert "already has a commitment FC2" in response.text
    assert client.post(add, {**fields, "ref": "FC9", "reason": "New"}).status_code == 302
    assert compact.versions.order_by("-number").first().number == 3
    # Taking one out hides it from the list but keeps it.
    client.post(change, {**fields, "in_force": "", "reason": "Replaced by FC9"})
    listing = client.get(reverse("commitment-list", args=[compact.slug])).text
    assert "FC9" in listing and 'id="FC1"' not in listing


def test_two_changes_to_one_commitment_in_a_version_are_made_as_one():
    compact = _compact_with_commitments()
    with _at(10):
        version = services.compact_amend(
            compact=compact,
            by=compact.champion,
            reason="Both at once",
            commitments=[
                {"ref": "FC1", "text": NEW_TEXT},
                {"ref": "FC1", "title": "Six weeks to bid"},
            ],
        )
    then = selectors.compact_as_at(version)
    assert [c.ref for c in then.commitments].count("FC1") == 1
    [(changed, changes)] = selectors.version_difference(
        compact.versions.get(number=1), version
    ).changed
    assert changed.title == "Six weeks to bid" and [label for label, _, _lang in changes] == [
        "Title",
        "Text",
    ]
