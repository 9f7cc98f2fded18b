"""The accessibility statement and the privacy page: reachable without login from every page, with the
organisation's own contacts."""

from django.urls import reverse

from tests.test_consultation import open_consultation
from volunteers.models import Role


def test_every_page_links_to_the_statement_and_the_privacy_page(client, region):
    for url in [reverse("login"), reverse("accessibility_statement")]:
        page = client.get(url).content.decode()
        assert f'href="{reverse("accessibility_statement")}"' in page
        assert f'href="{reverse("privacy_notice")}"' in page
    # Signed in, or on a public page about one organisation: that organisation's statement and notice.
    own = [
        reverse(name, args=[region.organisation.pk])
        for name in ("organisation_accessibility", "organisation_privacy")
    ]
    consultation = open_consultation(region)
    public = client.get(reverse("strategies:consultation_public", args=[consultation.public_token]))
    assert str(region.organisation) in public.content.decode().split("</header>")[0]
    assert all(f'href="{url}"' in public.content.decode() for url in own)
    client.force_login(region.users[Role.COORDINATOR])
    assert all(f'href="{url}"' in client.get(reverse("home")).content.decode() for url in own)


def test_the_statement_names_the_organisations_contact_and_where_to_complain(client, region, other_region):
    region.organisation.accessibility_contact = "web@rsyd.example"
    region.organisation.save()
    # Without login: the visitor chooses the organisation.
    choices = client.get(reverse("accessibility_statement")).content.decode()
    for organisation in (region.organisation, other_region.organisation):
        assert reverse("organisation_accessibility", args=[organisation.pk]) in choices
    page = client.get(reverse("organisation_accessibility", args=[region.organisation.pk])).content.decode()
    assert "Tilgængelighedserklæring" in page and "WCAG" in page and "EN 301 549" in page
    assert 'href="mailto:web@rsyd.example"' in page
    assert "Digitaliseringsstyrelsen" in page and "was.digst.dk" in page
    # A logged-in user reads their own organisation's statement.
    client.force_login(region.users[Role.SECRETARIAT])
    own = client.get(reverse("accessibility_statement")).content.decode()
    assert "mailto:web@rsyd.example" in own and str(other_region.organisation) not in own


def test_the_privacy_page_names_the_data_controller_and_the_retention(client, region):
    region.organisation.privacy_contact = "dpo@rsyd.example"
    region.organisation.retention_months = 6
    region.organisation.save()
    page = client.get(reverse("organisation_privacy", args=[region.organisation.pk])).content.decode()
    assert f"{region.organisation} er dataansvarlig" in page
    assert 'href="mailto:dpo@rsyd.example"' in page
    assert "6 måneder" in page and "Datatilsynet" in page
    assert client.get(reverse("organisation_privacy", args=[999999])).status_code == 404
