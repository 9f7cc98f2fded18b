import os

import pytest
from django.db import OperationalError
from django.urls import reverse


def test_healthz_answers_200_when_the_database_answers(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


def test_healthz_answers_503_when_the_broker_does_not(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error"}


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a running Redis (REDIS_URL), as in CI")
def test_healthz_checks_the_real_redis(client, db, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, db, settings, monkeypatch):
    from django.db import connection

    settings.REDIS_URL = ""

    def refuse():
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "error"}
