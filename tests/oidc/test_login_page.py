"""The login page: the password form beside the way to single sign-on; an organisation that requires
single sign-on refuses the password (only after the right one, so nothing is revealed)."""

from django.urls import reverse

from accounts import secrets
from accounts.models import SignOn
from accounts.second_factor import SESSION_KEY
from audit.models import LoginEvent
from tests.factories import PASSWORD
from volunteers.models import Role


def test_the_login_page_offers_single_sign_on_once_an_organisation_has_it(client, region):
    assert "Log ind med din organisations login" not in client.get(reverse("login")).content.decode()
    SignOn.objects.create(organisation=region.organisation, issuer="https://idp.example", client_id="x")
    page = client.get(reverse("login")).content.decode()
    assert "Log ind med din organisations login" in page
    assert f'action="{reverse("accounts:sign_on")}"' in page


def test_an_organisation_that_requires_single_sign_on_refuses_the_password(client, region):
    region.organisation.password_login = False
    region.organisation.save()
    response = client.post(reverse("login"), {"username": "coordinator.syd", "password": PASSWORD})
    assert response.status_code == 200
    assert "logger dig ind med sit eget login" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(username="coordinator.syd", succeeded=False).exists()
    # A wrong password gets the ordinary answer: the organisation's way in is not revealed.
    response = client.post(reverse("login"), {"username": "coordinator.syd", "password": "forkert"})
    assert "eget login" not in response.content.decode()


def test_an_administrators_password_login_goes_on_to_the_second_factor(client, region):
    response = client.post(reverse("login"), {"username": "administrator.syd", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] is True
    client.logout()
    client.post(reverse("login"), {"username": "secretariat.syd", "password": PASSWORD})
    assert SESSION_KEY not in client.session


def test_the_login_keeps_the_next_page(client, region):
    response = client.post(
        reverse("login") + "?next=/enheder/", {"username": "coordinator.syd", "password": PASSWORD}
    )
    assert response["Location"] == "/enheder/"
    assert region.users[Role.COORDINATOR].pk == int(client.session["_auth_user_id"])


def test_client_secrets_are_encrypted_with_a_key_of_their_own(settings):
    ciphertext = secrets.encrypt("hemmelig")
    assert "hemmelig" not in ciphertext
    assert secrets.decrypt(ciphertext) == "hemmelig"
    settings.SIGN_ON_SECRET_KEY = "another key from the environment"
    assert secrets.decrypt(ciphertext) is None
    assert secrets.decrypt(secrets.encrypt("hemmelig")) == "hemmelig"
