import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def test_login_leads_to_the_start_page(client, region):
    response = client.post(
        reverse("login"), {"username": "coordinator.syd", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == region.users["coordinator"]


def test_repeated_failed_logins_lock_the_user_out(client, region, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "coordinator.syd", "password": "forkert"})
    assert response.status_code == 429
    # Locked out: even the right password does not get in now.
    response = client.post(reverse("login"), {"username": "coordinator.syd", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client, region):
    client.force_login(region.users["secretariat"])
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_by_email(client, region):
    response = client.post(reverse("password_reset"), {"email": "coordinator.syd@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/konto/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session key first
    response = client.post(
        form_url, {"new_password1": "Ny-adgangskode-2026", "new_password2": "Ny-adgangskode-2026"}
    )
    assert response.status_code == 302
    region.users["coordinator"].refresh_from_db()
    assert region.users["coordinator"].check_password("Ny-adgangskode-2026")


def test_password_reset_does_not_reveal_unknown_addresses(client, region):
    response = client.post(reverse("password_reset"), {"email": "ukendt@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_resets_are_limited_per_address_and_client(client, region):
    done = reverse("password_reset_done")
    for _request in range(16):
        response = client.post(reverse("password_reset"), {"email": "coordinator.syd@example.org"})
        # The same answer every time: nothing tells that the address exists or that the limit is reached.
        assert response.status_code == 302 and response["Location"] == done
    assert len(mail.outbox) == 3
    # However the address is written, from however many clients.
    client.post(reverse("password_reset"), {"email": "Coordinator.Syd@Example.org"}, REMOTE_ADDR="10.0.3.1")
    assert len(mail.outbox) == 3
    # Another address still gets its mail, until the client has asked 10 times in all.
    client.post(reverse("password_reset"), {"email": "secretariat.syd@example.org"})
    assert len(mail.outbox) == 4
    for number in range(10):
        client.post(reverse("password_reset"), {"email": f"ukendt{number}@example.org"})
    client.post(reverse("password_reset"), {"email": "steering_group.syd@example.org"})
    assert len(mail.outbox) == 4
    # Another client is not held back.
    client.post(
        reverse("password_reset"), {"email": "steering_group.syd@example.org"}, REMOTE_ADDR="10.0.3.2"
    )
    assert [message.to for message in mail.outbox[-1:]] == [["steering_group.syd@example.org"]]


def test_password_change(client, region):
    client.force_login(region.users["steering_group"])
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Endnu-en-2026-kode",
            "new_password2": "Endnu-en-2026-kode",
        },
    )
    assert response.status_code == 302
    region.users["steering_group"].refresh_from_db()
    assert region.users["steering_group"].check_password("Endnu-en-2026-kode")


def test_behind_a_proxy_the_lockout_counts_per_client_address(client, region, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "coordinator.syd", "password": "forkert"},
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    # The same user name from another client behind the same proxy still gets in...
    response = client.post(
        reverse("login"),
        {"username": "coordinator.syd", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert response.status_code == 302
    # ...while the failing client stays locked out, even if it puts another address in front.
    response = client.post(
        reverse("login"),
        {"username": "coordinator.syd", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1",
    )
    assert response.status_code == 429


def test_a_wrong_password_gives_one_clear_danish_error(client, region):
    response = client.post(reverse("login"), {"username": "coordinator.syd", "password": "wrong"})
    page = response.content.decode()
    assert page.count("Brugernavn eller adgangskode er forkert.") == 1
    assert "versalfølsom" not in page
