"""Reminders about status report deadlines and evaluation milestones, each sent exactly once
(core.sending).

The daily sweep records every reminder that is due as a Reminder row (unique per recipient, kind and
report or milestone; evaluation/reminders.py decides what is due) and only then queues a task per
unsent row; Reminder says whether it still applies and what it says.
"""

from celery import shared_task
from django.utils import timezone

from core.sending import RETRY_SENDING, queue_unsent, send_once

from . import status_pack
from .models import Reminder
from .reminders import record_due_reminders


def sweep(today=None):
    """Record the reminders due by today (and the draft reports they are about), then queue every
    reminder not yet sent; put the status packs that are due on their steering bodies' next agendas.
    Returns the number of reminders recorded now."""
    today = today or timezone.localdate()
    recorded = record_due_reminders(today)
    queue_unsent(Reminder, send_evaluation_reminder)
    status_pack.land_due_packs(today)
    return recorded


@shared_task
def send_evaluation_reminders():
    """Celery beat runs this every morning (settings.CELERY_BEAT_SCHEDULE)."""
    return sweep()


@shared_task(**RETRY_SENDING)
def send_evaluation_reminder(reminder_id):
    """Send one recorded reminder by e-mail and in the app, unless it has been sent already. A failed
    send is recorded on the reminder and raised again, for Celery to retry."""
    return send_once(Reminder, reminder_id)
