"""The signed-in person's own page, which the header's user name leads to."""

from django.urls import reverse

ACCOUNT = reverse("accounts:account")


def test_the_header_name_leads_to_the_account_page(client, region):
    client.force_login(region.users["secretariat"])
    page = client.get(reverse("home")).content.decode()
    assert f'href="{ACCOUNT}"' in page
    assert f'href="{reverse("password_change")}"' not in page


def test_a_coordinator_sees_their_role_units_and_the_password_change(client, region):
    coordinator = region.users["coordinator"]
    client.force_login(coordinator)
    page = client.get(ACCOUNT).content.decode()
    assert "Min konto" in page and "Frivilligkoordinator" in page
    assert coordinator.username in page and str(region.organisation) in page
    for unit in coordinator.units.all():
        assert unit.name in page
    assert reverse("password_change") in page
    # No second factor set up: no recovery codes to make.
    assert reverse("accounts:recovery_codes") not in page


def test_an_organisation_without_password_login_has_no_password_to_change(client, region):
    region.organisation.password_login = False
    region.organisation.save()
    client.force_login(region.users["steering_group"])
    page = client.get(ACCOUNT).content.decode()
    assert reverse("password_change") not in page
    assert "fælles log-in" in page


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
