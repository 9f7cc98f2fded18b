"""CSRF on every POST (issue 7): a POST without the token to every URL in the permission matrix is
refused with 403, whoever sends it, and changes nothing in the database.

The client has the CSRF cookie (it has loaded a page before), so only the missing token in the form is
what makes the request fail, as in a cross-site request from a logged-in user's browser.
"""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.test_permissions import MATRIX

PROJECT_APPS = ["volunteers", "agreements", "meetings", "strategies", "evaluation", "documents", "audit"]
# Plausible form fields, so a view that forgot its protection would have something to save.
DATA = {"name": "CSRF", "title": "CSRF", "first_name": "CSRF", "last_name": "CSRF", "text": "CSRF"}


@pytest.fixture
def region(module_regions):
    """Built once for this module's tests (tests/conftest.py's module_regions)."""
    return module_regions.region


def row_counts():
    models = [model for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()]
    models += [apps.get_model("auth", "Group"), apps.get_model("sessions", "Session")]
    return {model._meta.label: model._base_manager.count() for model in models}


def matrix_urls(region):
    for name, (kwargs_for, _expected) in sorted(MATRIX.items()):
        yield name, reverse("admin:index") if name == "admin:*" else reverse(name, kwargs=kwargs_for(region))


@pytest.mark.parametrize(
    "role", ["administrator", "secretariat", "coordinator", "steering_group", "anonymous"]
)
def test_every_post_without_a_token_is_refused_and_changes_nothing(region, role):
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(region.users[role])
    assert client.get(reverse("login")).status_code in {200, 302}
    assert "csrftoken" in client.cookies
    urls = list(matrix_urls(region))  # some kwargs make objects: before the counts are taken
    before = row_counts()
    wrong = {}
    for name, url in urls:
        response = client.post(url, DATA)
        if response.status_code != 403:
            wrong[name] = (url, response.status_code)
    assert not wrong, f"{role}: POSTs without a CSRF token that were not refused: {wrong}"
    assert row_counts() == before
    assert len(urls) == len(MATRIX)


def test_the_same_post_with_the_token_gets_through(region):
    """The control: the token is what made the difference above."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(region.users["secretariat"])
    client.get(reverse("home"))
    token = client.cookies["csrftoken"].value
    url = reverse("volunteers:unit_edit", kwargs={"pk": region.hospital.pk})
    data = {"address": "Kongevejen 1", "email": "", "phone": ""}
    assert client.post(url, data).status_code == 403
    region.hospital.refresh_from_db()
    assert region.hospital.address == ""
    response = client.post(url, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    region.hospital.refresh_from_db()
    assert region.hospital.address == "Kongevejen 1"
