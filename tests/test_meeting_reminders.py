"""Reminders about meetings: an agenda to publish, minutes to approve; each sent exactly once."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from meetings import tasks
from meetings.models import Meeting, MeetingReminder, Membership
from volunteers.models import Notification, Role, User

AGENDA_DUE = MeetingReminder.Kind.AGENDA_DUE
MINUTES = MeetingReminder.Kind.MINUTES_UNAPPROVED


@pytest.fixture
def meeting(region):
    """The region's draft meeting on 1 September 2026; agendas 7 days before, minutes 14 days after."""
    region.organisation.agenda_reminder_days = 7
    region.organisation.minutes_reminder_days = 14
    region.organisation.save()
    return region.meeting


def sweep(django_capture_on_commit_callbacks, today):
    with django_capture_on_commit_callbacks(execute=True):
        return tasks.sweep(today=today)


def set_status(meeting, status):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)


def test_the_secretariat_is_reminded_to_publish_the_agenda_once(
    meeting, region, other_region, eager_celery, django_capture_on_commit_callbacks
):
    secretariat = region.users["secretariat"]
    # The other organisation reminds later: its own days count, and its meeting is its own business.
    other_region.organisation.agenda_reminder_days = 3
    other_region.organisation.save()
    assert sweep(django_capture_on_commit_callbacks, meeting.date - timedelta(days=8)) == 0
    assert mail.outbox == []

    assert sweep(django_capture_on_commit_callbacks, meeting.date - timedelta(days=7)) == 1
    assert [message.to for message in mail.outbox] == [[secretariat.email]]
    assert region.body.name in mail.outbox[0].subject
    assert f"{settings.SITE_URL}{meeting.get_absolute_url()}" in mail.outbox[0].body
    assert list(Notification.objects.values_list("user", "url")) == [
        (secretariat.pk, meeting.get_absolute_url())
    ]

    # A second sweep the same day, a restart, and the days up to the meeting: nothing twice.
    for days_before in (7, 6, 4):
        assert sweep(django_capture_on_commit_callbacks, meeting.date - timedelta(days=days_before)) == 0
    assert len(mail.outbox) == 1
    assert MeetingReminder.objects.get().sent_at is not None
    # Three days before, the other organisation's secretariat gets its own reminder, once.
    assert sweep(django_capture_on_commit_callbacks, meeting.date - timedelta(days=3)) == 1
    assert sweep(django_capture_on_commit_callbacks, meeting.date) == 0
    assert [message.to for message in mail.outbox[1:]] == [[other_region.users["secretariat"].email]]


def test_a_published_agenda_is_not_reminded(meeting, eager_celery, django_capture_on_commit_callbacks):
    set_status(meeting, Meeting.Status.PUBLISHED)
    assert sweep(django_capture_on_commit_callbacks, meeting.date - timedelta(days=3)) == 0
    assert mail.outbox == []


def test_the_secretary_is_reminded_of_unapproved_minutes_once(
    meeting, region, eager_celery, django_capture_on_commit_callbacks
):
    set_status(meeting, Meeting.Status.HELD)
    secretary = region.users["coordinator"]  # any user of the organisation may be the body's secretary
    Membership.objects.create(
        body=region.body, name="Sekretær", role=Membership.Role.SECRETARY, user=secretary
    )
    Membership.objects.create(
        body=region.body, name="Ekstern sekretær", role=Membership.Role.SECRETARY, email="sekr@example.org"
    )
    assert sweep(django_capture_on_commit_callbacks, meeting.date + timedelta(days=13)) == 0
    assert sweep(django_capture_on_commit_callbacks, meeting.date + timedelta(days=14)) == 1
    assert sorted(mail.outbox[0].to) == sorted([secretary.email, "sekr@example.org"])
    assert Notification.objects.get().user == secretary

    set_status(meeting, Meeting.Status.MINUTES_DRAFTED)
    assert sweep(django_capture_on_commit_callbacks, meeting.date + timedelta(days=30)) == 0
    assert len(mail.outbox) == 1
    assert list(MeetingReminder.objects.values_list("kind", flat=True)) == [MINUTES]


def test_without_a_secretary_the_secretariat_is_reminded_of_minutes(
    meeting, region, eager_celery, django_capture_on_commit_callbacks
):
    set_status(meeting, Meeting.Status.HELD)
    sweep(django_capture_on_commit_callbacks, meeting.date + timedelta(days=20))
    assert [message.to for message in mail.outbox] == [[region.users["secretariat"].email]]


def test_approved_minutes_are_not_reminded(meeting, eager_celery, django_capture_on_commit_callbacks):
    set_status(meeting, Meeting.Status.MINUTES_APPROVED)
    assert sweep(django_capture_on_commit_callbacks, meeting.date + timedelta(days=20)) == 0
    assert mail.outbox == []


def test_a_recorded_but_unsent_reminder_is_sent_by_the_next_sweep(
    meeting, eager_celery, django_capture_on_commit_callbacks
):
    MeetingReminder.objects.create(meeting=meeting, kind=AGENDA_DUE)  # the worker stopped before sending it
    assert sweep(django_capture_on_commit_callbacks, meeting.date - timedelta(days=2)) == 0
    assert len(mail.outbox) == 1
    assert MeetingReminder.objects.get().sent_at is not None


def test_a_sent_reminder_is_not_sent_again_by_the_task(meeting, eager_celery):
    reminder = MeetingReminder.objects.create(meeting=meeting, kind=AGENDA_DUE)
    assert tasks.send_meeting_reminder.apply(args=[reminder.pk]).get() is True
    assert tasks.send_meeting_reminder.apply(args=[reminder.pk]).get() is False
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_a_reminder_that_no_longer_applies_is_dropped(meeting, eager_celery):
    reminder = MeetingReminder.objects.create(meeting=meeting, kind=AGENDA_DUE)
    set_status(meeting, Meeting.Status.PUBLISHED)
    assert tasks.send_meeting_reminder.apply(args=[reminder.pk]).get() is False
    assert mail.outbox == [] and not MeetingReminder.objects.exists()


def test_a_failed_send_is_recorded_and_raised_for_celery_and_the_retry_sends_it_once(meeting, monkeypatch):
    reminder = MeetingReminder.objects.create(meeting=meeting, kind=AGENDA_DUE)

    def refuse(backend, messages):
        raise SMTPException("421 Service not available")

    with monkeypatch.context() as server_down:
        server_down.setattr(EmailBackend, "send_messages", refuse)
        with pytest.raises(SMTPException):
            tasks.send_meeting_reminder(reminder.pk)
    reminder.refresh_from_db()
    assert (reminder.sent_at, reminder.attempts) == (None, 1)
    assert reminder.last_error == "SMTPException: 421 Service not available"
    assert mail.outbox == [] and not Notification.objects.exists()  # nothing half sent

    # Celery's retry, once the mail server is back; a duplicate of the task sends nothing.
    assert tasks.send_meeting_reminder(reminder.pk) is True
    assert tasks.send_meeting_reminder(reminder.pk) is False
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and reminder.attempts == 2
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_with_nobody_to_remind_the_reminder_waits_for_the_next_sweep(
    meeting, region, eager_celery, django_capture_on_commit_callbacks
):
    User.objects.filter(organisation=region.organisation, role=Role.SECRETARIAT).update(is_active=False)
    assert sweep(django_capture_on_commit_callbacks, meeting.date - timedelta(days=7)) == 1
    reminder = MeetingReminder.objects.get()
    assert (reminder.sent_at, reminder.attempts, reminder.last_error) == (None, 1, "No recipient")
    assert mail.outbox == []

    User.objects.filter(pk=region.users["secretariat"].pk).update(is_active=True)
    assert sweep(django_capture_on_commit_callbacks, meeting.date - timedelta(days=6)) == 0
    assert [message.to for message in mail.outbox] == [[region.users["secretariat"].email]]
    assert MeetingReminder.objects.get().sent_at is not None


def test_the_sweep_is_scheduled_every_day():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.send_meeting_reminders.name
    )
    assert entry["schedule"].hour == {6}
