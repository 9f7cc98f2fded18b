"""Browser tests: a real Chromium (Debian's, via Playwright) against pytest-django's live server.

Static files: the autouse ``_plain_static_storage`` fixture in tests/conftest.py swaps the manifest
storage for the plain one, so the live server serves CSS and JS from the staticfiles finders
without collectstatic.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an asyncio event loop in this thread; without this Django's ORM
# (fixtures, live-server setup) refuses to run here with SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("FRIVILLIG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "frivillig-demo"
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pytest_configure(config):
    # Registered in pyproject.toml too once it exists; registering twice does no harm.
    config.addinivalue_line("markers", "browser: end-to-end tests in a real browser (Playwright + Chromium)")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A page that fails the test if the browser reports a Content-Security-Policy violation or a
    JavaScript error: with a strict CSP, an inline script or style would otherwise break silently."""
    page = context.new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    page.close()
    blocking = [text for text in problems if "Content Security Policy" in text or "Error" in text]
    assert not blocking, f"The browser reported: {blocking}"


@pytest.fixture
def demo_data(transactional_db, live_server):
    """The demo organisations, bodies and logins (password ``frivillig-demo``)."""
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def screenshot_dir():
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


def assert_accessible(page):
    """Fail with axe-core's report if the page as it is now has any accessibility violation.

    What axe_playwright_python's Axe().run(page) does, except that only the violations come back from the
    browser: the whole result (every rule that passed, with its elements) is most of the time a check takes.
    """
    from axe_playwright_python.base import AXE_SCRIPT, AxeResults

    # A test that has just followed a link waits for the new URL; the new document may still be
    # loading then, and axe run on a document being replaced fails on its null documentElement.
    page.wait_for_load_state("load")
    page.evaluate(AXE_SCRIPT)
    violations = page.evaluate('axe.run({"resultTypes": ["violations"]}).then(results => results.violations)')
    results = AxeResults({"violations": violations})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture():
    """``assert_accessible(page)`` for test modules, which cannot import from conftest."""
    return assert_accessible
