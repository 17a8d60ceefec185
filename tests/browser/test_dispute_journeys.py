"""A dispute from the form to mediation, as the people involved would do it in a browser,
with and without JavaScript, checked with axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _continue(page):
    page.get_by_role("button", name="Continue").click()


def test_a_member_raises_a_dispute_and_it_reaches_mediation(page, axe, demo):
    sign_in(page, "complainant-swansea")
    page.goto("/disputes/")
    axe(page)
    page.get_by_role("button", name="Raise a dispute").click()

    expect(page.get_by_role("heading", name="Which compact is the dispute under?")).to_be_visible()
    axe(page)
    _continue(page)  # nothing chosen: an error, said plainly
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the compact the dispute is under"
    )
    axe(page)
    page.get_by_label(re.compile("City & County of Swansea")).check()
    _continue(page)

    expect(
        page.get_by_role("heading", name=re.compile("Which of your organisations"))
    ).to_be_visible()
    axe(page)
    _continue(page)  # the only organisation is already chosen

    axe(page)
    page.get_by_label("Which organisation is the dispute with?").select_option(
        label="City and County of Swansea Council"
    )
    _continue(page)

    axe(page)
    page.get_by_role("checkbox").first.check()
    _continue(page)

    axe(page)
    page.get_by_label("What happened?").fill("The council gave ten days to bid for a grant.")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    _continue(page)

    axe(page)
    page.get_by_label("What have you already tried?").fill("We wrote to the grants team.")
    _continue(page)
    axe(page)
    page.get_by_label("What outcome are you looking for?").fill("Reopen the round for six weeks.")
    _continue(page)
    axe(page)
    page.get_by_label("Evidence file").set_input_files(
        files=[{"name": "letter.txt", "mimeType": "text/plain", "buffer": b"Our letter."}]
    )
    _continue(page)

    expect(
        page.get_by_role("heading", name="Check your answers before sending the dispute")
    ).to_be_visible()
    expect(page.get_by_text("The council gave ten days to bid for a grant.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Send the dispute").click()

    expect(page.get_by_role("heading", name="Dispute sent")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"SWA-D-\d{4}-\d{4}", reference)
    axe(page)
    page.get_by_role("link", name="Follow the dispute").click()
    expect(page.get_by_role("heading", name=f"Dispute {reference}")).to_be_visible()
    expect(page.get_by_role("link", name="letter.txt")).to_be_visible()
    axe(page)

    # The Champion triages it from the inbox and, after a meeting, escalates it.
    page.context.clear_cookies()
    sign_in(page, "champion-swansea")
    page.goto("/tasks/inbox/")
    axe(page)
    page.get_by_role("link", name=reference).click()
    axe(page)
    page.get_by_label("Yes: start informal resolution").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Done. The dispute is at informal resolution")).to_be_visible()
    page.get_by_label("Meeting").check()
    page.get_by_role("textbox", name="Note").fill("Met both organisations on Tuesday.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Met both organisations on Tuesday.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Do this step").click()
    page.get_by_label("It was not resolved: send it to mediation").check()
    page.get_by_label("What was agreed, or why it needs mediation").fill(
        "The council will not reopen the round."
    )
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Done. The dispute is at mediation")).to_be_visible()

    # A joint body member takes the appointment from the queue.
    page.context.clear_cookies()
    sign_in(page, "jb-vcs-swansea")
    page.goto("/tasks/queue/")
    axe(page)
    row = page.get_by_role("row").filter(has_text=reference)
    row.get_by_role("button", name=re.compile("^Take")).click()
    expect(page.get_by_text("1 step now in your inbox.")).to_be_visible()
    axe(page)
    page.get_by_label(re.compile("Mediator City and County of Swansea")).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("appointed as mediator").first).to_be_visible()
