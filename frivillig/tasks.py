"""Housekeeping that Celery beat runs every night (schedule in settings.CELERY_BEAT_SCHEDULE)."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessLog
from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task
def clear_expired_sessions():
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def forget_old_login_attempts(days=90):
    """Login attempts carry IP addresses: personal data kept no longer than needed."""
    cutoff = timezone.now() - timedelta(days=days)
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    logs, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    return attempts + logs
