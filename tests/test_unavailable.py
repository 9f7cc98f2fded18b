"""A database or Redis outage answers 503 with a Danish page and a Retry-After header, not a 500, and the
app recovers by itself once the service is back (frivillig/middleware.py)."""

import socket

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from core import middleware
from evaluation.models import Submission
from tests.test_questionnaire import answer_data, link_of, make_questionnaire

DANISH_HEADING = "Tjenesten er ikke tilgængelig"


def closed_port():
    """A loopback port that nothing listens on (bound for a moment, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(middleware.RETRY_AFTER_SECONDS)
    assert "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert DANISH_HEADING in page
    assert "Prøv igen om lidt" in page
    return page


@pytest.fixture
def quiet_client():
    # An exception that reaches handler500 is re-raised by the test client unless told otherwise.
    return Client(raise_request_exception=False)


def test_a_database_error_in_a_view_answers_503_in_danish(client, region, monkeypatch, caplog):
    client.force_login(region.users["coordinator"])

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr("frivillig.views._coordinator_start", refuse)
    with caplog.at_level("WARNING", logger="frivillig.unavailable"):
        response = client.get(reverse("home"))
    assert_unavailable_page(response)
    assert "Service unavailable: GET / : OperationalError" not in caplog.text
    assert "Service unavailable: GET /: OperationalError: connection to server" in caplog.text


def test_a_database_error_before_the_view_answers_503_and_keeps_the_login(quiet_client, region, monkeypatch):
    """The session is read from the database by the login middleware, before any view runs."""
    quiet_client.force_login(region.users["coordinator"])

    def refuse(self):
        raise OperationalError("the database system is shutting down")

    with monkeypatch.context() as patch:
        patch.setattr(SessionStore, "load", refuse)
        response = quiet_client.get(reverse("home"))
    assert_unavailable_page(response)
    # The session cookie was not deleted: once the database answers, the user is still logged in.
    assert "sessionid" not in response.cookies
    assert quiet_client.get(reverse("home")).status_code == 200


def test_other_errors_still_answer_500(quiet_client, region, monkeypatch):
    quiet_client.force_login(region.users["coordinator"])

    def fail(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("frivillig.views._coordinator_start", fail)
    response = quiet_client.get(reverse("home"))
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_page_is_english_for_those_who_chose_english(client, region, monkeypatch):
    client.force_login(region.users["coordinator"])
    client.cookies["frivillig_language"] = "en"

    def refuse(*args, **kwargs):
        raise OperationalError("gone")

    monkeypatch.setattr("frivillig.views._coordinator_start", refuse)
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert "The service is unavailable" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_real_database_outage_answers_503_and_the_app_recovers_by_itself(quiet_client, region):
    """The app's connection is pointed at a port where no PostgreSQL listens, then back."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL), as in CI")
    quiet_client.force_login(region.users["secretariat"])
    assert quiet_client.get(reverse("home")).status_code == 200
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = closed_port()
    try:
        response = quiet_client.get(reverse("home"))
        health = quiet_client.get(reverse("healthz"))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert_unavailable_page(response)
    assert health.status_code == 503
    # Back: the same login, the same client, no restart.
    assert quiet_client.get(reverse("home")).status_code == 200


def test_redis_down_answers_503_on_a_page_that_needs_it(client, region, settings):
    """The public answer form counts answers per address in the cache (Redis in production)."""
    questionnaire = make_questionnaire(region)
    url = reverse("evaluation:answer", args=[link_of(questionnaire, region.hospital).token])
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    response = client.post(url, answer_data(questionnaire))
    assert_unavailable_page(response)
    assert Submission.objects.count() == 0


def test_a_task_that_cannot_be_queued_is_an_outage():
    """What Celery raises when the broker (Redis) does not answer, for real."""
    from documents.tasks import make_document
    from frivillig.celery import app

    with pytest.raises(Exception) as raised:
        with app.connection_for_write(f"redis://127.0.0.1:{closed_port()}/0") as broker:
            make_document.apply_async((0,), connection=broker, retry=False)
    assert middleware.is_outage(raised.value)
    assert not middleware.is_outage(ValueError("no"))
