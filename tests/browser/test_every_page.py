"""Every page of the permission matrix, as a role that may see it, on a phone (390 px) and a laptop
(1280 px): the document never scrolls sideways and axe-core passes at both widths; nor does it scroll
sideways on the narrowest phone (360 px). And the main menu,
folded behind its button on a phone, opens with the keyboard, with JavaScript and without.

The matrix lists every URL pattern (tests/test_permissions.py fails for one without an entry), so a
new page is checked here without anyone having to remember it. Downloads (PDF, Excel, CSV, JSON,
calendars) are left to their own tests.
"""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from playwright.sync_api import expect

from tests.test_permissions import viewable_pages

pytestmark = pytest.mark.browser

#: A phone's and a laptop's width (CSS pixels), where axe-core checks each page too.
WIDTHS = [390, 1280]
#: The narrowest phone a page must fit, checked for sideways scrolling only.
NARROWEST = 360
#: The widest the document may be beyond the window: none of it, so nothing scrolls sideways.
OVERFLOW = "[document.documentElement.scrollWidth, window.innerWidth]"


def log_in(context, live_server, user):
    """Sign the browser in directly with a session, as Django's test client's force_login does."""
    context.clear_cookies()
    if user is None:
        return
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def test_every_page_is_accessible(page, context, live_server, transactional_db, region, assert_accessible):
    """Each page loads once and is checked at each width in turn (the viewport resized, the layout redone);
    every page that scrolls sideways or fails axe-core is reported, not only the first."""
    checked, failures = [], []
    for name, url, role in viewable_pages(region):
        log_in(context, live_server, None if role == "anonymous" else region.users[role])
        response = page.request.get(f"{live_server.url}{url}")
        if not response.headers["content-type"].startswith("text/html"):
            continue
        page.goto(f"{live_server.url}{url}")
        assert page.locator("h1").count() >= 1, f"{name} has no heading"
        for width in [NARROWEST, *WIDTHS]:
            page.set_viewport_size({"width": width, "height": 900})
            document_width, window_width = page.evaluate(OVERFLOW)
            if document_width > window_width:
                failures.append(f"{name} at {width} px: the document is {document_width} px wide")
            if width not in WIDTHS:
                continue
            try:
                assert_accessible(page)
            except AssertionError as violations:
                failures.append(f"{name} at {width} px: {violations}")
        checked.append(name)
    assert not failures, "\n".join(failures)
    assert len(checked) >= 40, checked


def test_menu_button_opens_the_menu_with_the_keyboard(browser, live_server, transactional_db, region):
    """On a phone the menu's links are hidden behind the "Menu" button: Tab reaches it, Enter opens it,
    the next Tab is on the menu's first link, Space closes it again. With and without JavaScript (the
    button is a <summary>, the script only adds Escape); on a laptop the links show without it."""
    home, volunteers = reverse("home"), reverse("volunteers:volunteer_list")
    for javascript in (True, False):
        context = browser.new_context(
            locale="da-DK", viewport={"width": 390, "height": 800}, java_script_enabled=javascript
        )
        log_in(context, live_server, region.users["coordinator"])
        page = context.new_page()
        page.goto(f"{live_server.url}{volunteers}")
        button = page.locator("header nav summary")
        link = page.locator(f'header nav a[href="{volunteers}"]')
        expect(button).to_be_visible()
        expect(link).to_be_hidden()
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") == "SUMMARY":
                break
        expect(button).to_be_focused()
        page.keyboard.press("Enter")
        expect(link).to_be_visible()
        expect(link).to_have_attribute("aria-current", "page")
        page.keyboard.press("Tab")
        expect(page.locator(f'header nav a[href="{home}"]')).to_be_focused()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Space")
        expect(link).to_be_hidden()
        if javascript:
            page.keyboard.press("Enter")
            expect(link).to_be_visible()
            page.keyboard.press("Tab")
            page.keyboard.press("Escape")
            expect(link).to_be_hidden()
            expect(button).to_be_focused()
        page.set_viewport_size({"width": 1280, "height": 800})
        expect(button).to_be_hidden()
        expect(link).to_be_visible()
        page.keyboard.press("Tab")  # from the (now hidden) button, focus goes on into the menu's links
        expect(page.locator(f'header nav a[href="{home}"]')).to_be_focused()
        context.close()
