"""Every page of the permission matrix, as a role that may see it, passes axe-core in Chromium.

The matrix lists every URL pattern (tests/test_permissions.py fails for one without an entry), so a
new page is checked here without anyone having to remember it. Downloads (PDF, Excel, CSV, JSON,
calendars) are left to their own tests.
"""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from tests.test_permissions import MATRIX

pytestmark = pytest.mark.browser

# The roles in the order they are tried: the first one that gets 200 looks at the page.
VIEWERS = ["coordinator", "secretariat", "administrator", "steering_group", "anonymous"]


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
    checked = []
    for name, (kwargs_for, expected) in sorted(MATRIX.items()):
        role = next((role for role in VIEWERS if expected[role] == 200), None)
        if role is None:
            continue
        url = reverse("admin:index") if name == "admin:*" else reverse(name, kwargs=kwargs_for(region))
        log_in(context, live_server, None if role == "anonymous" else region.users[role])
        response = page.request.get(f"{live_server.url}{url}")
        if not response.headers["content-type"].startswith("text/html"):
            continue
        page.goto(f"{live_server.url}{url}")
        assert page.locator("h1").count() >= 1, f"{name} has no heading"
        assert_accessible(page)
        checked.append(name)
    assert len(checked) >= 40, checked
