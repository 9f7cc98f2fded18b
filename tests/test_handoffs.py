"""Hand-offs notify (issue 12): each hand-off between people is a notification in the app for the right
people and, unless they turned it off for that kind, an e-mail; recorded with the event and sent exactly
once (core.sending), whether the event is recorded again or the sweep runs again."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from meetings import tasks as meeting_tasks
from meetings.models import FollowUp, Meeting, MeetingReminder, Membership
from strategies.models import ConsultationResponse
from tests.factories import FollowUpFactory, MembershipFactory, UserFactory
from tests.followup import follow_up
from volunteers import tasks
from volunteers.models import EmailOptOut, HandOff, Notification, NotificationKind, Role

Kind = NotificationKind


@pytest.fixture
def sent(eager_celery, django_capture_on_commit_callbacks):
    """Run a function and send what it recorded, once its transaction has committed."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def told(kind):
    """{user: number of notifications} and the e-mails' recipients, of one kind of hand-off."""
    rows = HandOff.objects.filter(kind=kind)
    users = [row.recipient for row in rows if row.recipient]
    notifications = {user: Notification.objects.filter(user=user).count() for user in users}
    return notifications, sorted(address for message in mail.outbox for address in message.to)


def sweep_again(sent):
    """The hourly sweep, twice: nothing recorded is sent twice."""
    sent(tasks.send_unsent_handoffs)
    sent(tasks.send_unsent_handoffs)


@pytest.fixture
def follow(region):
    return follow_up(region)


def test_a_report_handed_in_tells_the_organisations_secretariat_once(region, other_region, follow, sent):
    secretariat, coordinator = region.users[Role.SECRETARIAT], region.users[Role.COORDINATOR]
    colleague = UserFactory(organisation=region.organisation, role=Role.SECRETARIAT, username="sekr2")
    EmailOptOut.objects.create(user=colleague, kind=Kind.REPORT_SUBMITTED)
    sent(follow.report.submit, coordinator)
    sweep_again(sent)

    notifications, addresses = told(Kind.REPORT_SUBMITTED)
    assert notifications == {secretariat: 1, colleague: 1}
    # The colleague turned e-mail off for this kind: the notification only.
    assert addresses == [secretariat.email]
    assert not Notification.objects.filter(user=other_region.users[Role.SECRETARIAT]).exists()
    notification = Notification.objects.get(user=secretariat)
    assert notification.url == reverse("evaluation:report_detail", args=[follow.report.pk])
    assert str(region.hospital) in notification.message
    assert notification.url in mail.outbox[0].body


def test_a_returned_report_tells_the_units_coordinators_and_links_to_the_report(client, region, follow, sent):
    coordinator = region.users[Role.COORDINATOR]
    # A second coordinator of the hospital is told too; one of another unit is not.
    colleague = UserFactory(organisation=region.organisation, role=Role.COORDINATOR, username="colleague")
    colleague.units.add(region.hospital)
    elsewhere = UserFactory(organisation=region.organisation, role=Role.COORDINATOR, username="elsewhere")
    elsewhere.units.add(region.other_hospital)
    report = follow.report
    sent(report.submit, coordinator)
    mail.outbox.clear()
    sent(report.decide, region.users[Role.SECRETARIAT], False, "Mangler tal for frivillige.")
    sweep_again(sent)

    notifications, addresses = told(Kind.REPORT_RETURNED)
    assert notifications == {coordinator: 1, colleague: 1}
    assert addresses == sorted([coordinator.email, colleague.email])
    assert not Notification.objects.filter(user=elsewhere).exists()
    notification = Notification.objects.get(user=coordinator)
    assert "Mangler tal for frivillige." in notification.message

    # The header counts it; following the link marks it read and leads to the report.
    client.force_login(coordinator)
    assert "1 ny meddelelse" in client.get(reverse("home")).content.decode()
    response = client.get(reverse("volunteers:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:report_detail", args=[report.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "0 nye meddelelser" in client.get(reverse("home")).content.decode()
    # Someone else's notification is not theirs to open.
    client.force_login(colleague)
    assert client.get(reverse("volunteers:notification_open", args=[notification.pk])).status_code == 404


def test_handed_in_again_and_accepted_tells_again_once_each(region, follow, sent):
    coordinator, secretariat = region.users[Role.COORDINATOR], region.users[Role.SECRETARIAT]
    report = follow.report
    sent(report.submit, coordinator)
    sent(report.decide, secretariat, False, "Ret tallene.")
    sent(report.submit, coordinator)
    sent(report.decide, secretariat, True)
    sweep_again(sent)
    assert HandOff.objects.filter(kind=Kind.REPORT_SUBMITTED, recipient=secretariat).count() == 2
    assert told(Kind.REPORT_ACCEPTED)[0] == {coordinator: 2}  # returned once, then accepted
    assert HandOff.objects.filter(kind=Kind.REPORT_ACCEPTED).count() == 1
    assert HandOff.objects.filter(sent_at__isnull=True).count() == 0


@pytest.fixture
def members(region):
    """A member who is a user (the steering group's), one with only an address, one whose term ended."""
    member = region.users[Role.STEERING_GROUP]
    MembershipFactory(
        seat_category=region.seat_category, name="Ole Bruger", role=Membership.Role.MEMBER, user=member
    )
    MembershipFactory(
        seat_category=region.seat_category,
        name="Else Adresse",
        role=Membership.Role.MEMBER,
        email="else@example.org",
    )
    MembershipFactory(
        seat_category=region.seat_category,
        name="Tidligere Medlem",
        role=Membership.Role.MEMBER,
        email="tidligere@example.org",
        end=date(2026, 1, 1),
    )
    return member


def test_members_told_are_the_members_on_the_meetings_date(region, members):
    assert region.meeting.members_told() == ([members], ["else@example.org"])


def test_a_published_agenda_and_approved_minutes_tell_the_members_once(region, members, sent):
    meeting = region.meeting
    sent(meeting.publish)
    sweep_again(sent)
    # The user is told in the app and by e-mail; the member without a login gets the agenda's PDF
    # (meetings.tasks.send_agenda), not a link they cannot follow.
    assert told(Kind.AGENDA_PUBLISHED) == ({members: 1}, [members.email])
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
    meeting.refresh_from_db()
    mail.outbox.clear()
    sent(meeting.approve_minutes, "Styregruppen", date(2026, 9, 20))
    sweep_again(sent)
    notifications, addresses = told(Kind.MINUTES_APPROVED)
    assert notifications == {members: 2}
    assert addresses == sorted([members.email, "else@example.org"])
    assert Notification.objects.filter(user=members).first().url == meeting.get_absolute_url()


def test_an_agreement_awaiting_approval_tells_the_secretariat_once(region, other_region, sent):
    secretariat = region.users[Role.SECRETARIAT]
    agreement = region.agreement
    agreement.status = agreement.Status.DRAFT
    agreement.save()
    sent(agreement.record_tr_dialogue, date(2026, 11, 1), "TR Hanne", "Enighed.")
    sent(agreement.record_tr_dialogue, date(2026, 11, 2), "TR Hanne", "Enighed, rettet.")  # corrected
    sweep_again(sent)
    assert told(Kind.AGREEMENT_TO_APPROVE) == ({secretariat: 1}, [secretariat.email])
    assert Notification.objects.get(user=secretariat).url == agreement.get_absolute_url()


def test_a_consultation_response_tells_the_secretariat_once(region, sent):
    secretariat = region.users[Role.SECRETARIAT]
    response = ConsultationResponse.objects.create(
        consultation=region.consultation, name="Mette Sørensen", text="Godt udkast."
    )
    sent(response.tell_secretariat)
    sent(response.tell_secretariat)
    sweep_again(sent)
    assert told(Kind.CONSULTATION_RESPONSE) == ({secretariat: 1}, [secretariat.email])
    url = Notification.objects.get(user=secretariat).url
    assert url == reverse("strategies:response_moderate", args=[response.pk])


def test_a_follow_up_task_tells_its_assignee_when_assigned_and_when_overdue(client, region, sent):
    secretariat = region.users[Role.SECRETARIAT]
    assignee = region.users[Role.STEERING_GROUP]
    EmailOptOut.objects.create(user=assignee, kind=Kind.TASK_OVERDUE)
    client.force_login(secretariat)
    data = {"title": "Send referatet", "owner": "Ole", "assignee": assignee.pk, "deadline": "2026-12-01"}
    url = reverse("meetings:task_create", args=[region.item.pk])
    response = sent(client.post, url, data)
    assert response.status_code == 302
    assert told(Kind.TASK_ASSIGNED) == ({assignee: 1}, [assignee.email])
    task = region.item.follow_ups.get()
    assert task.assignee == assignee

    mail.outbox.clear()
    sent(meeting_tasks.sweep, today=date(2026, 12, 1))  # due today: not overdue yet
    assert not HandOff.objects.filter(kind=Kind.TASK_OVERDUE).exists()
    for day in (2, 3):
        sent(meeting_tasks.sweep, today=date(2026, 12, day))
    # Overdue: told once, in the app only (e-mail turned off for this kind).
    assert HandOff.objects.filter(kind=Kind.TASK_OVERDUE).count() == 1
    assert Notification.objects.filter(user=assignee).count() == 2
    assert [m.to for m in mail.outbox if assignee.email in m.to] == []


def test_a_done_or_unassigned_task_is_not_overdue(region, sent):
    FollowUpFactory(item=region.item, deadline=date(2026, 9, 15))
    FollowUpFactory(
        item=region.item,
        deadline=date(2026, 9, 15),
        assignee=region.users[Role.COORDINATOR],
        status=FollowUp.Status.DONE,
        done_on=date(2026, 9, 1),
    )
    sent(meeting_tasks.sweep, today=date(2026, 12, 1))
    assert not HandOff.objects.filter(kind=Kind.TASK_OVERDUE).exists()


def test_the_task_form_offers_only_the_organisations_users(client, region, other_region):
    client.force_login(region.users[Role.SECRETARIAT])
    url = reverse("meetings:task_create", args=[region.item.pk])
    data = {
        "title": "X",
        "owner": "Y",
        "assignee": other_region.users[Role.SECRETARIAT].pk,
        "deadline": "2026-12-01",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and not region.item.follow_ups.exists()


def test_a_ready_document_tells_the_one_who_asked(client, region, sent):
    coordinator = region.users[Role.COORDINATOR]
    client.force_login(coordinator)
    sent(client.get, reverse("strategies:plan_pdf", args=[region.implementation_plan.pk]))
    sweep_again(sent)
    assert told(Kind.DOCUMENT_READY) == ({coordinator: 1}, [coordinator.email])


def test_a_hand_off_left_unsent_is_sent_by_the_sweep_once(region, follow, eager_celery, sent):
    secretariat = region.users[Role.SECRETARIAT]
    follow.report.submit(region.users[Role.COORDINATOR])  # committed, but the task never ran
    assert HandOff.objects.get().sent_at is None and mail.outbox == []
    sweep_again(sent)
    assert HandOff.objects.get().sent_at is not None
    assert [m.to for m in mail.outbox] == [[secretariat.email]]


def test_reminders_follow_the_same_choice(region, sent):
    secretariat = region.users[Role.SECRETARIAT]
    EmailOptOut.objects.create(user=secretariat, kind=Kind.MEETING_REMINDER)
    sent(meeting_tasks.sweep, today=region.meeting.date - timedelta(days=3))
    assert MeetingReminder.objects.get().sent_at is not None
    assert Notification.objects.filter(user=secretariat).count() == 1
    assert mail.outbox == []


def test_each_chooses_per_kind_which_notifications_are_also_e_mailed(client, region):
    coordinator = region.users[Role.COORDINATOR]
    client.force_login(coordinator)
    url = reverse("volunteers:notification_settings")
    page = client.get(url).content.decode()
    assert page.count('type="checkbox"') == len(Kind.values) and page.count("checked") == len(Kind.values)
    assert "Påmindelser om dagsordener og referater" in page
    wanted = {kind: "on" for kind in Kind.values if kind != Kind.REPORT_RETURNED}
    assert client.post(url, wanted).status_code == 302
    assert list(coordinator.email_opt_outs.values_list("kind", flat=True)) == [Kind.REPORT_RETURNED]
    assert client.post(url, {**wanted, Kind.REPORT_RETURNED: "on"}).status_code == 302
    assert not coordinator.email_opt_outs.exists()


def test_the_list_is_paginated_and_links_through_the_marking_view(client, region):
    coordinator = region.users[Role.COORDINATOR]
    Notification.objects.bulk_create(
        Notification(user=coordinator, message=f"Meddelelse {n}", url="/") for n in range(30)
    )
    client.force_login(coordinator)
    url = reverse("volunteers:notification_list")
    first = client.get(url).content.decode()
    assert first.count("Meddelelse ") == 25 and "?page=2" in first
    assert client.get(url, {"page": 2}).content.decode().count("Meddelelse ") == 5
    notification = coordinator.notifications.first()
    assert reverse("volunteers:notification_open", args=[notification.pk]) in first
