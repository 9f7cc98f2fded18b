"""Every page's HTML validates with the Nu Html Checker (vnu-jar from npm, run with the machine's Java).

The pages are those of the permission matrix (tests/test_permissions.py fails for a URL pattern without
an entry, so a new page is validated here without anyone having to remember it), each fetched with
Django's test client as the first role that may see it, as tests/browser/test_every_page.py does with
axe-core. Forms are validated in their error state too: every create and edit page is sent empty, and
the public consultation form is sent empty while its consultation is open. All pages are written to one
folder and checked in a single run of the checker (one JVM start: a few seconds).

Only errors fail the test, as the issue asks ("without errors"); the checker's warnings are advice
(e.g. a redundant role on a landmark) and are left out with --errors-only.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.test import RequestFactory
from django.urls import reverse

from core.middleware import server_error, unavailable_response
from tests.matrix import VIEWERS
from tests.test_consultation import open_consultation, public_url, response_data
from tests.test_permissions import MATRIX

VNU_JAR = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def region(module_regions):
    """Built once for this module's tests (tests/conftest.py's module_regions)."""
    return module_regions.region


def matrix_url(name, region):
    kwargs_for, _ = MATRIX[name]
    return reverse("admin:index") if name == "admin:*" else reverse(name, kwargs=kwargs_for(region))


def reload(region):
    """The fixture's objects as the database has them again after a rollback."""
    for value in [*vars(region).values(), *region.users.values()]:
        if isinstance(value, Model):
            value.refresh_from_db()


def as_role(client, region, role):
    client.logout()
    if role != "anonymous":
        client.force_login(region.users[role])


#: Statuses that answer with a page to read: 409 is the page that says why a change is not possible now.
PAGE_STATUSES = (200, 409)


def is_html(response):
    return response.status_code in PAGE_STATUSES and response["Content-Type"].startswith("text/html")


def collect_pages(client, region):
    """{file name: (description, HTML)} for every HTML page of the matrix, then the forms' error states."""
    pages = {}
    for name in sorted(MATRIX):
        expected = MATRIX[name][1]
        role = next((role for role in VIEWERS if expected[role] in PAGE_STATUSES), None)
        if role is None:
            continue
        file_name = name.replace(":", "__").replace("*", "index")
        # Each page in a transaction rolled back afterwards: the objects some entries make for their URL,
        # and whatever a request changes, do not change the pages after it.
        with transaction.atomic():
            url = matrix_url(name, region)
            as_role(client, region, role)
            response = client.get(url)
            assert response.status_code == expected[role], f"{role} GET {url}: {response.status_code}"
            if is_html(response):
                pages[file_name] = (f"{role} GET {url}", response.content)
                # A create or edit form in its error state: sent empty (a form that takes empty input
                # redirects and is left out).
                if name.endswith(("_create", "_edit")):
                    response = client.post(url, {})
                    if is_html(response):
                        pages[f"{file_name}--empty-post"] = (f"{role} POST {url} (empty)", response.content)
            transaction.set_rollback(True)
        reload(region)

    # The error pages, a failed login and the lockout after too many.
    as_role(client, region, "coordinator")
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    pages["error-404"] = ("coordinator GET /findes-ikke/ (404)", response.content)
    as_role(client, region, "steering_group")
    url = reverse("volunteers:unit_edit", kwargs={"pk": region.hospital.pk})
    response = client.get(url)
    assert response.status_code == 403
    pages["error-403"] = (f"steering_group GET {url} (403)", response.content)
    response = client.get("/hoering/%00/")
    assert response.status_code == 400
    pages["error-400"] = ("GET /hoering/%00/ (400)", response.content)
    request = RequestFactory().get("/")
    pages["error-500"] = ("the 500 page", server_error(request).content)
    pages["error-503"] = ("the 503 page", unavailable_response(request, ConnectionError("down")).content)
    client.logout()
    url = reverse("login")
    response = client.post(url, {"username": region.users["coordinator"].username, "password": "forkert"})
    assert response.status_code == 200
    pages["login--failed"] = (f"anonymous POST {url} (wrong password)", response.content)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": region.users["coordinator"].username, "password": "forkert"})
    assert response.status_code == 429
    pages["login--locked-out"] = (f"anonymous POST {url} (locked out)", response.content)

    # The public consultation form while the consultation is open: blank, and sent without a name or text.
    cache.clear()  # the limit per address lives in the cache
    client.logout()
    consultation = open_consultation(region)
    url = public_url(consultation)
    pages["consultation_public--open"] = (f"anonymous GET {url} (open)", client.get(url).content)
    response = client.post(url, response_data(consultation, name="", text="", email="ikke-en-adresse"))
    assert response.status_code == 200
    pages["consultation_public--invalid"] = (f"anonymous POST {url} (invalid)", response.content)
    cache.clear()
    return pages


def run_vnu(paths):
    """The checker's messages for the files, as parsed from its JSON report (written to stderr)."""
    java = shutil.which("java")
    assert java, "Java is needed to run the Nu Html Checker"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make install` (npm ci installs vnu-jar)"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.stderr.strip(), f"The checker said nothing (exit {result.returncode}): {result.stdout}"
    return json.loads(result.stderr)["messages"]


# A file the checker must find fault with, in the same run: it shows that the checker really ran and
# reported errors, so that an empty report means valid pages (a block inside a paragraph is an error).
CANARY = "<!DOCTYPE html><html lang=da><title>t</title><p><div>Hej</div></p>"


def test_every_page_is_valid_html(client, region, tmp_path):
    pages = collect_pages(client, region)
    assert len(pages) >= 150, sorted(pages)
    folder = tmp_path / "pages"
    folder.mkdir()
    paths = []
    for file_name, (_, html) in pages.items():
        path = folder / f"{file_name}.html"
        path.write_bytes(html)
        paths.append(path)
    canary = folder / "canary.html"
    canary.write_text(CANARY)

    messages = run_vnu([canary, *paths])

    problems = []
    canary_errors = 0
    for message in messages:
        file_name = Path(message.get("url", "").removeprefix("file:")).stem
        if file_name == "canary":
            canary_errors += 1
            continue
        where = pages.get(file_name, ("?",))[0]
        line = message.get("lastLine", "?")
        extract = message.get("extract", "").strip().replace("\n", " ")
        problems.append(
            f"{file_name}.html:{line} ({where}): {message['type']}: {message['message']}\n    {extract}"
        )
    assert canary_errors, f"The checker found nothing wrong with {CANARY!r}: {messages}"
    assert not problems, f"{len(problems)} HTML error(s) in {len(pages)} pages:\n" + "\n".join(problems)
