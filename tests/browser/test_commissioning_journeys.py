"""A commissioner publishes an opportunity; a tenderer bids and follows the tracker to the
award. With and without JavaScript, axe on every page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.commissioning.models import Exercise
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _date(page, prefix, day):
    page.locator(f"#id_{prefix}_0").fill(str(day.day))
    page.locator(f"#id_{prefix}_1").fill(str(day.month))
    page.locator(f"#id_{prefix}_2").fill(str(day.year))


def test_an_opportunity_is_published_bid_for_and_awarded(page, axe, demo):
    exercise = Exercise.objects.get(
        title="Digital inclusion for older people", compact__slug="swansea"
    )
    today = timezone.localdate()

    sign_in(page, "commissioner-swansea")
    page.get_by_role("link", name="Exercises", exact=True).click()  # in the navigation
    expect(page.get_by_role("heading", name="Your exercises")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=exercise.reference).click()
    axe(page)
    # Each action is its own page, reached from the actions open now.
    page.get_by_role("link", name="Publish the opportunity").click()
    expect(page.get_by_role("heading", name="Publish the opportunity")).to_be_visible()
    axe(page)
    _date(page, "tender-opens_on", today)
    _date(page, "tender-closes_on", today + datetime.timedelta(days=14))
    page.locator("#id_tender-closes_at").fill("12:00")
    page.get_by_role("button", name="Publish the opportunity").click()
    # Swansea expects a consultation first: going without one is a departure to explain.
    expect(page.locator(".govuk-error-summary")).to_contain_text("No consultation")
    axe(page)
    page.get_by_label("Why is there no consultation?").fill(
        "The scheme repeats last year's, which the sector was consulted on."
    )
    page.get_by_role("button", name="Publish the opportunity").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("30 days to bid")
    axe(page)
    _date(page, "tender-opens_on", today)
    _date(page, "tender-closes_on", today + datetime.timedelta(days=42))
    page.locator("#id_tender-closes_at").fill("12:00")
    page.get_by_role("button", name="Publish the opportunity").click()
    expect(page.get_by_text("The opportunity is published.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "tenderer-swansea")
    page.goto("/opportunities/")
    axe(page)
    page.get_by_role("link", name="Consultations").click()
    expect(page.get_by_role("link", name="Community transport for rural areas")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Alerts").click()
    page.get_by_label("Words to look for (optional)").fill("transport, carers")
    page.get_by_role("button", name="Set the alert").click()
    expect(page.get_by_text("The alert is set.")).to_be_visible()
    axe(page)
    # Its e-mails' one-click stop asks first, without signing in.
    from cases.commissioning.models import Alert
    from cases.commissioning.services import stop_token

    alert = Alert.objects.filter(user__username="tenderer-swansea").latest("pk")
    page.goto(f"/alerts/stop/{stop_token(alert)}/")
    expect(page.get_by_role("heading", name="Stop this alert?")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Yes, stop it").click()
    expect(page.get_by_role("heading", name="Alert stopped")).to_be_visible()
    axe(page)
    page.goto("/consultations/")
    page.get_by_role("link", name="Funding opportunities").click()
    # An opportunity with its tender pack: documents, criteria and a change since publication.
    page.get_by_role("link", name="Young carers' breaks and support").first.click()
    expect(page.get_by_role("heading", name="Changes since publication")).to_be_visible()
    expect(page.get_by_role("table", name="How bids are scored")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Funding opportunities").first.click()
    page.get_by_role("link", name="Digital inclusion for older people").click()
    axe(page)
    page.get_by_role("link", name="Bid for this").click()
    axe(page)
    page.get_by_role("button", name="Start a bid").click()
    expect(
        page.get_by_role("heading", name=re.compile("Your bid for Digital inclusion"))
    ).to_be_visible()
    axe(page)
    page.get_by_label("Your proposal").fill("Weekly drop-in sessions in six libraries.")
    page.get_by_role("button", name="Submit your bid").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the direct costs")
    page.get_by_label("Direct costs of the service (£)").fill("52000")
    page.get_by_label("Your share of overheads (£)").fill("7800")
    page.get_by_role("button", name="Submit your bid").click()
    expect(page.get_by_text("Your bid is sent.")).to_be_visible()
    expect(page.locator(".app-step-list__item--current")).to_contain_text("Open for bids")
    axe(page)
    page.goto("/bids/")
    expect(page.get_by_role("row").filter(has_text="Digital inclusion")).to_contain_text(
        "Submitted"
    )
    axe(page)

    # Six weeks pass: the window closes.
    Exercise.objects.filter(pk=exercise.pk).update(
        bids_close_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    page.context.clear_cookies()
    sign_in(page, "commissioner-swansea")
    page.goto(exercise.get_absolute_url())
    page.get_by_role("link", name="Open the bids").click()
    # Opening cannot be undone: the service asks first.
    expect(page.get_by_role("heading", name="Open the bids: are you sure?")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Yes, open the bids").click()
    expect(page.get_by_text("The bids are open for evaluation.")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Score and award").click()
    axe(page)
    page.get_by_label(re.compile("Score for Gower Befriending")).fill("80")
    page.get_by_label(re.compile("Feedback for Gower Befriending")).fill(
        "A practical plan that reaches people where they already go."
    )
    page.get_by_role("checkbox", name="Gower Befriending Service (demo)").check()
    page.get_by_role("button", name="Make the award").click()
    expect(page.get_by_role("heading", name="Score and award: are you sure?")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="No, go back and change it").click()
    expect(page.get_by_label(re.compile("Score for Gower Befriending"))).to_have_value("80")
    page.get_by_role("button", name="Make the award").click()
    page.get_by_role("button", name="Yes, make the award").click()
    expect(page.get_by_text("The award is made.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "tenderer-swansea")
    page.goto("/bids/")
    page.get_by_role("link", name="Digital inclusion for older people").click()
    expect(page.locator(".app-step-list__item--current")).to_contain_text("Awarded")
    expect(page.get_by_text("Wait for the standstill to end")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("The result of your bid"))).to_be_visible()
    axe(page)
