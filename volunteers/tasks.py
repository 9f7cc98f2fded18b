"""Sending the recorded hand-offs exactly once (core.sending); reading uploaded imports in the worker;
refreshing the volunteers' derived checks_due_on after their organisation's renewal periods changed."""

from celery import shared_task

from core.sending import RETRY_SENDING, queue_unsent, send_once

from .importing import VOLUNTEERS, uploads
from .models import HandOff, Volunteer


@shared_task(**RETRY_SENDING)
def send_handoff(handoff_id):
    """Send one recorded hand-off in the app and by e-mail, unless it has been sent already."""
    return send_once(HandOff, handoff_id)


@shared_task
def send_unsent_handoffs():
    """Celery beat runs this every hour: a hand-off recorded but not sent (the worker stopped, the
    mail server was down) is queued again."""
    queue_unsent(HandOff, send_handoff)


@shared_task(soft_time_limit=uploads.SOFT_TIME_LIMIT, time_limit=uploads.TIME_LIMIT)
def read_volunteer_import(import_id):
    """Read an uploaded file of volunteers, within the limits (volunteers.importing.uploads)."""
    uploads.read(import_id, VOLUNTEERS)


@shared_task
def forget_old_imports():
    """Celery beat runs this every night: imports hold people's data and are not kept past a day."""
    return uploads.forget_old()


@shared_task
def refresh_checks_due_on(organisation_id):
    """Organisation.save() queues this when the renewal periods of record checks change."""
    return Volunteer.objects.filter(organisation_id=organisation_id).refresh_checks_due_on()
