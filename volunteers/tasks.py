"""Sending the recorded hand-offs exactly once (core.sending)."""

from celery import shared_task

from core.sending import RETRY_SENDING, queue_unsent, send_once

from .models import HandOff


@shared_task(**RETRY_SENDING)
def send_handoff(handoff_id):
    """Send one recorded hand-off in the app and by e-mail, unless it has been sent already."""
    return send_once(HandOff, handoff_id)


@shared_task
def send_unsent_handoffs():
    """Celery beat runs this every hour: a hand-off recorded but not sent (the worker stopped, the
    mail server was down) is queued again."""
    queue_unsent(HandOff, send_handoff)
