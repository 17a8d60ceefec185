"""The Compact's year as people meet it, with and without JavaScript, checked with axe on
every page: versions of the Compact and their difference, the action plan and its
progress, impact assessments, and signatories renewing and leaving."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_reads_the_compacts_versions_plan_and_assessments(page, axe, demo):
    page.goto("/compacts/swansea/")
    page.get_by_role("link", name="Versions", exact=True).click()
    expect(page.get_by_role("heading", name="Versions of the Compact")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="See the difference from version 3").click()
    expect(page.get_by_role("heading", name="Commitments changed")).to_be_visible()
    expect(page.locator(".app-diff ins").first).to_be_visible()
    axe(page)
    page.goto("/compacts/swansea/versions/1/")
    expect(page.get_by_text("This is not the version in force")).to_be_visible()
    axe(page)

    page.goto("/compacts/swansea/")
    page.get_by_role("link", name="Action plan", exact=True).first.click()
    expect(page.get_by_role("heading", name="Action plan", level=1)).to_be_visible()
    page.get_by_label("Show").select_option("late")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("cell", name=re.compile("awareness session"))).to_be_visible()
    axe(page)
    page.get_by_role("link", name=re.compile("awareness session")).click()
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
    axe(page)

    page.goto("/compacts/swansea/impact-assessments/")
    axe(page)
    page.get_by_role("link", name="Closing two of the city's day centres for older people").click()
    expect(page.get_by_text("Waiting for the Champion's review.")).to_be_visible()
    axe(page)

    page.goto("/compacts/swansea/")
    expect(page.get_by_role("heading", name="This year so far")).to_be_visible()
    page.get_by_role("link", name="Annual report", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Annual report"), level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Bar chart: Disputes raised"))).to_be_visible()
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    axe(page)
    page.get_by_role("link", name=re.compile(r"^2025 to 2026$")).click()
    expect(page.get_by_role("heading", name="Annual report 2025 to 2026")).to_be_visible()
    axe(page)

    page.goto("/compacts/swansea/")
    page.get_by_role("link", name="Annual reviews", exact=True).click()
    page.get_by_role("link", name="2025 to 2026").click()
    expect(page.get_by_role("heading", name="The outcome")).to_be_visible()
    axe(page)

    page.goto("/compacts/nottinghamshire/signatories/?status=former")
    page.get_by_role("link", name="RCAN").click()
    expect(page.get_by_text("Former signatory")).to_be_visible()
    axe(page)


def test_the_joint_body_keeps_the_plan_and_the_champion_reviews(page, axe, demo):
    sign_in(page, "chair-swansea")
    page.goto("/compacts/swansea/action-plan/")
    page.get_by_role("link", name="Add an action").click()
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_role("link", name="Enter what will be done")).to_be_visible()
    axe(page)
    page.get_by_label("What will be done").fill("Write a Compact guide for new trustees.")
    page.get_by_label("Short term (3 to 6 months)").check()
    page.get_by_role("button", name="Save the action").click()
    expect(
        page.get_by_role("heading", name="Write a Compact guide for new trustees.")
    ).to_be_visible()
    page.get_by_label("On track").check()
    page.get_by_label("What has happened since the last update?").fill("A first draft is out.")
    page.get_by_role("button", name="Add the update").click()
    expect(page.get_by_text("A first draft is out.")).to_be_visible()
    axe(page)

    sign_in(page, "champion-swansea")
    page.goto("/notifications/")
    axe(page)
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("link", name="Back to your notifications")).to_be_visible()
    axe(page)
    page.goto("/tasks/inbox/")
    row = page.get_by_role("row", name=re.compile("Closing two of the city's day centres"))
    row.get_by_role("link").first.click()  # the step opens on the assessment's own page
    page.get_by_label("Your review").fill("Fair. The joint body will follow the new rooms.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Your review was recorded.")).to_be_visible()
    axe(page)
    page.goto("/compacts/swansea/commitments/FC1/change/")
    axe(page)
    page.goto("/compacts/swansea/commitments/add/")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("link", name="Enter a reference, like C12")).to_be_visible()
    axe(page)
    page.goto("/compacts/swansea/rules/")
    axe(page)
    page.goto("/compacts/swansea/signatories/")
    page.get_by_role("link", name="Swansea Council for Voluntary Services").click()
    page.get_by_role("link", name="Record that it is leaving").click()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Why is it leaving the Compact?").fill("A test of the question.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Yes, record that it left")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="No, go back and change it").click()
    expect(page.get_by_label("Why is it leaving the Compact?")).to_have_value(
        "A test of the question."
    )
    page.goto(page.url.replace("/leave/", "/renew/"))
    expect(page.get_by_role("heading", name=re.compile("renewal"))).to_be_visible()
    axe(page)

    sign_in(page, "commissioner-swansea")
    page.goto("/compacts/swansea/impact-assessments/new/")
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.get_by_role("link", name="Enter the report or decision")).to_be_visible()
    axe(page)


def test_the_chair_starts_a_review_and_the_joint_body_records_its_meeting(page, axe, demo):
    sign_in(page, "chair-swansea")
    page.goto("/compacts/swansea/reviews/")
    axe(page)
    page.get_by_label("Which year does it review?").select_option(label="2026 to 2027")
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", name="Annual review of 2026 to 2027")).to_be_visible()
    page.get_by_role("link", name="Propose a change to the Compact").click()
    page.get_by_role("button", name="Propose the change").click()
    expect(page.get_by_role("link", name="Choose what to change")).to_be_visible()
    axe(page)
    page.get_by_label("Change a rule").check()
    page.get_by_label("The rule (for a rule)").select_option(label="Mediation")
    page.get_by_label("Its new value (for a rule)").fill("25")
    page.get_by_label("Why should the Compact change?").fill("Mediators need more time.")
    page.get_by_role("button", name="Propose the change").click()
    expect(page.get_by_text("Mediators need more time.")).to_be_visible()
    axe(page)

    page.goto("/tasks/queue/")
    row = page.get_by_role("row", name=re.compile("The annual review of 2026 to 2027"))
    row.get_by_role("link").first.click()
    page.get_by_role("button", name="Take this step").click()
    expect(page.get_by_role("heading", name="Record the annual review meeting")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("link", name="Choose who attended")).to_be_visible()
    axe(page)
