"""The organisation's logo in the header (issue 15): beside its name, at most 48 px high (the CSS), served
publicly from the media storage; an organisation without a logo shows its name only."""

from django.urls import reverse

from tests.matrix.logo import PNG, with_logo


def test_the_header_shows_the_logo_with_the_organisations_name(client, region):
    client.force_login(region.users["coordinator"])
    page = client.get(reverse("home")).content.decode()
    assert "brand-logo" not in page
    assert region.organisation.name in page

    logo_url = reverse("organisation_logo", kwargs=with_logo(region))
    page = client.get(reverse("home")).content.decode()
    assert f'<img class="brand-logo" src="{logo_url}" alt="{region.organisation.name}">' in page


def test_the_logo_is_served_to_anyone(client, region):
    url = reverse("organisation_logo", kwargs=with_logo(region))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG


def test_no_logo_is_a_404(client, region, other_region):
    for pk in (other_region.organisation.pk, 999999):
        assert client.get(reverse("organisation_logo", kwargs={"pk": pk})).status_code == 404
