"""Single sign-on end to end in a real browser: the login page sends a coordinator to their organisation's
OpenID provider (a real oidc-provider, tests/oidc/provider.py), which sends them back with a code (the
authorization-code flow with PKCE); they land on their start page, and logging out ends the provider's
session too. axe checks every page of the app on the way."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import organisation_with_everything
from tests.oidc.provider import running_provider
from volunteers.models import Role

pytestmark = pytest.mark.browser


@pytest.fixture
def live_provider(live_server, settings):
    settings.SITE_URL = live_server.url
    with running_provider(live_server.url) as provider:
        yield provider


def test_a_coordinator_signs_in_through_the_provider_and_out_again(
    page, live_server, live_provider, transactional_db, assert_accessible
):
    region = organisation_with_everything("Region Syddanmark", "syd")
    live_provider.sign_on_for(region.organisation, email_domains="example.org")
    coordinator = region.users[Role.COORDINATOR]
    # The provider's development pages load a web font; nothing leaves the machine in tests.
    page.route(re.compile(r"^https://"), lambda route: route.fulfill(status=200, body=""))

    page.goto(live_server.url + reverse("login"))
    assert_accessible(page)
    page.get_by_label("Din arbejdsmailadresse").fill(coordinator.email)
    page.get_by_role("button", name="Fortsæt").click()

    # The provider's own login page (its development interaction), with the address as login hint.
    expect(page).to_have_url(re.compile(re.escape(live_provider.issuer) + r"/interaction/"))
    expect(page.locator('input[name="login"]')).to_have_value(coordinator.email)
    page.locator('input[name="password"]').fill("any")
    page.locator('button[type="submit"]').click()

    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.locator(".header-tools")).to_contain_text(str(coordinator))
    assert_accessible(page)
    token_request = live_provider.token_responses[-1]
    assert token_request["token_type"].lower() == "bearer" and "id_token" in token_request

    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(re.escape(live_provider.issuer) + r"/session/end"))
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(re.compile(re.escape(live_server.url + reverse("login"))))
    assert_accessible(page)
    # The app's session is gone: the start page asks for a login again.
    page.goto(live_server.url + reverse("home"))
    expect(page).to_have_url(re.compile(re.escape(live_server.url + reverse("login"))))
