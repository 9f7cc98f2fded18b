"""Reminders about agreements' reviews, each sent exactly once.

The daily sweep first records every reminder that is due as a ReviewReminder row (unique per
agreement, kind and review date), and only then queues a task that sends it; the task marks the row
sent. A second sweep finds the row and records nothing new; a reminder recorded but not sent (the
worker stopped, the mail server was down) is queued again by the next sweep, and the task, which locks
the row, sends it only if nobody has yet.
"""

import logging
from functools import partial
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from volunteers.models import Notification, Organisation, Role

from .models import Agreement, ReviewReminder
from .reviews import RUNNING, due_reminders

logger = logging.getLogger(__name__)


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
    for reminder_id in ReviewReminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        transaction.on_commit(partial(send_review_reminder.delay, reminder_id))
    return recorded


@shared_task
def send_review_reminders():
    """Celery beat runs this every morning (settings.CELERY_BEAT_SCHEDULE)."""
    return sweep()


def recipients(agreement):
    """The responsible coordinator, or else the coordinators of the agreement's unit."""
    if agreement.responsible and agreement.responsible.is_active:
        return [agreement.responsible]
    return list(agreement.unit.staff.filter(role=Role.COORDINATOR, is_active=True))


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_review_reminder(reminder_id):
    """Send one recorded reminder by e-mail and in the app, unless it has been sent already."""
    with transaction.atomic():
        reminder = (
            ReviewReminder.objects.select_for_update(of=("self",))
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False
        agreement = Agreement.objects.select_related("unit", "volunteer_organisation", "responsible").get(
            pk=reminder.agreement_id
        )
        if agreement.status not in RUNNING or agreement.review_date != reminder.review_date:
            # Reviewed or ended since it was recorded: there is nothing left to remind about.
            reminder.delete()
            return False
        users = recipients(agreement)
        if not users:
            logger.warning("No coordinator to remind about the review of agreement %s", agreement.pk)
            return False
        with translation.override(settings.LANGUAGE_CODE):
            _send(reminder, agreement, users)
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
    return True


def _send(reminder, agreement, users):
    context = {
        "reminder": reminder,
        "agreement": agreement,
        "overdue": reminder.kind == ReviewReminder.Kind.OVERDUE,
        "url": f"{settings.SITE_URL}{agreement.get_absolute_url()}",
    }
    message = render_to_string("agreements/email/review_reminder_message.txt", context).strip()
    Notification.objects.bulk_create(
        Notification(user=user, message=message, url=agreement.get_absolute_url()) for user in users
    )
    addresses = [user.email for user in users if user.email]
    if addresses:
        subject = render_to_string("agreements/email/review_reminder_subject.txt", context).strip()
        body = render_to_string("agreements/email/review_reminder.txt", {**context, "message": message})
        send_mail(subject, body, None, addresses)
