"""Single sign-on against a real OpenID provider (tests/oidc/provider.py): who gets in, and every way a
sign-in is refused: the provider's token tampered with (audience, signature, expiry), a replayed state,
and people who are not active users of the organisation."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts import oidc
from accounts.models import Invitation
from audit.models import LoginEvent
from tests.oidc.provider import oidc_provider, sign_on  # noqa: F401
from volunteers.models import Role

REFUSED = "Du kunne ikke logges ind"


def start(client, email):
    """The login page's e-mail form: a page that moves on to the provider (a refresh and a link)."""
    response = client.post(reverse("accounts:sign_on"), {"email": email})
    assert response.status_code == 200 and "url" in response.context, response.content.decode()
    assert f'content="0;url={response.context["url"]}"'.replace("&", "&amp;") in response.content.decode()
    return response.context["url"]


def come_back(client, callback_url):
    parts = urlsplit(callback_url)
    return client.get(parts.path, parse_qs(parts.query))


def sign_in(client, provider, email, login=None):
    callback_url = provider.log_in(start(client, email), login or email)
    return come_back(client, callback_url), callback_url


@pytest.fixture
def coordinator(region):
    return region.users[Role.COORDINATOR]


@pytest.fixture
def provider(sign_on, region):  # noqa: F811
    sign_on.sign_on_for(region.organisation)
    return sign_on


def assert_refused(response, client):
    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_active_user_signs_in_and_lands_on_the_start_page(client, provider, coordinator):
    response, _url = sign_in(client, provider, coordinator.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(coordinator.pk)
    assert client.session[oidc.ORGANISATION_KEY] == coordinator.organisation_id
    assert client.session[oidc.ID_TOKEN_KEY] == provider.token_responses[-1]["id_token"]
    # PKCE: the authorization request carried an S256 challenge.
    assert LoginEvent.objects.filter(user=coordinator, succeeded=True).exists()
    # Single sign-on leaves the second factor to the provider.
    assert "second_factor_required" not in client.session


def test_the_authorization_request_uses_pkce_state_and_nonce(client, provider, coordinator):
    query = parse_qs(urlsplit(start(client, coordinator.email)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["login_hint"] == [coordinator.email]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}


def test_the_address_is_matched_without_regard_to_case(client, provider, coordinator):
    response, _url = sign_in(client, provider, coordinator.email, login=coordinator.email.upper())
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_an_organisations_own_sign_in_link(client, provider, region, coordinator):
    response = client.get(reverse("accounts:sign_on_start", args=[region.organisation.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(provider.issuer)
    response = come_back(client, provider.log_in(response["Location"], coordinator.email))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


@pytest.mark.parametrize("mode", ["audience", "signature", "expired"])
def test_a_tampered_id_token_is_refused(client, provider, coordinator, mode):
    provider.tamper = mode
    response, _url = sign_in(client, provider, coordinator.email)
    assert_refused(response, client)
    assert LoginEvent.objects.filter(succeeded=False).exists()
    assert not LoginEvent.objects.filter(succeeded=True).exists()


def test_the_untampered_token_would_have_passed_the_same_checks(client, provider, coordinator):
    """The tampering proxy itself does no harm: re-signing the real claims with the provider's key works."""
    provider.tamper = None
    response, _url = sign_in(client, provider, coordinator.email)
    assert response.status_code == 302


def test_a_replayed_callback_is_refused(client, provider, coordinator):
    response, callback_url = sign_in(client, provider, coordinator.email)
    assert response.status_code == 302
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session
    # The same answer from the provider once more, in the same browser: its state was used up.
    assert_refused(come_back(client, callback_url), client)


def test_a_callback_from_another_browser_is_refused(client, provider, coordinator):
    """Login CSRF: a code and state obtained in one browser do not log in another."""
    from django.test import Client

    callback_url = provider.log_in(start(client, coordinator.email), coordinator.email)
    other = Client()
    assert_refused(come_back(other, callback_url), other)
    # ...and the browser that started it still can.
    assert come_back(client, callback_url).status_code == 302


def test_an_address_without_a_user_is_refused_and_told_whom_to_ask(client, provider, region):
    administrator = region.users[Role.ADMINISTRATOR]
    administrator.first_name, administrator.last_name = "Anne", "Admin"
    administrator.save()
    region.organisation.sign_on.email_domains = "example.org"
    region.organisation.sign_on.save()
    response, _url = sign_in(client, provider, "ukendt@example.org")
    assert_refused(response, client)
    text = response.content.decode()
    assert "ukendt@example.org" in text
    assert "Anne Admin" in text and administrator.email in text
    event = LoginEvent.objects.get(succeeded=False)
    assert event.username == "ukendt@example.org"


def test_a_user_of_another_organisation_is_refused(client, provider, other_region):
    outsider = other_region.users[Role.SECRETARIAT]
    # The address is typed on the login page: it belongs to an organisation without single sign-on, so the
    # organisation's own link is used, as a person sent there would.
    response = client.get(reverse("accounts:sign_on_start", args=[provider_organisation(provider)]))
    response = come_back(client, provider.log_in(response["Location"], outsider.email))
    assert_refused(response, client)


def provider_organisation(provider):
    from accounts.models import SignOn

    return SignOn.objects.get(issuer=provider.issuer).organisation_id


def test_a_deactivated_user_is_refused(client, provider, coordinator):
    coordinator.is_active = False
    coordinator.save()
    response = client.get(reverse("accounts:sign_on_start", args=[coordinator.organisation_id]))
    response = come_back(client, provider.log_in(response["Location"], coordinator.email))
    assert_refused(response, client)


def test_the_provider_saying_no_is_refused(client, provider, coordinator):
    location = start(client, coordinator.email)
    state = parse_qs(urlsplit(location).query)["state"][0]
    response = client.get(reverse("accounts:sign_on_callback"), {"error": "access_denied", "state": state})
    assert_refused(response, client)


def test_open_invitations_are_accepted_at_the_first_sign_in(client, provider, coordinator):
    invitation = Invitation.objects.create(user=coordinator, expires_at=Invitation.default_expiry())
    sign_in(client, provider, coordinator.email)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_the_role_claim_sets_the_role(client, provider, coordinator):
    provider_sign_on = coordinator.organisation.sign_on
    provider_sign_on.role_claim = "groups"
    provider_sign_on.role_mapping = {"frivillig-sekretariat": Role.SECRETARIAT, "alle": Role.COORDINATOR}
    provider_sign_on.save()
    sign_in(
        client, provider, coordinator.email, login=f"{coordinator.email} groups=alle,frivillig-sekretariat"
    )
    coordinator.refresh_from_db()
    assert coordinator.role == Role.SECRETARIAT


def test_a_coordinator_role_without_a_unit_keeps_the_old_role(client, provider, region, caplog):
    person = region.users[Role.STEERING_GROUP]
    provider_sign_on = person.organisation.sign_on
    provider_sign_on.role_claim = "groups"
    provider_sign_on.role_mapping = {"koordinatorer": Role.COORDINATOR}
    provider_sign_on.save()
    response, _url = sign_in(client, provider, person.email, login=f"{person.email} groups=koordinatorer")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.role == Role.STEERING_GROUP
    assert "no unit" in caplog.text


def test_logout_ends_the_session_and_the_providers(client, provider, coordinator):
    sign_in(client, provider, coordinator.email)
    id_token = client.session[oidc.ID_TOKEN_KEY]
    response = client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302
    location = response.context["url"]
    assert location.startswith(provider.issuer + "/session/end")
    query = parse_qs(urlsplit(location).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/konto/login/"]
    # The provider asks whether to sign out of it too, and then sends the person back to the login page.
    assert provider.log_out(location).startswith("http://testserver/konto/login/?state=")


def test_a_password_session_logs_out_to_the_login_page(client, provider, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")


def test_the_login_page_finds_the_organisation_by_domain(client, provider, region):
    provider_sign_on = region.organisation.sign_on
    provider_sign_on.email_domains = "rsyd.dk, @regionsyddanmark.dk"
    provider_sign_on.save()
    location = start(client, "Ny.Person@RSYD.dk")
    assert location.startswith(provider.issuer + "/auth")


def test_an_address_without_single_sign_on_gets_an_error_on_the_login_page(client, provider, other_region):
    response = client.post(reverse("accounts:sign_on"), {"email": other_region.users[Role.SECRETARIAT].email})
    assert response.status_code == 200
    assert "sign_on_form" in response.context
    assert response.context["sign_on_form"].errors["email"]
    response = client.post(reverse("accounts:sign_on"), {"email": "ikke en adresse"})
    assert response.status_code == 200 and response.context["sign_on_form"].errors["email"]


def test_a_provider_that_cannot_be_reached(client, region, settings, coordinator):
    from accounts import secrets
    from accounts.models import SignOn

    settings.SIGN_ON_TIMEOUT_SECONDS = 2
    SignOn.objects.create(
        organisation=region.organisation,
        issuer="http://127.0.0.1:9",  # the discard port: nobody answers
        client_id="x",
        client_secret_encrypted=secrets.encrypt("y"),
    )
    response = client.post(reverse("accounts:sign_on"), {"email": coordinator.email})
    assert response.status_code == 502
    assert region.users[Role.ADMINISTRATOR].email in response.content.decode()
