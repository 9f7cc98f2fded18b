"""Reminders about agreements' reviews, each sent exactly once (core.sending).

The daily sweep records every reminder that is due as a ReviewReminder row (unique per agreement, kind
and review date) and only then queues a task per unsent row; ReviewReminder says whether it still
applies, to whom it goes and what it says.
"""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core.sending import RETRY_SENDING, queue_unsent, send_once
from volunteers.models import Organisation

from .models import Agreement, ReviewReminder
from .reviews import due_reminders


def sweep(today=None):
    """Record the reminders due today, mark agreements whose review date has come, and queue every
    reminder not yet sent. Returns the number of reminders recorded now."""
    today = today or timezone.localdate()
    recorded = 0
    for organisation in Organisation.objects.all():
        for agreement, kind in due_reminders(organisation, today):
            with transaction.atomic():
                if agreement.status == Agreement.Status.ACTIVE and agreement.review_date <= today:
                    agreement.mark_due_for_review()
                _reminder, created = ReviewReminder.objects.get_or_create(
                    agreement=agreement,
                    kind=kind,
                    review_date=agreement.review_date,
                    defaults={"recipient": agreement.responsible},
                )
            recorded += created
    queue_unsent(ReviewReminder, send_review_reminder)
    return recorded


@shared_task
def send_review_reminders():
    """Celery beat runs this every morning (settings.CELERY_BEAT_SCHEDULE)."""
    return sweep()


@shared_task(**RETRY_SENDING)
def send_review_reminder(reminder_id):
    """Send one recorded reminder by e-mail and in the app, unless it has been sent already."""
    return send_once(ReviewReminder, reminder_id)
