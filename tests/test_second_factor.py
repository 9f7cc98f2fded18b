"""The administrators' second factor after a password login (issue 13): setting up an authenticator app,
codes from it, recovery codes, and the sessions that are not asked (other roles, single sign-on)."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from accounts.second_factor import SESSION_KEY
from tests.factories import PASSWORD

SETUP = reverse("accounts:second_factor_setup")
VERIFY = reverse("accounts:second_factor")


def password_login(client, user):
    """The login page with the user's password, as a person logs in."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response
    assert bool(client.session.get(SESSION_KEY)) == (user.is_administrator or user.is_superuser)


def code_for(key: bytes, later: int = 0) -> str:
    """The six digits an authenticator app with this key shows now (or `later` steps of 30 s on)."""
    totp = TOTP(key)
    totp.time = timezone.now().timestamp() + 30 * later
    return f"{totp.token():06d}"


def set_up(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="frivillig", confirmed=True)
    return device, second_factor.new_recovery_codes(user)


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_an_administrator_sets_up_the_app_then_logs_in_with_codes(client, region, clock):
    admin = region.users["administrator"]
    password_login(client, admin)

    # Everything but the second-factor pages leads to the setup, keeping the page asked for.
    volunteers = reverse("volunteers:volunteer_list")
    for url in [
        "/",
        volunteers,
        reverse("accounts:account"),
        reverse("password_change"),
        reverse("administration:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP + "?next="), url
    assert client.get(VERIFY)["Location"] == SETUP  # nothing to give a code from yet

    page = client.get(SETUP + "?next=" + volunteers)
    assert page.status_code == 200
    assert page.context["navigation"] == []  # the menu's pages are not open yet
    html = page.content.decode()
    # Nor the header's links to the notifications and the password page.
    assert (
        reverse("volunteers:notification_list") not in html
        and f'href="{reverse("accounts:account")}"' not in html
    )
    assert "<svg" in html and "Opsæt andet trin i login" in html
    assert "https://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # the QR code is made here
    secret = re.search(r'<code class="secret-key">([A-Z2-7 ]+)</code>', html).group(1)
    key = b32decode(secret.replace(" ", ""))
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed and device.bin_key == key
    assert client.get(SETUP).content.decode().count(secret) == 1  # a reload shows the same secret

    wrong = client.post(
        SETUP + "?next=" + volunteers, {"code": "000000" if code_for(key) != "000000" else "111111"}
    )
    assert "Koden er ikke rigtig" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    clock.shift(timedelta(seconds=5))  # django-otp's wait after a wrong code

    shown = client.post(SETUP + "?next=" + volunteers, {"code": code_for(key)})
    assert shown.status_code == 200
    codes = shown.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in shown.content.decode() for code in codes)
    assert "Dine gendannelseskoder" in shown.content.decode()
    assert f'href="{volunteers}"' in shown.content.decode()
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert SESSION_KEY not in client.session
    assert client.get("/").status_code == 200
    assert client.get(volunteers).status_code == 200
    # The codes are not shown again: a new set is made only on request.
    assert client.get(SETUP).status_code == 302

    client.post(reverse("logout"))
    clock.shift(timedelta(minutes=1))
    password_login(client, admin)
    response = client.get(volunteers)
    assert response["Location"] == VERIFY + "?next=" + volunteers.replace("/", "%2F")
    assert client.get(SETUP)["Location"] == VERIFY  # the app cannot be replaced without a code
    page = client.get(response["Location"])
    assert "Andet trin i login" in page.content.decode()

    refused = client.post(response["Location"], {"code": code_for(key, later=10)})
    assert refused.status_code == 200
    assert "Koden er ikke rigtig. Tjek den, og prøv igen." in refused.content.decode()
    assert client.get("/").status_code == 302
    clock.shift(timedelta(seconds=5))

    accepted = client.post(response["Location"], {"code": code_for(key)})
    assert accepted.status_code == 302 and accepted["Location"] == volunteers
    assert client.get(volunteers).status_code == 200


def test_a_recovery_code_works_once(client, region):
    admin = region.users["administrator"]
    _device, codes = set_up(admin)
    password_login(client, admin)
    assert client.post(VERIFY, {"code": codes[0].upper()})["Location"] == "/"
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=admin).count() == 9

    client.post(reverse("logout"))
    password_login(client, admin)
    again = client.post(VERIFY, {"code": codes[0]})
    assert "Koden er ikke rigtig" in again.content.decode()
    assert client.get("/").status_code == 302


def test_wrong_codes_in_a_row_make_the_administrator_wait(client, region, clock):
    admin = region.users["administrator"]
    device, _codes = set_up(admin)
    password_login(client, admin)
    client.post(VERIFY, {"code": code_for(device.bin_key, later=10)})
    throttled = client.post(VERIFY, {"code": code_for(device.bin_key)})
    assert "For mange forkerte koder i træk" in throttled.content.decode()
    assert client.get("/").status_code == 302
    clock.shift(timedelta(seconds=5))
    assert client.post(VERIFY, {"code": code_for(device.bin_key)}).status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("next_url", ["https://evil.example.org/", "//evil.example.org/"])
def test_only_our_own_pages_are_followed_after_the_code(client, region, next_url):
    admin = region.users["administrator"]
    device, _codes = set_up(admin)
    password_login(client, admin)
    response = client.post(VERIFY + "?next=" + next_url, {"code": code_for(device.bin_key)})
    assert response["Location"] == "/"


def test_a_waiting_session_may_log_out_and_change_language(client, region):
    admin = region.users["administrator"]
    password_login(client, admin)
    assert client.post(reverse("set_language"), {"language": "en", "next": SETUP})["Location"] == SETUP
    assert client.get(reverse("healthz")).status_code == 200
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["coordinator", "secretariat", "steering_group"])
def test_other_roles_are_not_asked_for_a_second_factor(client, region, role):
    password_login(client, region.users[role])
    assert SESSION_KEY not in client.session
    assert client.get("/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/"
    assert client.get(SETUP)["Location"] == "/"
    assert not TOTPDevice.objects.exists()


def test_a_session_without_the_mark_is_left_alone(client, region):
    """force_login here, single sign-on in the app: the identity provider asked for the second factor."""
    admin = region.users["administrator"]
    client.force_login(admin)
    assert client.get("/").status_code == 200
    assert client.get(reverse("administration:index")).status_code == 200
    assert client.get(VERIFY)["Location"] == "/"
    assert client.get(SETUP)["Location"] == "/"
    assert not TOTPDevice.objects.exists()
    assert client.get(reverse("accounts:recovery_codes")).status_code == 403
    assert reverse("accounts:recovery_codes") not in client.get(reverse("accounts:account")).content.decode()


def test_a_verified_administrator_makes_new_recovery_codes(client, region):
    admin = region.users["administrator"]
    device, old = set_up(admin)
    password_login(client, admin)
    client.post(VERIFY, {"code": code_for(device.bin_key)})
    assert reverse("accounts:recovery_codes") in client.get(reverse("accounts:account")).content.decode()
    page = client.get(reverse("accounts:recovery_codes"))
    assert page.status_code == 200
    assert "Du har 10 ubrugte gendannelseskoder." in page.content.decode()
    # Only the confirmation page's button makes them.
    client.post(reverse("accounts:recovery_codes"))
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)
    shown = client.post(reverse("accounts:recovery_codes"), {"confirmed": "1"})
    new = shown.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_a_platform_operator_gives_the_second_factor_before_the_admin(client, django_user_model):
    operator = django_user_model.objects.create_superuser("operator", "operator@example.org", PASSWORD)
    password_login(client, operator)
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(SETUP + "?next=")
    device = second_factor.new_totp_device(operator)
    assert client.post(response["Location"], {"code": code_for(device.bin_key)}).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
