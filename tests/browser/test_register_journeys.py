"""Journeys through the register as people would take them, with and without JavaScript,
checked with axe on every page."""

import re

import pytest
from django.test import RequestFactory
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_reads_a_compacts_commitments_and_signatories(page, axe, demo):
    page.goto("/")
    axe(page)
    page.get_by_role(
        "link", name=re.compile("Compact between the City & County of Swansea")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Swansea")
    expect(page.get_by_text("Joint Liaison Committee").first).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Commitments", exact=True).first.click()
    expect(page.get_by_role("heading", name="Commitments", level=1)).to_be_visible()
    axe(page)
    page.get_by_label("Code of practice").select_option("funding")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="Funding and commissioning")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Shared principles and partnership working")
    ).to_have_count(0)
    page.get_by_role("link", name=re.compile(r"^FC\d")).first.click()
    expect(page.get_by_text("Where it comes from")).to_be_visible()
    axe(page)

    page.goto("/compacts/swansea/signatories/")
    expect(page.get_by_role("cell", name="Swansea Council for Voluntary Services")).to_be_visible()
    page.get_by_label("Sector").select_option("statutory")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("cell", name="Swansea Council for Voluntary Services")).to_have_count(0)
    axe(page)


def _tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Could not reach {selector} with the Tab key")


def test_an_organisation_asks_to_sign_with_the_keyboard_alone_and_the_champion_approves(
    page, axe, demo
):
    page.goto("/compacts/swansea/sign-up/")
    axe(page)
    keyboard = page.keyboard

    _tab_to(page, "#id_organisation_name")
    keyboard.type("Mumbles Lunch Club")
    _tab_to(page, "input[name=sector]")
    keyboard.press("ArrowDown")  # the second choice: voluntary and community sector
    _tab_to(page, "#id_legal_form")
    # Select the option by typing its first letters, as keyboard users do.
    keyboard.type("Unincorporated")
    _tab_to(page, "#id_address")
    keyboard.type("2 Promenade, Mumbles")
    _tab_to(page, "#id_postcode")
    keyboard.type("sa3 4aa")
    _tab_to(page, "#id_purpose")
    keyboard.type("A weekly lunch club for older people.")
    _tab_to(page, "#id_contact_name")
    keyboard.type("Rhian Evans")
    _tab_to(page, "#id_contact_position")
    keyboard.type("Secretary")
    _tab_to(page, "#id_contact_email")
    keyboard.type("rhian-at-lunchclub")  # a mistake, to be corrected
    _tab_to(page, "#id_governing_body")
    keyboard.type("The committee")
    for box in ("governing_body_agreed", "agrees_to_principles", "understands_not_binding"):
        _tab_to(page, f"#id_{box}")
        keyboard.press("Space")
    _tab_to(page, "button[type=submit].govuk-button")
    keyboard.press("Enter")

    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an email address in the correct format")
    axe(page)
    # Nothing typed was lost.
    expect(page.locator("#id_purpose")).to_have_value("A weekly lunch club for older people.")
    # Follow the error summary's link to the field, then fix it.
    summary.get_by_role("link").first.focus()
    keyboard.press("Enter")
    page.locator("#id_contact_email").focus()
    page.locator("#id_contact_email").fill("")
    keyboard.type("rhian@lunchclub.example.org")
    _tab_to(page, "button[type=submit].govuk-button")
    keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"SWA-S-\d{4}-\d{4}", reference)
    axe(page)

    page.context.clear_cookies()
    sign_in(page, "champion-swansea")
    axe(page)
    page.goto("/compacts/swansea/")
    page.get_by_role("link", name=re.compile("sign-up requests? waiting")).click()
    axe(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name="Mumbles Lunch Club")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Approve and add to the register").click()
    expect(page.get_by_text("Mumbles Lunch Club is now a signatory")).to_be_visible()
    page.goto("/compacts/swansea/signatories/?q=Mumbles")
    expect(page.get_by_role("cell", name="Mumbles Lunch Club")).to_be_visible()


def test_the_champion_declines_with_a_reason_after_an_error(page, axe, demo):
    sign_in(page, "champion-swansea")
    page.goto("/compacts/swansea/sign-up-requests/")
    page.get_by_role("link", name=re.compile(r"SWA-S-")).first.click()
    page.get_by_role("button", name="Decline").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason")
    axe(page)
    page.get_by_label("Why is the request declined?").fill("The society is outside Swansea.")
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_text("was declined")).to_be_visible()
    page.goto("/compacts/swansea/sign-up-requests/?status=declined")
    page.get_by_role("link", name=re.compile(r"SWA-S-")).first.click()
    expect(page.get_by_text("The society is outside Swansea.").first).to_be_visible()
    axe(page)


@pytest.mark.parametrize("js", [True], ids=["js"])
def test_the_accessibility_check_catches_a_violation(page, axe):
    """The harness is only worth having if it fails on a real problem."""
    page.set_content("<html lang='en'><title>t</title><main><img src='x.png'></main></html>")
    with pytest.raises(AssertionError, match="image-alt"):
        axe(page)


def test_a_host_the_service_does_not_answer_to_gets_an_accessible_400(page, axe, settings):
    settings.ALLOWED_HOSTS = ["compact.example.org"]
    page.goto("/")
    expect(
        page.get_by_role("heading", name="Sorry, the request could not be understood")
    ).to_be_visible()
    axe(page)


def test_sign_in_account_and_error_pages(page, axe, demo):
    page.goto("/accounts/login/")
    axe(page)
    page.get_by_label("Username").fill("champion-swansea")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct username")
    axe(page)
    page.goto("/accounts/password-reset/")
    axe(page)
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    axe(page)
    # A form sent without its security token (cookies lost): our page, not Django's.
    page.goto("/accounts/login/")
    page.context.clear_cookies()
    page.get_by_label("Username").fill("champion-swansea")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sorry, that form has expired")).to_be_visible()
    axe(page)
    sign_in(page, "champion-swansea")
    page.goto("/account/")
    axe(page)
    page.goto("/compacts/swansea/rules/")
    axe(page)
    page.goto("/organisations/gower-befriending-service-demo/")
    axe(page)


def test_a_champion_makes_an_api_token_uses_it_and_revokes_it(page, axe, demo):
    sign_in(page, "champion-swansea")
    page.goto("/account/")
    page.get_by_role("link", name="Manage your API tokens").click()
    axe(page)
    page.get_by_role("button", name="Make the token").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the token is for")
    axe(page)
    page.get_by_label("What is the token for?").fill("Council grants system")
    page.get_by_role("button", name="Make the token").click()
    key = page.locator("#new-token").inner_text()
    assert key.startswith("cc_")
    axe(page)
    inbox = page.request.get("/api/v1/tasks/inbox", headers={"Authorization": f"Bearer {key}"})
    assert inbox.status == 200 and inbox.json()["count"] > 0
    page.get_by_role("button", name="Revoke Council grants system").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    axe(page)
    refused = page.request.get("/api/v1/tasks/inbox", headers={"Authorization": f"Bearer {key}"})
    assert refused.status == 401
    page.goto("/api/v1/docs/")
    expect(page.get_by_role("heading", name="Compact Casework API")).to_be_visible()
    axe(page)


def test_the_database_unavailable_page_is_accessible(page, axe):
    """The 503 page is rendered without the database (cases.common.errors): shown here as
    the service sends it, on the service's own address, with its stylesheet."""
    from cases.common.errors import database_unavailable

    request = RequestFactory().get("/opportunities/")
    page.goto("/accounts/login/")
    page.set_content(database_unavailable(request).content.decode())
    expect(
        page.get_by_role("heading", name="Sorry, the service is unavailable for a moment")
    ).to_be_visible()
    axe(page)


def test_the_health_pages_are_accessible(page, axe):
    page.goto("/health/live/")
    axe(page)
    page.goto("/health/ready/")
    axe(page)
