"""An administrator's first password login sets up the authenticator app; the next one asks for its code
(issue 13). Every page on the way passes axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.second_factor import code, set_up_app
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def password_login(page, live_server, username):
    page.goto(f"{live_server.url}{reverse('login')}")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_an_administrator_sets_up_the_app_and_logs_in_with_its_code(
    page, live_server, transactional_db, region, assert_accessible
):
    admin = region.users["administrator"]
    password_login(page, live_server, admin.username)
    expect(page.locator("header nav")).to_have_count(0)  # no menu of pages that are not open yet

    # A wrong code first: the Danish error, linked from the error summary.
    page.locator("main input[name=code]").fill("12345")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_contain_text("Koden er ikke rigtig")
    expect(page.locator("main input[name=code]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.wait_for_timeout(1100)  # django-otp's wait after one wrong code

    key, _recovery_codes = set_up_app(page, live_server, assert_accessible)
    expect(page.locator("header nav")).to_be_visible()
    assert_accessible(page)

    page.locator("header form[action='/konto/logout/'] button").click()
    password_login(page, live_server, admin.username)
    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:second_factor')}?next=%2F")
    assert_accessible(page)
    page.locator("main input[name=code]").fill(code(key, later=1))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}{reverse('accounts:account')}")
    page.locator(f"main a[href='{reverse('accounts:recovery_codes')}']").click()
    expect(page.locator("main .consequences")).to_be_visible()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main ul.recovery-codes li")).to_have_count(10)
    assert_accessible(page)
