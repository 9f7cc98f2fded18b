"""Reminders about meetings, each sent exactly once (core.sending).

The daily sweep records every reminder that is due as a MeetingReminder row (unique per meeting and
kind) and only then queues a task per unsent row; MeetingReminder says whether it still applies, to
whom it goes and what it says.

- AGENDA_DUE, when a meeting whose agenda is still a draft is within the organisation's
  agenda_reminder_days.
- MINUTES_UNAPPROVED, when the minutes of a held meeting are not approved minutes_reminder_days
  after it.

Also here: telling the assignees of overdue follow-ups (a hand-off, volunteers.notifications), and
sending a published agenda's PDF to the members who are not users, after the publication is committed.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.sending import RETRY_SENDING, queue_unsent, send_once
from volunteers.models import Organisation

from .models import FollowUp, Meeting, MeetingReminder
from .models.meetings import AWAITING_MINUTES
from .pdf import agenda_pdf

Kind = MeetingReminder.Kind


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


def sweep(today=None):
    """Record the reminders due today and queue every reminder not yet sent; returns how many were
    recorded now."""
    today = today or timezone.localdate()
    recorded = 0
    for organisation in Organisation.objects.all():
        for meeting, kind in due_reminders(organisation, today):
            _reminder, created = MeetingReminder.objects.get_or_create(meeting=meeting, kind=kind)
            recorded += created
    queue_unsent(MeetingReminder, send_meeting_reminder)
    # Told once per follow-up and due date (the hand-off's key); done or dropped ones are not overdue.
    overdue = (
        FollowUp.objects.overdue(today)
        .filter(assignee__isnull=False)
        .select_related("assignee", "body__organisation", "item__meeting__body")
    )
    for follow_up in overdue:
        follow_up.tell_assignee(overdue=True)
    return recorded


@shared_task
def send_meeting_reminders():
    """Celery beat runs this every morning (settings.CELERY_BEAT_SCHEDULE)."""
    return sweep()


@shared_task(**RETRY_SENDING)
def send_meeting_reminder(reminder_id):
    """Send one recorded reminder by e-mail and in the app, unless it has been sent already."""
    return send_once(MeetingReminder, reminder_id)


def agenda_recipients(meeting):
    """The addresses of the members on the meeting's date who are not users of the app: the users are
    told by the hand-off of the publication (in the app, and by e-mail if they want it) and find the
    agenda's PDF on the meeting's page."""
    return meeting.members_told()[1]


@shared_task(**RETRY_SENDING)
def send_agenda(meeting_id):
    """One e-mail with the agenda's PDF to the current members who are not users, each in Bcc: a send
    either reaches them all or none, so a retry after a failure never mails anyone twice.
    Returns the count."""
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
