"""The permission matrix: every URL pattern x every role -> the expected status.

A URL pattern without an entry here makes `test_every_url_has_an_entry` fail, so new pages cannot
forget to state who may see them. Object URLs point at the signed-in user's own organisation (and,
for coordinators, their own unit); `test_outsiders_get_404` covers everyone else's objects.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import matrix
from tests.matrix import CHANGING, EVERYONE_LOGGED_IN, ORGANISATION_WIDE, PUBLIC, ROLES, VIEWERS, statuses

# url name -> (kwargs from the `region` fixture, expected status per role)
MATRIX = {
    "home": (lambda r: {}, EVERYONE_LOGGED_IN),
    "healthz": (lambda r: {}, PUBLIC),
    "set_language": (lambda r: {}, statuses(302, 302, 302, 302, 302)),
    "login": (lambda r: {}, PUBLIC),
    "logout": (lambda r: {}, statuses(302, 405, 405, 405, 405)),  # POST only
    "password_change": (lambda r: {}, EVERYONE_LOGGED_IN),
    "accounts:account": (lambda r: {}, EVERYONE_LOGGED_IN),
    "password_change_done": (lambda r: {}, EVERYONE_LOGGED_IN),
    "password_reset": (lambda r: {}, PUBLIC),
    "password_reset_done": (lambda r: {}, PUBLIC),
    "password_reset_confirm": (lambda r: {"uidb64": "MQ", "token": "invalid-token"}, PUBLIC),
    "password_reset_complete": (lambda r: {}, PUBLIC),
    "volunteers:unit_list": (lambda r: {}, EVERYONE_LOGGED_IN),
    "volunteers:unit_detail": (lambda r: {"pk": r.hospital.pk}, EVERYONE_LOGGED_IN),
    "volunteers:unit_edit": (lambda r: {"pk": r.hospital.pk}, CHANGING),
    "volunteers:notification_list": (lambda r: {}, EVERYONE_LOGGED_IN),
    "volunteers:volunteer_organisation_list": (lambda r: {}, EVERYONE_LOGGED_IN),
    "meetings:body_list": (lambda r: {}, ORGANISATION_WIDE),
    "meetings:body_detail": (lambda r: {"pk": r.body.pk}, ORGANISATION_WIDE),
    # The Django admin, as one entry: the platform's operators (superusers) only, none of the roles.
    "admin:*": (lambda r: {}, statuses(302, 302, 302, 302, 302)),
}

# Object URLs as seen by someone outside: (url name, kwargs from (region, other_region), roles)
OUTSIDER_CASES = [
    # Another organisation's objects do not exist for anybody.
    ("volunteers:unit_detail", lambda r, o: {"pk": o.hospital.pk}, ROLES[1:]),
    ("volunteers:unit_edit", lambda r, o: {"pk": o.hospital.pk}, ROLES[1:]),
    (
        "meetings:body_detail",
        lambda r, o: {"pk": o.body.pk},
        ["secretariat", "steering_group", "administrator"],
    ),
    # A coordinator sees their own units (and those below), not their colleagues' units.
    ("volunteers:unit_detail", lambda r, o: {"pk": r.other_hospital.pk}, ["coordinator"]),
    ("volunteers:unit_edit", lambda r, o: {"pk": r.other_hospital.pk}, ["coordinator"]),
]


for _module in pkgutil.iter_modules(matrix.__path__):
    _part = importlib.import_module(f"tests.matrix.{_module.name}")
    assert not set(_part.ENTRIES) & set(MATRIX), f"tests/matrix/{_module.name}.py repeats an entry"
    MATRIX.update(_part.ENTRIES)
    OUTSIDER_CASES += getattr(_part, "OUTSIDER_CASES", [])


def viewable_pages(region, statuses=(200,)):
    """(url name, path, role) of every entry of the matrix, as the first role (VIEWERS) whose expected
    status is one of `statuses`; entries no role may see are left out."""
    for name, (kwargs_for, expected) in sorted(MATRIX.items()):
        role = next((role for role in VIEWERS if expected[role] in statuses), None)
        if role is not None:
            url = reverse("admin:index") if name == "admin:*" else reverse(name, kwargs=kwargs_for(region))
            yield name, url, role


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:*"
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            yield f"{namespace}{pattern.name}"


def test_every_url_has_an_entry():
    missing = sorted(set(url_names()) - set(MATRIX))
    assert not missing, f"URL patterns without an entry in the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - set(url_names()))
    assert not stale, f"Entries for URL patterns that no longer exist: {stale}"


@pytest.fixture
def region(module_regions):
    """Built once for this module's many tests (tests/conftest.py's module_regions)."""
    return module_regions.region


@pytest.fixture
def other_region(module_regions):
    return module_regions.other_region


def login(client, region, role):
    if role != "anonymous":
        client.force_login(region.users[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client, region, other_region, name, role):
    kwargs_for, expected = MATRIX[name]
    url = reverse("admin:index") if name == "admin:*" else reverse(name, kwargs=kwargs_for(region))
    login(client, region, role)
    response = client.get(url)
    assert response.status_code == expected[role], f"{role} GET {url}"
    if (
        role != "anonymous"
        and response.status_code == 200
        and response["Content-Type"].startswith("text/html")
    ):
        # Nothing of the other organisation shows to a member of this one, not even as a choice in a form
        # or a filter. (Anonymous pages about no organisation, such as the privacy notices' index, list
        # the organisations.)
        page = response.content.decode()
        leaked = [marker for marker in _markers(other_region) if marker in page]
        assert not leaked, f"{role} GET {url} shows {leaked}"


def _markers(other_region):
    """Texts that only the other organisation's data holds: its name (in its units' names) and its users'
    user names."""
    return [other_region.organisation.name, *(user.username for user in other_region.users.values())]


@pytest.mark.parametrize("name, kwargs_for, roles", OUTSIDER_CASES)
def test_outsiders_get_404(client, region, other_region, name, kwargs_for, roles):
    url = reverse(name, kwargs=kwargs_for(region, other_region))
    for role in roles:
        client.force_login(region.users[role])
        assert client.get(url).status_code == 404, f"{role} GET {url}"
        assert client.post(url, {}).status_code in {404, 405}, f"{role} POST {url}"


def test_read_only_role_cannot_change_by_post(client, region):
    client.force_login(region.users["steering_group"])
    url = reverse("volunteers:unit_edit", kwargs={"pk": region.hospital.pk})
    response = client.post(url, {"address": "Ændret", "email": "", "phone": ""})
    assert response.status_code == 403
    region.hospital.refresh_from_db()
    assert region.hospital.address == ""
