"""Reminders about meetings, each sent exactly once (the pattern of agreements/tasks.py).

The daily sweep records every reminder that is due as a MeetingReminder row (unique per meeting and
kind) and only then queues a task that sends it; the task locks the row, sends it only if nobody has
yet, and marks it sent. A second sweep or a restarted worker finds the row and sends nothing twice;
a row recorded but not sent is queued again by the next sweep.

- AGENDA_DUE: to the organisation's secretariat, when a meeting whose agenda is still a draft is
  within the organisation's agenda_reminder_days.
- MINUTES_UNAPPROVED: to the body's secretary (else the secretariat), when the minutes of a held
  meeting are not approved minutes_reminder_days after it.

Also here: sending a published agenda to the body's members, after the publication is committed.
"""

import logging
from datetime import timedelta
from functools import partial
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from volunteers.models import Notification, Organisation, Role, User

from .models import Meeting, MeetingReminder, Membership
from .pdf import agenda_pdf

logger = logging.getLogger(__name__)

Kind = MeetingReminder.Kind
#: Meetings that have taken place (or should have) and whose minutes are not approved yet.
AWAITING_MINUTES = (Meeting.Status.PUBLISHED, Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED)


def due_reminders(organisation, today):
    """(meeting, kind) for each reminder due today about the organisation's meetings."""
    meetings = Meeting.objects.filter(body__organisation=organisation).select_related("body")
    agenda_due = meetings.filter(
        status=Meeting.Status.DRAFT,
        date__gte=today,
        date__lte=today + timedelta(days=organisation.agenda_reminder_days),
    )
    for meeting in agenda_due:
        yield meeting, Kind.AGENDA_DUE
    minutes_due = meetings.filter(
        status__in=AWAITING_MINUTES, date__lte=today - timedelta(days=organisation.minutes_reminder_days)
    )
    for meeting in minutes_due:
        yield meeting, Kind.MINUTES_UNAPPROVED


def still_applies(meeting, kind):
    if kind == Kind.AGENDA_DUE:
        return meeting.status == Meeting.Status.DRAFT
    return meeting.status in AWAITING_MINUTES


def sweep(today=None):
    """Record the reminders due today and queue every reminder not yet sent; returns how many were
    recorded now."""
    today = today or timezone.localdate()
    recorded = 0
    for organisation in Organisation.objects.all():
        for meeting, kind in due_reminders(organisation, today):
            _reminder, created = MeetingReminder.objects.get_or_create(meeting=meeting, kind=kind)
            recorded += created
    for reminder_id in MeetingReminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        transaction.on_commit(partial(send_meeting_reminder.delay, reminder_id))
    return recorded


@shared_task
def send_meeting_reminders():
    """Celery beat runs this every morning (settings.CELERY_BEAT_SCHEDULE)."""
    return sweep()


def recipients(meeting, kind):
    """(users, other e-mail addresses): the users get an in-app notification as well."""
    secretariat = list(
        User.objects.filter(organisation=meeting.body.organisation_id, role=Role.SECRETARIAT, is_active=True)
    )
    if kind == Kind.AGENDA_DUE:
        return secretariat, []
    secretaries = meeting.body.memberships.filter(role=Membership.Role.SECRETARY).select_related("user")
    users, addresses = [], []
    for secretary in secretaries:
        if secretary.user and secretary.user.is_active:
            users.append(secretary.user)
        elif secretary.email:
            addresses.append(secretary.email)
    if not (users or addresses):
        return secretariat, []
    return users, addresses


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_meeting_reminder(reminder_id):
    """Send one recorded reminder by e-mail and in the app, unless it has been sent already."""
    with transaction.atomic():
        reminder = (
            MeetingReminder.objects.select_for_update(of=("self",))
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False
        meeting = Meeting.objects.select_related("body__organisation").get(pk=reminder.meeting_id)
        if not still_applies(meeting, reminder.kind):
            # Published or approved since it was recorded: there is nothing left to remind about.
            reminder.delete()
            return False
        users, addresses = recipients(meeting, reminder.kind)
        if not (users or addresses):
            logger.warning("Nobody to remind about meeting %s (%s)", meeting.pk, reminder.kind)
            return False
        with translation.override(settings.LANGUAGE_CODE):
            _send(reminder, meeting, users, addresses)
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
    return True


def _send(reminder, meeting, users, addresses):
    url = meeting.get_absolute_url()
    context = {
        "meeting": meeting,
        "agenda_due": reminder.kind == Kind.AGENDA_DUE,
        "url": f"{settings.SITE_URL}{url}",
    }
    message = render_to_string("meetings/email/meeting_reminder_message.txt", context).strip()
    Notification.objects.bulk_create(Notification(user=user, message=message, url=url) for user in users)
    to = [user.email for user in users if user.email] + addresses
    if to:
        subject = render_to_string("meetings/email/meeting_reminder_subject.txt", context).strip()
        body = render_to_string("meetings/email/meeting_reminder.txt", {**context, "message": message})
        send_mail(subject, body, None, to)


def agenda_recipients(meeting):
    """The addresses of the body's members with an e-mail who are members on the meeting's date."""
    members = meeting.body.memberships.exclude(email="").filter(
        Q(start__isnull=True) | Q(start__lte=meeting.date), Q(end__isnull=True) | Q(end__gte=meeting.date)
    )
    return list(dict.fromkeys(members.values_list("email", flat=True)))


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=60, retry_backoff_max=3600, max_retries=8)
def send_agenda(meeting_id):
    """One e-mail with the agenda's PDF to all current members, each in Bcc: a send either reaches
    them all or none, so a retry after a failure never mails anyone twice. Returns the count."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    addresses = agenda_recipients(meeting)
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        pdf = agenda_pdf(meeting)
        context = {"meeting": meeting, "url": f"{settings.SITE_URL}{meeting.get_absolute_url()}"}
        subject = render_to_string("meetings/meeting_agenda_subject.txt", context).strip()
        body = render_to_string("meetings/meeting_agenda_email.txt", context)
    filename = f"dagsorden-{meeting.date:%Y-%m-%d}.pdf"
    message = EmailMessage(subject, body, bcc=addresses)
    message.attach(filename, pdf, "application/pdf")
    message.send()
    return len(addresses)
