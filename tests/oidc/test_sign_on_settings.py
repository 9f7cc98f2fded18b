"""The administrators' single sign-on page: the client secret is stored encrypted and never shown again,
the role mapping is validated, and each organisation sees only its own settings."""

import pytest
from django.urls import reverse

from accounts import secrets
from accounts.models import SignOn
from volunteers.models import Role

URL = reverse("administration:sign_on")
SECRET = "s3cr3t-fra-entra-id"  # nosec B105


def settings_form(**changes):
    data = {
        "issuer": "https://login.microsoftonline.com/0000-tenant/v2.0",
        "client_id": "app-id-123",
        "client_secret": SECRET,
        "email_claim": "preferred_username",
        "role_claim": "groups",
        "role_mapping_text": "frivillig-sekretariat = secretariat\nfrivillig-admin = Administrator",
        "email_domains": "RSYD.dk, @regionsyddanmark.dk",
    }
    return {**data, **changes}


@pytest.fixture
def administrator(client, region):
    client.force_login(region.users[Role.ADMINISTRATOR])
    return region.users[Role.ADMINISTRATOR]


def test_the_settings_are_saved_and_the_secret_is_stored_encrypted(client, region, administrator):
    response = client.post(URL, settings_form())
    assert response.status_code == 302
    sign_on = SignOn.objects.get(organisation=region.organisation)
    assert sign_on.issuer == "https://login.microsoftonline.com/0000-tenant/v2.0"
    assert sign_on.role_mapping == {
        "frivillig-sekretariat": "secretariat",
        "frivillig-admin": "administrator",
    }
    assert sign_on.email_domains == "rsyd.dk, regionsyddanmark.dk"
    assert SECRET not in sign_on.client_secret_encrypted
    assert secrets.decrypt(sign_on.client_secret_encrypted) == SECRET
    page = client.get(URL).content.decode()
    assert SECRET not in page and sign_on.client_secret_encrypted not in page
    assert "app-id-123" in page
    assert "http://testserver/konto/sso/retur/" in page or "/konto/sso/retur/" in page


def test_an_empty_secret_keeps_the_stored_one(client, region, administrator):
    client.post(URL, settings_form())
    stored = SignOn.objects.get(organisation=region.organisation).client_secret_encrypted
    assert client.post(URL, settings_form(client_secret="", client_id="nyt-id")).status_code == 302
    sign_on = SignOn.objects.get(organisation=region.organisation)
    assert sign_on.client_id == "nyt-id"
    assert sign_on.client_secret_encrypted == stored


def test_a_new_sign_on_needs_a_secret(client, region, administrator):
    response = client.post(URL, settings_form(client_secret=""))
    assert response.status_code == 200
    assert response.context["form"].errors["client_secret"]
    assert not SignOn.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"role_mapping_text": "frivillig-sekretariat = chef"}, "role_mapping_text"),
        ({"role_mapping_text": "bare en gruppe"}, "role_mapping_text"),
        ({"role_mapping_text": "a = secretariat", "role_claim": ""}, "role_claim"),
        ({"issuer": "http://idp.example.org"}, "issuer"),
        ({"email_domains": "rsyd.dk, ikke et domæne"}, "email_domains"),
    ],
)
def test_wrong_settings_are_refused(client, region, administrator, changes, field):
    response = client.post(URL, settings_form(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not SignOn.objects.exists()


def test_another_organisations_administrator_sees_only_their_own(client, region, other_region):
    SignOn.objects.create(
        organisation=region.organisation,
        issuer="https://idp.rsyd.example",
        client_id="syd-client",
        client_secret_encrypted=secrets.encrypt(SECRET),
    )
    client.force_login(other_region.users[Role.ADMINISTRATOR])
    page = client.get(URL).content.decode()
    assert "syd-client" not in page and "idp.rsyd.example" not in page
    # Saving theirs makes a sign-on of their own and leaves the other one alone.
    client.post(URL, settings_form(client_id="midt-client"))
    assert SignOn.objects.get(organisation=region.organisation).client_id == "syd-client"
    assert SignOn.objects.get(organisation=other_region.organisation).client_id == "midt-client"


def test_only_administrators(client, region):
    client.force_login(region.users[Role.SECRETARIAT])
    assert client.get(URL).status_code == 403
    assert client.post(URL, settings_form()).status_code == 403
    assert not SignOn.objects.exists()
