"""The administrator's second factor in the browser: the authenticator app's codes are computed from the
key the setup page shows, as an app that was given the key would."""

import time
from base64 import b32decode

from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import expect


def code(key: bytes, later: int = 0) -> str:
    """The six digits an app with this key shows now (or `later` steps of 30 s on: a code is used once)."""
    totp = TOTP(key)
    totp.time = time.time() + 30 * later
    return f"{totp.token():06d}"


def set_up_app(page, live_server, assert_accessible=None) -> tuple[bytes, list[str]]:
    """On the setup page: read the key, confirm with the app's code, read the recovery codes, continue."""
    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:second_factor_setup')}?next=%2F")
    expect(page.locator("main .qr-code svg")).to_be_visible()
    if assert_accessible:
        assert_accessible(page)
    key = b32decode(page.locator("main code.secret-key").inner_text().replace(" ", ""))
    page.locator("main input[name=code]").fill(code(key))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main ul.recovery-codes li")).to_have_count(10)
    if assert_accessible:
        assert_accessible(page)
    recovery_codes = page.locator("main ul.recovery-codes li").all_inner_texts()
    page.locator("main a.btn-primary").click()
    expect(page).to_have_url(f"{live_server.url}/")
    return key, recovery_codes
