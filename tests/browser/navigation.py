"""Opening a page, following a link and submitting a form in the browser journeys, each waiting for the
page it leads to.

Playwright's click returns once the click is dispatched: a check made at once (axe, a locator) could still
look at the page being left.
"""

import re

from playwright.sync_api import expect


def go(page, live_server, path):
    """Open the page at `path` and check that it stayed there (was not sent to the login page)."""
    page.goto(f"{live_server.url}{path}")
    expect(page).to_have_url(f"{live_server.url}{path}")


def address(path):
    """The page's whole address on the live server: its path exactly, with or without the anchor a
    redirect adds (#variant-3, #budget)."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + r"(#[\w-]*)?$")


def follow(page, href):
    """Click the link to `href` in <main> and wait for its page."""
    page.locator(f'main a[href="{href}"]').first.click()
    expect(page).to_have_url(address(href))


def submit(page, button="main form[method=post] button[type=submit]"):
    """Click the form's button and wait for the answer's page to load (it may be the same address: the
    caller checks where it landed, as a form sent back with errors stays on its own)."""
    with page.expect_navigation():
        page.locator(button).click()
