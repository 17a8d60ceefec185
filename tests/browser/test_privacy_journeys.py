"""Personal data as people meet it, with and without JavaScript, axe on every page: anyone
reads the privacy notice from the footer; the Champion sees who looked at a dispute; the
data protection officer searches the access log, keeps the retention schedule, places and
lifts a legal hold (lifting asks first) and reads what falls due for disposal."""

import re

import pytest
from playwright.sync_api import expect

from cases.disputes.models import Dispute
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_privacy_notice_and_who_looked_at_a_dispute(page, axe, demo):
    page.goto("/")
    page.get_by_role("link", name="Privacy: what we hold about you").click()
    expect(page.get_by_role("heading", name="How long we keep it")).to_be_visible()
    axe(page)
    dispute = Dispute.objects.filter(compact__slug="swansea").order_by("created_at").first()
    sign_in(page, "champion-swansea")
    page.goto(dispute.get_absolute_url())
    page.get_by_role("link", name="Who has looked at this dispute").click()
    expect(
        page.get_by_role("heading", name=re.compile("Who has looked at dispute"))
    ).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("champion-swansea")
    axe(page)


def test_the_data_protection_officer_keeps_the_log_schedule_and_holds(page, axe, demo):
    sign_in(page, "dpo-swansea")
    page.goto("/your-work/")
    page.get_by_role("navigation").get_by_role("link", name="Data protection").click()
    expect(page.get_by_role("heading", name="Data protection", level=1)).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Who looked at confidential records").click()
    page.get_by_label("Person").fill("champion-swansea")
    page.get_by_label("Sort by").select_option("oldest")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("table")).to_contain_text("champion-swansea")
    expect(page.get_by_role("table")).not_to_contain_text("jb-vcs-swansea")
    axe(page)

    page.goto("/data-protection/retention/")
    page.get_by_label("Kept for (months)").fill("0")
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a number of months from 1 to 240"
    )
    axe(page)
    page.get_by_label("Kept for (months)").fill("84")
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_text("The retention schedule is changed.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Closed disputes"))).to_contain_text("84")
    axe(page)

    page.goto("/data-protection/holds/")
    reference = Dispute.objects.filter(compact__slug="swansea").order_by("pk").first().reference
    page.get_by_label("Case reference").fill(reference)
    page.get_by_role("button", name="Hold the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the case is held")
    expect(page.get_by_label("Case reference")).to_have_value(reference)
    axe(page)
    page.get_by_label("Why is it held?").fill("A complaint to the ombudsman about the same round.")
    page.get_by_role("button", name="Hold the case").click()
    expect(page.get_by_text(f"{reference} is held")).to_be_visible()
    page.get_by_role("link", name=f"Lift the hold on {reference}").click()
    expect(page.get_by_role("heading", name=f"Lift the hold on {reference}?")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="No, keep it held").click()
    expect(page.get_by_role("table")).to_contain_text(reference)
    page.get_by_role("link", name=f"Lift the hold on {reference}").click()
    page.get_by_label("Why is the hold lifted?").fill("The ombudsman closed the complaint.")
    page.get_by_role("button", name="Yes, lift the hold").click()
    expect(page.get_by_text(f"The hold on {reference} is lifted.")).to_be_visible()

    page.goto("/data-protection/disposals/")
    expect(page.get_by_role("heading", name="Due in the next month")).to_be_visible()
    axe(page)


def test_the_officer_gives_a_person_their_data_and_cannot_erase_one_with_open_cases(
    page, axe, demo
):
    sign_in(page, "dpo")
    page.goto("/data-protection/")
    page.get_by_role("link", name="A person's data").click()
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the person's username, e-mail address or surname"
    )
    axe(page)
    page.get_by_label("Who is asking?").fill("complainant-swansea")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=re.compile("Complainant")).click()
    expect(page.get_by_role("table")).to_contain_text("Disputes you raised")
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download what is held (zip)").click()
    assert download.value.suggested_filename.endswith(".zip")
    expect(page.get_by_text("They raised disputes still open")).to_be_visible()
    page.goto(page.url + "erase/")
    expect(page.get_by_text("They cannot be erased yet:")).to_be_visible()
    expect(page.get_by_role("button", name="Yes, erase this person")).to_have_count(0)
    axe(page)
