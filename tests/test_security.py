from django.urls import reverse


def test_security_headers(client, db):
    response = client.get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts_or_styles(client, region):
    """The CSP forbids them, so a page that relied on one would silently break."""
    client.force_login(region.users["secretariat"])
    for url in [
        reverse("home"),
        reverse("volunteers:unit_edit", args=[region.hospital.pk]),
        reverse("login"),
    ]:
        page = client.get(url).content.decode()
        assert "<style" not in page and " style=" not in page, url
        assert "<script>" not in page and "<script " not in page.replace('<script src="', ""), url


def test_every_post_form_carries_a_csrf_token(client, region):
    client.force_login(region.users["coordinator"])
    page = client.get(reverse("volunteers:unit_edit", args=[region.hospital.pk])).content.decode()
    assert page.count('method="post"') == page.count('name="csrfmiddlewaretoken"')
