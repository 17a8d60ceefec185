"""A compact's own words in Welsh beside the English (django-modeltranslation): its summary,
its joint body's name and terms of reference, its commitments. Each language is written by
its own name, whatever the language of the person writing; a Welsh page shows the Welsh,
or the English marked `lang="en-GB"` where there is none yet; the versions keep both
languages; open data gives the English with the Welsh beside it."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from cases.register import selectors, services
from cases.register.models import Commitment, Compact
from tests.factories import CommitmentFactory, CompactFactory, DisputeWorld

pytestmark = pytest.mark.django_db

TITLE = "Time to bid"
TITLE_CY = "Amser i wneud cais"
TEXT = "The council will give enough time to bid for grants."
TEXT_CY = "Bydd y cyngor yn rhoi digon o amser i wneud cais am grantiau."
NEW_TEXT_CY = "Bydd y cyngor yn rhoi o leiaf chwe wythnos i wneud cais am grantiau."


def _at(day):
    return time_machine.travel(datetime.datetime(2026, 3, day, 10, tzinfo=datetime.UTC), tick=False)


def _welsh_compact():
    with _at(1):
        compact = CompactFactory(
            languages="cy-en",
            country="wales",
            summary="A compact in Wales.",
            summary_cy="Compact yng Nghymru.",
            joint_body_terms="It meets four times a year.",
        )
        CommitmentFactory(compact=compact, ref="FC1", title=TITLE, text=TEXT, code="funding")
    return compact


def _welsh(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


def _english(name, *args):
    with translation.override("en-gb"):
        return reverse(name, args=args)


def test_the_champion_gives_the_welsh_beside_the_english_on_a_welsh_page(client):
    compact = _welsh_compact()
    client.force_login(compact.champion)
    change = _welsh("commitment-change", compact.slug, "FC1")
    assert change.startswith("/cy/")
    form = client.get(change).text
    # Each language has its own box; the English box holds the English on a Welsh page.
    assert 'name="title_cy"' in form and 'name="text_cy"' in form
    assert f'value="{TITLE}"' in form
    response = client.post(
        change,
        {
            "title": TITLE,
            "text": TEXT,
            "title_cy": TITLE_CY,
            "text_cy": TEXT_CY,
            "code": "funding",
            "undertaken_by": "statutory",
            "source_section": "",
            "in_force": "on",
            "reason": "Translated",
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(compact=compact, ref="FC1")
    assert (commitment.title_en_gb, commitment.text_en_gb) == (TITLE, TEXT)
    assert (commitment.title_cy, commitment.text_cy) == (TITLE_CY, TEXT_CY)
    # The version's summary is kept in English, whoever made it in whatever language.
    version = compact.versions.order_by("-number").first()
    assert version.summary == ["Changed FC1 (title in Welsh, text in Welsh)"]
    # Each page reads its own language.
    detail = _english("commitment-detail", compact.slug, "FC1")
    english = client.get(detail).text
    assert TEXT in english and TEXT_CY not in english
    welsh = client.get(_welsh("commitment-detail", compact.slug, "FC1")).text
    assert TEXT_CY in welsh and TEXT not in welsh
    main = welsh.split("<main")[1]
    assert 'lang="en-GB"' not in main
    assert f'<p class="govuk-body-l" lang="cy">{TEXT_CY}</p>' in main


def test_a_welsh_page_shows_the_english_marked_as_english_until_it_is_translated(client):
    compact = _welsh_compact()
    page = client.get(_welsh("commitment-list", compact.slug)).text
    main = page.split("<main")[1]
    assert f'<span lang="en-GB">{TITLE}</span>' in main
    assert f'<p class="govuk-body" lang="en-GB">{TEXT}</p>' in main
    # The summary has its Welsh, the terms of reference not yet.
    home = client.get(_welsh("compact-detail", compact.slug)).text.split("<main")[1]
    assert 'class="govuk-body-l" lang="cy">Compact yng Nghymru.</p>' in home
    assert '<p class="govuk-body" lang="en-GB"><bdi>It meets four times a year.' in home
    # Search finds a commitment by its words in either language.
    with translation.override("cy"):
        assert [c.ref for c in selectors.commitment_list(compact=compact, query="bid")] == ["FC1"]
    services.compact_amend(
        compact=compact,
        by=compact.champion,
        reason="Translated",
        commitments=[{"ref": "FC1", "text_cy": TEXT_CY}],
    )
    assert [c.ref for c in selectors.commitment_list(compact=compact, query="digon")] == ["FC1"]


def test_acting_in_welsh_changes_the_english_only_by_its_own_name():
    compact = _welsh_compact()
    with translation.override("cy"), _at(10):
        services.compact_amend(
            compact=compact,
            by=compact.champion,
            reason="Clearer terms",
            terms="It meets six times a year.",
            terms_cy="Mae'n cyfarfod chwe gwaith y flwyddyn.",
            commitments=[{"ref": "FC1", "text": "Six weeks to bid.", "text_cy": NEW_TEXT_CY}],
        )
    compact = Compact.objects.get(pk=compact.pk)
    assert compact.joint_body_terms_en_gb == "It meets six times a year."
    assert compact.joint_body_terms_cy == "Mae'n cyfarfod chwe gwaith y flwyddyn."
    commitment = compact.commitments.get(ref="FC1")
    assert (commitment.text_en_gb, commitment.text_cy) == ("Six weeks to bid.", NEW_TEXT_CY)
    assert commitment.title_cy is None  # nothing was given for the Welsh title
    # Unchanged Welsh (empty and None alike) makes no version.
    assert (
        services.compact_amend(
            compact=compact,
            by=compact.champion,
            reason="Nothing",
            commitments=[{"ref": "FC1", "title_cy": ""}],
        )
        is None
    )


def test_the_versions_keep_both_languages_and_compare_each():
    compact = _welsh_compact()
    with _at(10):
        second = services.compact_amend(
            compact=compact,
            by=compact.champion,
            reason="Translated",
            terms_cy="Mae'n cyfarfod bedair gwaith y flwyddyn.",
            commitments=[{"ref": "FC1", "text_cy": TEXT_CY}],
        )
    with _at(20):
        third = services.compact_amend(
            compact=compact,
            by=compact.champion,
            reason="Six weeks",
            commitments=[{"ref": "FC1", "text_cy": NEW_TEXT_CY}],
        )
    first = compact.versions.get(number=1)
    # The history holds both languages as they stood.
    record = Commitment.history.filter(ref="FC1").order_by("history_date").first()
    assert (record.text_en_gb, record.text_cy) == (TEXT, None)
    with translation.override("cy"):
        assert [c.text for c in selectors.compact_as_at(first).commitments] == [TEXT]
        assert [c.text for c in selectors.compact_as_at(second).commitments] == [TEXT_CY]
        assert selectors.compact_as_at(second).terms.startswith("Mae'n cyfarfod")
    with translation.override("en-gb"):
        assert [c.text for c in selectors.compact_as_at(third).commitments] == [TEXT]
    difference = selectors.version_difference(second, third)
    [(changed, changes)] = difference.changed
    assert [(str(label), lang) for label, _html, lang in changes] == [("Text in Welsh", "cy")]
    assert "<ins>leiaf chwe wythnos</ins>" in changes[0][1]
    assert selectors.version_difference(first, second).terms_cy
    assert not selectors.version_difference(first, second).terms


def test_a_dispute_cites_the_words_in_the_language_of_its_page(client):
    world = DisputeWorld()
    Compact.objects.filter(pk=world.compact.pk).update(languages="cy-en")
    services.compact_amend(
        compact=world.compact,
        by=world.champion,
        reason="Translated",
        commitments=[{"ref": world.commitment.ref, "title_cy": TITLE_CY, "text_cy": TEXT_CY}],
    )
    with time_machine.travel(datetime.timedelta(minutes=5)):
        dispute = world.raise_dispute()
    client.force_login(world.complainant)
    with translation.override("cy"):
        url = dispute.get_absolute_url()
    page = client.get(url).text
    assert TEXT_CY in page
    # Its timeline keeps the English title, as every stored line.
    assert TITLE_CY not in dispute.events.get(kind="raised").body


def test_open_data_gives_the_english_with_the_welsh_beside_it(client):
    compact = _welsh_compact()
    services.compact_amend(
        compact=compact,
        by=compact.champion,
        reason="Translated",
        commitments=[{"ref": "FC1", "title_cy": TITLE_CY}],
    )
    for language in ("cy", "en-GB"):
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        one = client.get(f"/api/v1/compacts/{compact.slug}", **headers).json()
        assert (one["summary"], one["summary_cy"]) == (
            "A compact in Wales.",
            "Compact yng Nghymru.",
        )
        assert one["joint_body_name"] == "Joint Liaison Committee"
        assert one["joint_body_name_cy"] is None  # the English default is not a translation
        [item] = client.get(f"/api/v1/compacts/{compact.slug}/commitments", **headers).json()[
            "items"
        ]
        assert (item["title"], item["title_cy"], item["text"], item["text_cy"]) == (
            TITLE,
            TITLE_CY,
            TEXT,
            None,
        )
        version = client.get(f"/api/v1/compacts/{compact.slug}/versions/2", **headers).json()
        assert version["commitments"][0]["title_cy"] == TITLE_CY
        assert "Champion's first look at a new dispute" in version["rules"]


def test_an_english_compact_has_no_welsh_boxes(client):
    with _at(1):
        compact = CompactFactory()
        CommitmentFactory(compact=compact, ref="FC1", title=TITLE, text=TEXT)
    client.force_login(compact.champion)
    form = client.get(reverse("commitment-change", args=[compact.slug, "FC1"])).text
    assert 'name="title_cy"' not in form
    rules = client.get(reverse("compact-rules-edit", args=[compact.slug])).text
    assert 'name="joint_body_terms_cy"' not in rules
    welsh_rules = _welsh_compact()
    client.force_login(welsh_rules.champion)
    assert (
        'name="joint_body_terms_cy"'
        in client.get(reverse("compact-rules-edit", args=[welsh_rules.slug])).text
    )


def test_the_admin_shows_each_language_by_its_own_name(admin_client):
    compact = _welsh_compact()
    with translation.override("cy"):
        url = reverse("admin:cases_compact_change", args=[compact.pk])
    page = admin_client.get(url).text
    assert 'name="summary_en_gb"' in page and 'name="summary_cy"' in page
    assert "Compact yng Nghymru." in page and "A compact in Wales." in page


def test_new_english_with_the_old_welsh_clears_the_welsh_until_translated(client):
    compact = _welsh_compact()
    services.compact_amend(
        compact=compact,
        by=compact.champion,
        reason="Translated",
        terms_cy="Mae'n cyfarfod bedair gwaith y flwyddyn.",
        commitments=[{"ref": "FC1", "title_cy": TITLE_CY, "text_cy": TEXT_CY}],
    )
    # The form sends the Welsh box as it was: the English changes, the Welsh does not.
    version = services.compact_amend(
        compact=compact,
        by=compact.champion,
        reason="Six weeks",
        terms="It meets six times a year.",
        terms_cy="Mae'n cyfarfod bedair gwaith y flwyddyn.",
        commitments=[{"ref": "FC1", "text": "Six weeks to bid.", "text_cy": TEXT_CY}],
    )
    assert version.summary == [
        "The joint body's terms of reference",
        "The joint body's terms of reference in Welsh, cleared until translated",
        "Changed FC1 (text); text in Welsh cleared until translated",
    ]
    commitment = Commitment.objects.get(compact=compact, ref="FC1")
    assert (commitment.title_cy, commitment.text_cy) == (TITLE_CY, "")
    assert Compact.objects.get(pk=compact.pk).joint_body_terms_cy == ""
    main = client.get(_welsh("commitment-detail", compact.slug, "FC1")).text.split("<main")[1]
    assert '<p class="govuk-body-l" lang="en-GB">Six weeks to bid.</p>' in main


def test_changed_since_follows_the_english_in_both_languages():
    world = DisputeWorld()
    Compact.objects.filter(pk=world.compact.pk).update(languages="cy-en")
    dispute = world.raise_dispute()
    ref = world.commitment.ref
    with time_machine.travel(datetime.timedelta(minutes=5)):
        services.compact_amend(
            compact=world.compact,
            by=world.champion,
            reason="Translated",
            commitments=[{"ref": ref, "text_cy": TEXT_CY}],
        )

    def changed(language):
        with translation.override(language):
            [cited] = selectors.cited_commitments(dispute.commitments.all(), dispute.created_at)
        return cited.changed_since

    assert (changed("en-gb"), changed("cy")) == (False, False)  # a translation is no change
    with time_machine.travel(datetime.timedelta(minutes=10)):
        services.compact_amend(
            compact=world.compact,
            by=world.champion,
            reason="Clearer",
            commitments=[{"ref": ref, "text": "New words."}],
        )
    assert (changed("en-gb"), changed("cy")) == (True, True)


def test_an_annual_review_agrees_new_words_in_both_languages(client):
    from viewflow.workflow.models import Task

    from cases.year import services as year
    from cases.year.flow import AnnualReviewFlow
    from workflows.services import task_claim

    world = DisputeWorld()
    Compact.objects.filter(pk=world.compact.pk).update(languages="cy-en")
    world.compact.refresh_from_db()
    chair, member = world.chair.user, world.vcs_member.user
    review = year.review_start(compact=world.compact, by=chair, year=2026)
    # The proposal form of a Welsh compact has a box for each language, on a Welsh page too.
    client.force_login(member)
    with translation.override("cy"):
        url = reverse("annual-review-propose", args=[world.compact.slug, review.year])
    form = client.get(url).text
    assert 'name="text_cy"' in form and 'name="title_cy"' in form
    year.review_propose(
        review=review,
        by=member,
        data={
            "kind": "commitment",
            "ref": world.commitment.ref,
            "text": "Give at least six weeks to bid.",
            "text_cy": NEW_TEXT_CY,
            "reason": "Rounds were too short",
        },
    )
    step = Task.objects.get(
        process__reviewprocess__review=review,
        flow_task=AnnualReviewFlow.record_meeting,
        status__in=["NEW", "ASSIGNED"],
    )
    step = task_claim(task=step, by=member)
    year.review_record_meeting_complete(
        task=step,
        by=member,
        meeting_on=review.created_at.date(),
        attended=[world.chair, world.vcs_member],
        notes="n",
        decisions="d",
    )
    step = Task.objects.get(
        process__reviewprocess__review=review,
        flow_task=AnnualReviewFlow.agree_changes,
        status__in=["NEW", "ASSIGNED"],
    )
    step = task_claim(task=step, by=chair)
    year.review_agree_complete(
        task=step, by=chair, agreed=list(review.amendments.all()), summary="", actions=[]
    )
    commitment = Commitment.objects.get(pk=world.commitment.pk)
    assert (commitment.text_en_gb, commitment.text_cy) == (
        "Give at least six weeks to bid.",
        NEW_TEXT_CY,
    )
