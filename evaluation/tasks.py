"""Reminders about status report deadlines and evaluation milestones, each sent exactly once (the
pattern of agreements/tasks.py and meetings/tasks.py).

The daily sweep first records every reminder that is due as a Reminder row (unique per recipient,
kind and report or milestone; evaluation/reminders.py decides what is due), and only then queues a
task per unsent row. The task locks the row, sends the e-mail and the in-app notification only if
nobody has yet, and marks the row sent. A second sweep or a restarted worker or beat finds the row and
sends nothing twice; a row recorded but not sent (the worker stopped, the mail server was down) is
queued again by the next sweep. A failed send is counted on the row (attempts, last error) and
retried by Celery with a growing delay.
"""

import logging
from functools import partial
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from volunteers.models import Notification

from .models import Reminder
from .reminders import PENDING, record_due_reminders

logger = logging.getLogger(__name__)

Kind = Reminder.Kind


def sweep(today=None):
    """Record the reminders due by today (and the draft reports they are about), then queue every
    reminder not yet sent. Returns the number of reminders recorded now."""
    today = today or timezone.localdate()
    recorded = record_due_reminders(today)
    for reminder_id in Reminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        transaction.on_commit(partial(send_evaluation_reminder.delay, reminder_id))
    return recorded


@shared_task
def send_evaluation_reminders():
    """Celery beat runs this every morning (settings.CELERY_BEAT_SCHEDULE)."""
    return sweep()


def still_applies(reminder):
    """Whether there is still something to remind about, as when the reminder was recorded."""
    if not reminder.recipient.is_active:
        return False
    if reminder.report_id:
        report = reminder.report
        return report.status in PENDING and report.period.deadline == reminder.due_on
    milestone = reminder.milestone
    return milestone.completed_on is None and milestone.due_on == reminder.due_on


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_evaluation_reminder(reminder_id):
    """Send one recorded reminder by e-mail and in the app, unless it has been sent already. A failed
    send is recorded on the reminder and raised again, for Celery to retry."""
    with transaction.atomic():
        locked = (
            Reminder.objects.select_for_update(of=("self",))
            .filter(pk=reminder_id, sent_at__isnull=True)
            .values_list("pk", flat=True)
            .first()
        )
        if locked is None:
            return False
        reminder = Reminder.objects.select_related(
            "recipient", "report__unit", "report__period__strategy", "milestone__strategy"
        ).get(pk=reminder_id)
        if not still_applies(reminder):
            # Submitted, completed or moved since it was recorded: the next sweep records what is due now.
            reminder.delete()
            return False
        error = None
        try:
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                _send(reminder)
        except (SMTPException, OSError) as exc:
            error = exc
        reminder.attempts += 1
        if error is None:
            reminder.sent_at = timezone.now()
        else:
            reminder.last_error = f"{type(error).__name__}: {error}"[:300]
            logger.warning("Evaluation reminder %s not sent: %s", reminder.pk, reminder.last_error)
        reminder.save(update_fields=["attempts", "sent_at", "last_error"])
    if error is not None:
        raise error
    return True


def reminder_url(reminder):
    """The page the reminder is about: the status report, or the strategy's reporting schedule."""
    if reminder.report_id:
        return reverse("evaluation:report_detail", args=[reminder.report_id])
    return reverse("evaluation:schedule_detail", args=[reminder.milestone.strategy_id])


def reminder_context(reminder):
    url = reminder_url(reminder)
    report, milestone = reminder.report, reminder.milestone
    return {
        "reminder": reminder,
        "recipient": reminder.recipient,
        "report": report,
        "milestone": milestone,
        "strategy": report.period.strategy if report else milestone.strategy,
        "upcoming": reminder.kind == Kind.UPCOMING,
        "due_today": reminder.kind == Kind.DUE_TODAY,
        "overdue": reminder.kind == Kind.OVERDUE,
        "path": url,
        "url": f"{settings.SITE_URL}{url}",
    }


def _send(reminder):
    """One in-app notification and one e-mail (when the recipient has an address) to one person."""
    context = reminder_context(reminder)
    message = render_to_string("evaluation/email/reminder_message.txt", context).strip()
    Notification.objects.create(user=reminder.recipient, message=message[:500], url=context["path"])
    if reminder.recipient.email:
        subject = render_to_string("evaluation/email/reminder_subject.txt", context).strip()
        body = render_to_string("evaluation/email/reminder.txt", {**context, "message": message})
        send_mail(subject, body, None, [reminder.recipient.email])
