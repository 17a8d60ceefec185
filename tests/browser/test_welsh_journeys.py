"""The service in Welsh, in the browser, with and without JavaScript: a dispute raised and
triaged in Welsh, and the pages of each journey (disputes, commissioning, the Compact's year,
tasks and homes) read in Welsh, checked with axe. Every label is looked up in the Welsh
catalogue, so the test follows the catalogue rather than repeating it."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def cy(message, **values):
    with translation.override("cy"):
        text = gettext(message)
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
