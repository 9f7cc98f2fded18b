"""Scheduled housekeeping, run through a real Celery worker on the configured broker
(kombu's filesystem transport locally, Redis in CI)."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from frivillig import tasks
from frivillig.celery import app


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_worker_clears_expired_sessions_and_keeps_live_ones():
    live = SessionStore()
    live["user"] = "live"
    live.create()
    expired = SessionStore()
    expired.create()
    Session.objects.filter(pk=expired.session_key).update(expire_date=timezone.now() - timedelta(days=1))

    with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
        tasks.clear_expired_sessions.delay()
        assert wait_for(lambda: not Session.objects.filter(pk=expired.session_key).exists())

    assert Session.objects.filter(pk=live.session_key).exists()


@pytest.mark.django_db
def test_old_login_attempts_are_forgotten():
    old = AccessAttempt.objects.create(ip_address="10.0.0.1", username="a", failures_since_start=1)
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - timedelta(days=120))
    recent = AccessAttempt.objects.create(ip_address="10.0.0.2", username="b", failures_since_start=1)
    assert tasks.forget_old_login_attempts() == 1
    assert list(AccessAttempt.objects.all()) == [recent]


def test_a_fresh_worker_knows_every_scheduled_task():
    """In a new process, as `celery -A frivillig worker` starts, not with this test module's imports."""
    script = (
        "from frivillig.celery import app; app.loader.import_default_modules(); "
        "print('\\n'.join(sorted(app.tasks)))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "frivillig.settings"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    registered = set(result.stdout.split())
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in registered
    # Tasks that views queue after a commit.
    assert {
        "meetings.tasks.send_agenda",
        "agreements.tasks.send_review_reminder",
        "volunteers.tasks.read_volunteer_import",
        "accounts.tasks.read_user_import",
    } <= registered
