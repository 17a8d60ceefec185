"""Browser journeys: Playwright drives the system's Chromium against the live server.

Playwright cannot download its own browser here, so we launch Debian's `chromium`. On a
machine without it the browser tests are skipped with a message saying so; in CI (where
`.ci/run` installs it) a missing browser fails the run.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# beside one unless told it is safe, which it is here (one thread drives both in turn).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = (
    os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)
# The WCAG 2.2 A and AA rules, with the earlier versions' rules they build on.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    here = Path(__file__).parent
    browser_items = [item for item in items if Path(item.fspath).is_relative_to(here)]
    if not browser_items:
        return
    message = (
        "Chromium is not installed, so the browser tests are skipped. "
        "Install it (Debian: apt-get install chromium) to run them."
    )
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI needs Chromium for the browser tests: {message}")
    config.issue_config_time_warning(pytest.PytestWarning(message), stacklevel=2)
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", quiet_logins=True)


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def js(request):
    return request.param


@pytest.fixture
def page(new_context, live_server, js):
    """A page on the live server, with JavaScript on or off. Any content security policy
    violation the browser reports fails the test."""
    context = new_context(base_url=live_server.url, java_script_enabled=js)
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert violations == [], f"Content security policy violations: {violations}"


class Axe:
    """Runs axe-core on the page and fails on any WCAG 2.2 A or AA violation.

    axe is JavaScript, so it runs only where the page's JavaScript is on; each journey
    runs both ways over the same server-rendered pages, so every page is checked once.
    """

    def __init__(self, js_enabled):
        self.js_enabled = js_enabled
        self.checked = []

    def __call__(self, page):
        if not self.js_enabled:
            return
        # Load axe as a same-origin file, so the page's content security policy (which
        # forbids inline script) allows it without being switched off for the check.
        if not getattr(page, "_axe_routed", False):
            page.route(
                "**/__axe__.js",
                lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"),
            )
            page._axe_routed = True
        # A click that submits a form may still be loading the next page: wait for it, and
        # if the page was replaced while the script went in, load it again into the new one.
        page.wait_for_load_state()
        origin = "/".join(page.url.split("/")[:3])
        try:
            page.add_script_tag(url=f"{origin}/__axe__.js")
        except PlaywrightError:
            page.wait_for_load_state()
            page.add_script_tag(url=f"{origin}/__axe__.js")
        violations = page.evaluate(
            """async (tags) => {
                const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
                }));
            }""",
            WCAG_TAGS,
        )
        self.checked.append(page.url)
        assert violations == [], f"Accessibility violations on {page.url}: {violations}"


@pytest.fixture
def axe(js):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make install does).")
    return Axe(js_enabled=js)


def sign_in(page, username, password="compact-demo"):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # Wait for the signed-in page: the click only starts the navigation.
    expect(page.get_by_text("Signed in as")).to_be_visible()
