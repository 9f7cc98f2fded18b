"""Shared fixtures: two organisations, each with a small unit tree and one user per role
(tests/factories.py builds them), and what keeps tests apart, also when pytest-xdist runs them in
several processes at once."""

import copy
import os
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from tests.factories import organisation_with_everything

#: The organisation under test and another one (name, slug for its users' names and e-mail addresses).
REGION = ("Region Syddanmark", "syd")
OTHER_REGION = ("Region Midtjylland", "midt")


def pytest_configure(config):
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1, ... under pytest-xdist
    if worker:
        _own_cache_and_broker(worker)


def _own_cache_and_broker(worker):
    """Each pytest-xdist worker gets a cache and a Celery broker of its own: a Redis database (the one in
    REDIS_URL plus the worker's number), or, without Redis, a folder for kombu's filesystem transport.
    Otherwise one worker's cache.clear() would empty another's cache, and a Celery worker started by one
    worker's test (tests/test_tasks.py) would take the tasks another worker's test queued.

    Runs before any test: settings.py has already read REDIS_URL, the cache and Celery's configuration
    have not been used yet."""
    from frivillig.celery import app

    number = int(worker.removeprefix("gw"))
    if settings.REDIS_URL:
        url = urlsplit(settings.REDIS_URL)
        # Redis has 16 databases unless configured otherwise: enough for the 2 workers of CI.
        database = int(url.path.strip("/") or 0) + number
        redis_url = urlunsplit(url._replace(path=f"/{database}"))
        override_settings(
            REDIS_URL=redis_url,
            CACHES={"default": {**settings.CACHES["default"], "LOCATION": redis_url}},
            CELERY_BROKER_URL=redis_url,
        ).enable()
        app.conf.broker_url = redis_url
    else:
        options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
        for key in ["data_folder_in", "data_folder_out", "control_folder"]:
            folder = Path(options[key]) / worker
            folder.mkdir(parents=True, exist_ok=True)
            options[key] = str(folder)
        override_settings(CELERY_BROKER_TRANSPORT_OPTIONS=options).enable()
        app.conf.broker_transport_options = options


@pytest.fixture(autouse=True, scope="session")
def _fast_tests():
    with override_settings(
        # A deliberately weak hasher: the fixtures create many users, and hashing is not under test.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # The manifest storage needs collectstatic; tests serve static files from the finders instead.
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # The limits per address (public forms) live in the cache, which outlives a test (Redis in CI).
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager_celery():
    """Queued tasks run at once, in this process (tests/test_tasks.py runs a real worker)."""
    from frivillig.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def committing(eager_celery, django_capture_on_commit_callbacks):
    """client -> the same client, whose POSTs end as a committed request does: what they queued for
    after the commit runs then, the Celery tasks at once (as the worker would, a moment later)."""

    def wrap(client):
        post = client.post

        def post_and_commit(*args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return post(*args, **kwargs)

        client.post = post_and_commit
        return client

    return wrap


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files (meeting attachments) go to a folder of the test's own, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def region(db):
    """The organisation under test."""
    return organisation_with_everything(*REGION)


@pytest.fixture
def other_region(db):
    """Another organisation, whose data nobody in `region` may ever see."""
    return organisation_with_everything(*OTHER_REGION)


@pytest.fixture(scope="module")
def _regions_built_once(django_db_setup, django_db_blocker):
    """Both organisations, built once for a module, in a transaction rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = SimpleNamespace(
            region=organisation_with_everything(*REGION),
            other_region=organisation_with_everything(*OTHER_REGION),
        )
        with django_db_blocker.block():  # tests reach the database through `db`, as ever
            yield built
        transaction.set_rollback(True)


@pytest.fixture
def module_regions(_regions_built_once, db):
    """`region` and `other_region` for a module of many tests that each read them (the permission matrix):
    built once per module, not for every test. Each test runs in a savepoint on top of them (the `db`
    fixture's transaction), so whatever it changes is undone before the next; and it gets copies of the
    objects, as Django's setUpTestData gives, so changes to them in memory do not carry over either.

    A module uses it by overriding the fixtures: `def region(module_regions): return module_regions.region`.
    Not for tests that commit (transactional_db, live_server): they would commit the shared data."""
    return copy.deepcopy(_regions_built_once)
