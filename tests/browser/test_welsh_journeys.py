"""The service in Welsh, in the browser, with and without JavaScript: a dispute raised and
triaged in Welsh, an opportunity published, bid for, opened and awarded in Welsh, and the
pages of each journey (disputes, commissioning, the Compact's year, tasks and homes) read in
Welsh, checked with axe. Every label is looked up in the Welsh catalogue, so the test
follows the catalogue rather than repeating it (and fails on a label it has no Welsh for)."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from cases.commissioning.models import Exercise
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def cy(message, **values):
    with translation.override("cy"):
        text = gettext(message)
    assert text != message, f"No Welsh for {message!r}"
    return text % values if values else text


def _is_welsh(page):
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    # The switch offers English, and the page's own words are Welsh.
    expect(page.get_by_role("link", name="English", exact=True)).to_be_visible()
    assert "Skip to main content" not in page.content()


def test_a_member_raises_a_dispute_in_welsh_and_the_champion_accepts_it(page, axe, demo):
    sign_in(page, "complainant-swansea")
    page.goto("/disputes/")
    # The language switch keeps the page.
    page.get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_url(re.compile(r"/cy/disputes/$"))
    _is_welsh(page)
    axe(page)
    page.get_by_role("button", name=cy("Raise a dispute")).click()

    axe(page)
    page.get_by_role("button", name=cy("Continue")).click()  # nothing chosen: said in Welsh
    expect(page).to_have_title(re.compile("^" + re.escape(cy("Error:"))))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        cy("Select the compact the dispute is under")
    )
    axe(page)
    page.get_by_label(re.compile("City & County of Swansea")).check()
    page.get_by_role("button", name=cy("Continue")).click()
    page.get_by_role("button", name=cy("Continue")).click()  # the only organisation
    page.get_by_label(cy("Which organisation is the dispute with?")).select_option(
        label="City and County of Swansea Council"
    )
    page.get_by_role("button", name=cy("Continue")).click()
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name=cy("Continue")).click()

    axe(page)
    page.get_by_label(cy("What happened?")).fill("Rhoddodd y cyngor ddeg diwrnod i wneud cais.")
    page.get_by_label(cy("Day")).fill("2")
    page.get_by_label(cy("Month")).fill("11")
    page.get_by_label(cy("Year")).fill("2026")
    page.get_by_label(cy("Give the dispute a short title")).fill("Deg diwrnod i wneud cais")
    page.get_by_role("button", name=cy("Continue")).click()
    page.get_by_label(cy("What have you already tried?")).fill("Ysgrifennon ni at y tîm grantiau.")
    page.get_by_role("button", name=cy("Continue")).click()
    page.get_by_label(cy("What outcome are you looking for?")).fill("Ailagor y rownd.")
    page.get_by_role("button", name=cy("Continue")).click()
    page.get_by_role("button", name=cy("Continue")).click()  # no evidence

    expect(
        page.get_by_role("heading", name=cy("Check your answers before sending the dispute"))
    ).to_be_visible()
    axe(page)
    page.get_by_role("button", name=cy("Send the dispute")).click()
    expect(page.get_by_role("heading", name=cy("Dispute sent"))).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"SWA-D-\d{4}-\d{4}", reference)
    _is_welsh(page)
    axe(page)

    # The Champion finds it in Welsh, on their home and in their inbox, and accepts it.
    page.context.clear_cookies()
    sign_in(page, "champion-swansea")
    page.goto("/cy/your-work/")
    _is_welsh(page)
    expect(page.get_by_role("heading", name=cy("Your work"), level=1)).to_be_visible()
    axe(page)
    page.goto("/cy/tasks/inbox/")
    axe(page)
    page.get_by_role("link", name=reference).click()
    axe(page)
    page.get_by_label(cy("Yes: start informal resolution")).check()
    page.get_by_role("button", name=cy("Save and continue")).click()
    axe(page)
    page.get_by_role("button", name=cy("Yes, accept the dispute")).click()
    _is_welsh(page)
    axe(page)


PAGES = {
    # Who signs in, and the pages they read in Welsh.
    None: [
        "/cy/",
        "/cy/compacts/swansea/",
        "/cy/compacts/swansea/commitments/",
        "/cy/compacts/swansea/signatories/",
        "/cy/compacts/swansea/versions/",
        "/cy/compacts/swansea/action-plan/",
        "/cy/compacts/swansea/impact-assessments/",
        "/cy/compacts/swansea/reviews/",
        "/cy/compacts/swansea/report/",
        "/cy/opportunities/",
        "/cy/accounts/login/",
    ],
    "champion-swansea": [
        "/cy/your-work/",
        "/cy/tasks/inbox/",
        "/cy/tasks/queue/",
        "/cy/tasks/archive/",
        "/cy/disputes/",
        "/cy/notifications/",
        "/cy/account/",
    ],
    "commissioner-swansea": ["/cy/your-work/", "/cy/exercises/"],
    "jb-vcs-swansea": ["/cy/your-work/", "/cy/tasks/queue/"],
    "tenderer-swansea": ["/cy/your-work/", "/cy/bids/"],
}


def test_the_journeys_pages_in_welsh_pass_axe(page, axe, demo):
    for username, paths in PAGES.items():
        page.context.clear_cookies()
        if username:
            sign_in(page, username)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            _is_welsh(page)
            axe(page)
        # The first case on the list opens in Welsh too.
        if username == "champion-swansea":
            page.goto("/cy/disputes/")
            page.locator("table a.govuk-link[href*='/disputes/SWA-']").first.click()
            _is_welsh(page)
            axe(page)
        if username == "commissioner-swansea":
            page.goto("/cy/exercises/")
            page.locator("table a.govuk-link[href*='/exercises/']").first.click()
            _is_welsh(page)
            axe(page)


def test_your_work_in_english_passes_axe(page, axe, demo):
    for username in ("champion-swansea", "commissioner-swansea", "tenderer-swansea"):
        page.context.clear_cookies()
        sign_in(page, username)
        page.goto("/your-work/")
        expect(page.get_by_role("heading", name="Your work", level=1)).to_be_visible()
        axe(page)


def _date(page, prefix, day):
    page.locator(f"#id_{prefix}_0").fill(str(day.day))
    page.locator(f"#id_{prefix}_1").fill(str(day.month))
    page.locator(f"#id_{prefix}_2").fill(str(day.year))


def test_an_opportunity_is_published_bid_for_and_awarded_in_welsh(page, axe, demo):
    exercise = Exercise.objects.get(
        title="Digital inclusion for older people", compact__slug="swansea"
    )
    today = timezone.localdate()

    sign_in(page, "commissioner-swansea")
    page.goto("/cy/your-work/")
    page.get_by_role("navigation").get_by_role("link", name=cy("Exercises"), exact=True).click()
    expect(page.get_by_role("heading", name=cy("Your exercises"))).to_be_visible()
    _is_welsh(page)
    axe(page)
    page.get_by_role("link", name=exercise.reference).click()
    axe(page)
    page.get_by_role("link", name=cy("Publish the opportunity")).click()
    _date(page, "tender-opens_on", today)
    _date(page, "tender-closes_on", today + datetime.timedelta(days=42))
    page.locator("#id_tender-closes_at").fill("12:00")
    page.get_by_role("button", name=cy("Publish the opportunity")).click()
    # Without a consultation first: the departure is explained in Welsh.
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _is_welsh(page)
    axe(page)
    page.get_by_label(cy("Why is there no consultation?")).fill(
        "Mae'r cynllun yn ailadrodd un y llynedd, yr ymgynghorwyd â'r sector arno."
    )
    page.get_by_role("button", name=cy("Publish the opportunity")).click()
    expect(page.get_by_text(cy("The opportunity is published."))).to_be_visible()
    axe(page)

    # A tenderer reads the opportunity and bids, in Welsh.
    page.context.clear_cookies()
    sign_in(page, "tenderer-swansea")
    page.goto("/cy/opportunities/")
    _is_welsh(page)
    page.get_by_role("link", name="Digital inclusion for older people").click()
    axe(page)
    page.get_by_role("link", name=cy("Bid for this")).click()
    page.get_by_role("button", name=cy("Start a bid")).click()
    expect(
        page.get_by_role("heading", name=cy("Your bid for %(title)s", title=exercise.title))
    ).to_be_visible()
    axe(page)
    page.get_by_label(cy("Your proposal")).fill(
        "Sesiynau galw heibio wythnosol mewn chwe llyfrgell."
    )
    page.get_by_label(cy("Direct costs of the service (£)")).fill("52000")
    page.get_by_label(cy("Your share of overheads (£)")).fill("7800")
    page.get_by_role("button", name=cy("Submit your bid")).click()
    expect(
        page.get_by_text(cy("Your bid is sent. It stays sealed until bidding closes."))
    ).to_be_visible()
    expect(page.locator(".app-step-list__item--current")).to_contain_text(cy("Open for bids"))
    _is_welsh(page)
    axe(page)

    # The window closes; the commissioner opens the bids and makes the award, in Welsh.
    Exercise.objects.filter(pk=exercise.pk).update(
        bids_close_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    page.context.clear_cookies()
    sign_in(page, "commissioner-swansea")
    with translation.override("cy"):
        page.goto(exercise.get_absolute_url())
    page.get_by_role("link", name=cy("Open the bids")).click()
    expect(
        page.get_by_role(
            "heading", name=cy("%(action)s: are you sure?", action=cy("Open the bids"))
        )
    ).to_be_visible()
    axe(page)
    page.get_by_role("button", name=cy("Yes, open the bids")).click()
    expect(page.get_by_text(cy("The bids are open for evaluation."))).to_be_visible()
    page.get_by_role("link", name=cy("Score and award")).click()
    _is_welsh(page)
    axe(page)
    page.get_by_label(
        cy("Score for %(organisation)s (0 to 100)", organisation="Gower Befriending Service (demo)")
    ).fill("80")
    page.get_by_label(
        cy("Feedback for %(organisation)s", organisation="Gower Befriending Service (demo)")
    ).fill("Cynllun ymarferol sy'n cyrraedd pobl lle maen nhw eisoes yn mynd.")
    page.get_by_role("checkbox", name="Gower Befriending Service (demo)").check()
    page.get_by_role("button", name=cy("Make the award")).click()
    axe(page)
    page.get_by_role("button", name=cy("Yes, make the award")).click()
    expect(
        page.get_by_text(cy("The award is made. Every bidder will receive a letter with feedback."))
    ).to_be_visible()
    _is_welsh(page)

    # The tenderer follows it to the award, and its letter, in Welsh.
    page.context.clear_cookies()
    sign_in(page, "tenderer-swansea")
    page.goto("/cy/bids/")
    page.get_by_role("link", name="Digital inclusion for older people").click()
    expect(page.locator(".app-step-list__item--current")).to_contain_text(cy("Awarded"))
    expect(
        page.get_by_role(
            "link",
            name=re.compile(
                re.escape(cy("The result of your bid (PDF, %(date)s)", date="X")).split("X")[0]
            ),
        )
    ).to_be_visible()
    _is_welsh(page)
    axe(page)
