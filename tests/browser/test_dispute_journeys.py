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
    page.get_by_label("Give the dispute a short title").fill("Ten days to bid for a grant")
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
    # A step that cannot be undone asks first; going back keeps the choice.
    expect(
        page.get_by_role("heading", name=re.compile("into informal resolution\\?"))
    ).to_be_visible()
    axe(page)
    page.get_by_role("button", name="No, go back and change it").click()
    expect(page.get_by_label("Yes: start informal resolution")).to_be_checked()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Yes, accept the dispute").click()
    expect(page.get_by_text("Done. The dispute is at informal resolution")).to_be_visible()

    # The council puts its side, with evidence; a slip is shown plainly and nothing is lost.
    page.context.clear_cookies()
    sign_in(page, "commissioner-swansea")
    page.goto("/tasks/inbox/")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name="Answer the dispute")).to_be_visible()
    expect(page.get_by_text("The council gave ten days to bid for a grant.")).to_be_visible()
    axe(page)
    page.get_by_label("Your account of what happened").fill(
        "The round was advertised on our website and in the newsletter."
    )
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say whether you accept")
    expect(page.get_by_label("Your account of what happened")).to_have_value(
        "The round was advertised on our website and in the newsletter."
    )
    axe(page)
    page.get_by_label("We say we kept it").first.check()
    page.get_by_label("What do you offer to put it right? (optional)").fill(
        "A second round in the spring."
    )
    page.get_by_label("Evidence file (optional)").set_input_files(
        files=[{"name": "newsletter.txt", "mimeType": "text/plain", "buffer": b"Grants open."}]
    )
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Done. Your answer was sent")).to_be_visible()
    expect(page.get_by_role("heading", name="The respondent's answer")).to_be_visible()
    expect(page.get_by_text("A second round in the spring.")).to_be_visible()
    expect(page.get_by_role("link", name="newsletter.txt")).to_be_visible()
    axe(page)

    page.context.clear_cookies()
    sign_in(page, "champion-swansea")
    page.goto(f"/disputes/{reference}/")
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
    page.get_by_role("button", name="Yes, send it to mediation").click()
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
    page.get_by_role("button", name=re.compile("^Yes, appoint")).click()
    expect(page.get_by_text("appointed as mediator").first).to_be_visible()


def test_the_champion_gives_a_late_respondent_more_time(page, axe, demo):
    sign_in(page, "champion-swansea")
    page.goto("/disputes/SWA-D-2026-0003/")
    expect(page.get_by_text("Not yet given.")).to_be_visible()
    axe(page)
    page.get_by_text("Give the respondent more time to answer").click()
    page.get_by_role("button", name="Give more time").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter how many more working days the respondent has"
    )
    axe(page)
    page.get_by_label("How many more working days?").fill("5")
    page.get_by_label("Why does the respondent have more time?").fill(
        "The council's grants officer was ill."
    )
    page.get_by_role("button", name="Give more time").click()
    expect(page.get_by_text(re.compile("The respondent now has until"))).to_be_visible()
    expect(page.get_by_text("The council's grants officer was ill.")).to_be_visible()
    axe(page)


def test_a_draft_is_continued_saved_for_later_and_deleted_after_asking(page, axe, demo):
    sign_in(page, "complainant-swansea")
    page.goto("/disputes/")
    drafts = page.get_by_role("table").filter(has_text="Deleted on")
    expect(drafts).to_contain_text("A dispute under")
    axe(page)
    drafts.get_by_role("link", name=re.compile("^Continue")).click()
    expect(page.get_by_role("heading", name="What happened?")).to_be_visible()
    page.get_by_label("What happened?").fill("The council cut our grant with two weeks' notice.")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Give the dispute a short title").fill("Grant cut at two weeks' notice")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text(re.compile("Your draft is saved"))).to_be_visible()
    expect(
        page.get_by_role("cell", name=re.compile("^Draft Grant cut at two weeks"))
    ).to_be_visible()
    axe(page)
    page.get_by_role("link", name=re.compile("^Delete")).click()
    expect(
        page.get_by_role("heading", name="Are you sure you want to delete this draft?")
    ).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Yes, delete the draft").click()
    expect(page.get_by_text("Your draft was deleted.")).to_be_visible()
    expect(page.get_by_text("Your drafts")).to_have_count(0)


def test_remedies_are_reported_challenged_and_confirmed(page, axe, demo):
    # A joint body member sees the overdue remedy and could find it not carried out.
    sign_in(page, "jb-vcs-swansea")
    page.goto("/disputes/SWA-D-2026-0009/#remedies")
    expect(page.get_by_role("button", name="Record it was not carried out")).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True).first).to_be_visible()
    axe(page)

    # The panel's chair sees where remedies are set on the decision.
    page.context.clear_cookies()
    sign_in(page, "chair-swansea")
    page.goto("/tasks/inbox/")
    page.get_by_role("link", name="SWA-D-2026-0008").click()
    expect(
        page.get_by_role("heading", name="What the decision asks for (optional)")
    ).to_be_visible()
    axe(page)

    # The council reports the overdue remedy done.
    page.context.clear_cookies()
    sign_in(page, "commissioner-swansea")
    page.goto("/tasks/inbox/")
    page.get_by_role("row").filter(has_text="Carry out the remedy").get_by_role(
        "link"
    ).first.click()
    expect(page.get_by_role("heading", name="Carry out the remedy")).to_be_visible()
    axe(page)
    page.get_by_label("What did you do?").fill("We wrote to the forum on Monday.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("The joint body will confirm")).to_be_visible()
    axe(page)

    # The complainant says one was not done.
    page.context.clear_cookies()
    sign_in(page, "complainant-swansea")
    page.goto("/disputes/SWA-D-2026-0009/#remedies")
    page.get_by_role("button", name="Say it was not done").first.click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what was not done")
    axe(page)
    page.get_by_label("What was not done?").first.fill("Nothing was in the newsletter.")
    page.get_by_role("button", name="Say it was not done").first.click()
    expect(
        page.get_by_text("The joint body will see that you say it was not done.")
    ).to_be_visible()

    # A joint body member takes the check from the queue and confirms it.
    page.context.clear_cookies()
    sign_in(page, "jb-vcs-swansea")
    page.goto("/tasks/queue/?kind=remedy")
    axe(page)
    page.get_by_role("row").filter(has_text="SWA-D-2026-0009").first.get_by_role(
        "button", name=re.compile("^Take")
    ).click()
    page.goto("/tasks/inbox/?kind=remedy")
    page.get_by_role("row").filter(has_text="Confirm the remedy").get_by_role("link").first.click()
    expect(page.get_by_text("Nothing was in the newsletter.").first).to_be_visible()
    axe(page)
    page.get_by_label("Yes: confirm it was carried out").check()
    page.get_by_role("button", name="Save and continue").click()
    axe(page)
    page.get_by_role("button", name="Yes, confirm it").click()
    expect(page.get_by_text("Done. The remedy is confirmed.")).to_be_visible()
