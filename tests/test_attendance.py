"""Attendance: members invited from the body's membership on the meeting's date, apologies (afbud)
before the meeting by the secretary or by the member's own link, present and absent from its start until
the minutes are approved, guests, and the attendance on the meeting page and in the minutes' PDF."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.html import escape
from django.utils.translation import gettext, pgettext

from meetings.attendance import invite_members
from meetings.models import Attendance, Meeting, Membership
from tests.document_flow import content_of, fetch_document
from tests.pdfs import Pdf
from volunteers.models import HandOff, NotificationKind

Status = Attendance.Status


def danish(text, context=None, **params):
    """The text as the Danish pages say it (whether or not it is translated yet)."""
    with translation.override("da"):
        said = pgettext(context, text) if context else gettext(text)
    return said % params if params else said


def says(response, text):
    return str(escape(text)) in response.content.decode()


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def coming(meeting, days=7):
    """The meeting moved to a weekday ``days`` from now (not begun)."""
    meeting.date = timezone.localdate() + timedelta(days=days)
    meeting.save(update_fields=["date"])
    return meeting


def begun(meeting):
    """The meeting today, begun an hour ago (start and end on the same day, an hour apart at least)."""
    now = timezone.localtime()
    start = max(now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0, microsecond=0))
    meeting.date, meeting.start_time = start.date(), start.time().replace(microsecond=0)
    meeting.end_time = time(23, 59, 59)
    meeting.save(update_fields=["date", "start_time", "end_time"])
    return meeting


def names(meeting, status=None):
    rows = meeting.attendances.filter(is_guest=False).order_by("pk")
    if status:
        rows = rows.filter(status=status)
    return list(rows.values_list("name", flat=True))


@pytest.fixture
def members(region):
    """Erik Vinther (chair, no dates, from the fixture) and three more around 1 September 2026."""
    body = region.body
    Membership.objects.create(body=body, name="Annette Roed", represents="(A)")
    Membership.objects.create(
        body=body, name="Finn Thranum", represents="(V)", start=date(2025, 1, 1), end=date(2026, 6, 30)
    )
    Membership.objects.create(body=body, name="Steen Jakobsen", represents="(V)", start=date(2026, 10, 1))
    return body.memberships.all()


@pytest.fixture
def secretary(client, region):
    client.force_login(region.users["secretariat"])
    return client


# --- invitations ---------------------------------------------------------------------------------------


def test_the_members_on_the_meeting_date_are_invited_when_it_is_created(secretary, region, members):
    data = {"date": "2026-09-01", "start_time": "13:00", "end_time": "15:00", "place": "", "video_link": ""}
    assert secretary.post(url("meeting_create", region.body.pk), data).status_code == 302
    meeting = Meeting.objects.get(body=region.body, start_time=time(13))

    # Finn Thranum's term ended before the date, Steen Jakobsen's begins after it.
    assert names(meeting) == ["Erik Vinther", "Annette Roed"]
    assert meeting.attendances.get(name="Annette Roed").represents == "(A)"
    invite_members(meeting)  # idempotent
    assert meeting.attendances.count() == 2


def test_the_invitations_follow_a_new_date_and_a_changed_member_before_the_meeting(
    secretary, region, members
):
    today = timezone.localdate()
    body = region.body
    Membership.objects.create(body=body, name="Lars Møller Pedersen", end=today + timedelta(days=20))
    Membership.objects.create(body=body, name="Birgitte Svenningsen", start=today + timedelta(days=20))
    meeting = coming(region.meeting, days=30)
    invite_members(meeting)
    assert names(meeting) == ["Erik Vinther", "Annette Roed", "Steen Jakobsen", "Birgitte Svenningsen"]

    # A new date: Birgitte Svenningsen is not a member yet, Lars Møller Pedersen still is.
    day = (today + timedelta(days=10)).isoformat()
    data = {"date": day, "start_time": "09:00", "end_time": "12:00", "place": "", "video_link": ""}
    assert secretary.post(url("meeting_edit", meeting.pk), data).status_code == 302
    assert names(meeting) == ["Erik Vinther", "Annette Roed", "Steen Jakobsen", "Lars Møller Pedersen"]

    # A member added and a member renamed: the coming meetings follow.
    coming(meeting)
    data = {"name": "Marianne Carøe", "role": "member", "represents": "(A)", "email": ""}
    assert secretary.post(url("membership_create", region.body.pk), data).status_code == 302
    assert "Marianne Carøe" in names(meeting)
    annette = members.get(name="Annette Roed")
    annette.name = "Annette Roed Hansen"
    annette.save()
    assert secretary.get(url("attendance", meeting.pk)).status_code == 200
    assert "Annette Roed Hansen" in names(meeting) and "Annette Roed" not in names(meeting)


def test_a_member_added_later_is_not_added_to_approved_minutes(region, members):
    meeting = region.meeting
    invite_members(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_APPROVED)
    meeting.refresh_from_db()
    Membership.objects.create(body=region.body, name="Birgitte Svenningsen", represents="(A)")
    invite_members(meeting)
    assert "Birgitte Svenningsen" not in names(meeting)


# --- apologies ------------------------------------------------------------------------------------------


def test_the_secretary_records_apologies_before_the_meeting_but_not_presence(secretary, region, members):
    meeting = coming(region.meeting)
    page = secretary.get(url("attendance", meeting.pk))
    assert page.status_code == 200
    annette = meeting.attendances.get(name="Annette Roed")
    erik = meeting.attendances.get(name="Erik Vinther")
    field = f"attendance-{annette.pk}"
    assert f'name="{field}" value="apologised"' in page.content.decode()
    assert f'name="{field}" value="present"' not in page.content.decode()

    response = secretary.post(url("attendance", meeting.pk), {"action": "attendance", field: "apologised"})
    assert response.status_code == 302
    annette.refresh_from_db()
    assert annette.status == Status.APOLOGISED and annette.apologised_at is not None

    # Present before the meeting begins: refused, nothing changed.
    response = secretary.post(
        url("attendance", meeting.pk), {"action": "attendance", f"attendance-{erik.pk}": "present"}
    )
    assert response.status_code == 200
    erik.refresh_from_db()
    assert erik.status == Status.INVITED
    # The secretary's own entry tells nobody.
    assert not HandOff.objects.filter(key__startswith="apologies:").exists()

    # Withdrawn again ("expected").
    secretary.post(url("attendance", meeting.pk), {"action": "attendance", field: "invited"})
    annette.refresh_from_db()
    assert annette.status == Status.INVITED and annette.apologised_at is None


def test_a_member_sends_and_withdraws_apologies_through_their_private_link(client, region, members):
    meeting = coming(region.meeting, days=10)
    annette = members.get(name="Annette Roed")
    link = url("apologies", annette.calendar_token)
    page = client.get(link)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert says(page, danish("Send apologies"))

    response = client.post(link, {"meeting": meeting.pk, "action": "apologise"}, follow=True)
    assert response.status_code == 200
    row = meeting.attendances.get(membership=annette)
    assert row.status == Status.APOLOGISED and row.apologised_at is not None
    assert says(response, danish("Withdraw apologies: I will attend"))
    # The secretariat is told (the body has no secretary of its own).
    told = HandOff.objects.get(key__startswith=f"apologies:{row.pk}:")
    assert told.kind == NotificationKind.MEETING_REMINDER
    assert told.recipient == region.users["secretariat"]
    assert "Annette Roed" in told.message
    assert told.url == url("attendance", meeting.pk)

    client.post(link, {"meeting": meeting.pk, "action": "withdraw"})
    row.refresh_from_db()
    assert row.status == Status.INVITED and row.apologised_at is None
    assert HandOff.objects.filter(key__startswith=f"apologies:{row.pk}:withdrawn:").count() == 1


def test_apologies_are_refused_once_the_meeting_has_begun(client, secretary, region, members):
    meeting = begun(region.meeting)
    annette = members.get(name="Annette Roed")
    invite_members(meeting)
    # The member's page no longer lists it, and a POST is refused with the reason.
    link = url("apologies", annette.calendar_token)
    client.logout()
    assert str(meeting.date) not in client.get(link).content.decode()
    response = client.post(link, {"meeting": meeting.pk, "action": "apologise"})
    assert response.status_code == 409
    refusal = (
        "The meeting began on %(date)s at %(time)s; apologies are sent before it begins. "
        "The secretary records who was absent."
    )
    when = {"date": _danish_date(meeting.date), "time": time_format(meeting.start_time)}
    assert says(response, danish(refusal, **when))
    assert meeting.attendances.get(membership=annette).status == Status.INVITED


def _danish_date(day):
    with translation.override("da"):
        return date_format(day)


def test_a_link_that_is_not_a_members_or_another_bodys_meeting_is_not_found(
    client, region, other_region, members
):
    assert client.get(url("apologies", "not-a-token")).status_code == 404
    annette = members.get(name="Annette Roed")
    coming(other_region.meeting)
    response = client.post(url("apologies", annette.calendar_token), {"meeting": other_region.meeting.pk})
    assert response.status_code == 404
    # Finn Thranum's term has ended: the coming meeting is not his to send apologies for.
    meeting = coming(region.meeting)
    finn = members.get(name="Finn Thranum")
    link = url("apologies", finn.calendar_token)
    assert says(client.get(link), danish("You have no coming meetings."))
    assert client.post(link, {"meeting": meeting.pk, "action": "apologise"}).status_code == 404
    assert not meeting.attendances.filter(membership=finn).exists()


# --- on the day ------------------------------------------------------------------------------------------


def test_present_and_absent_are_marked_once_the_meeting_has_begun(secretary, region, members):
    meeting = coming(region.meeting)
    invite_members(meeting)
    annette = meeting.attendances.get(name="Annette Roed")
    secretary.post(
        url("attendance", meeting.pk), {"action": "attendance", f"attendance-{annette.pk}": "apologised"}
    )
    begun(meeting)
    Attendance.objects.filter(pk=annette.pk).update(apologised_at=meeting.starts_at - timedelta(days=1))
    marianne = Membership.objects.create(body=region.body, name="Marianne Carøe", represents="(A)")
    page = secretary.get(url("attendance", meeting.pk))  # a member on the date, invited on opening
    assert page.status_code == 200
    erik = meeting.attendances.get(name="Erik Vinther")
    carøe = meeting.attendances.get(membership=marianne)
    content = page.content.decode()
    assert f'name="attendance-{erik.pk}" value="present"' in content
    assert f'name="attendance-{erik.pk}" value="apologised"' not in content  # he sent none
    assert f'name="attendance-{annette.pk}" value="apologised"' in content

    # Apologies on the day are not apologies: absent.
    response = secretary.post(
        url("attendance", meeting.pk), {"action": "attendance", f"attendance-{erik.pk}": "apologised"}
    )
    assert response.status_code == 200
    assert says(
        response,
        danish("Apologies are sent before the meeting begins; mark %(name)s as absent.", name="Erik Vinther"),
    )
    erik.refresh_from_db()
    assert erik.status == Status.INVITED

    data = {
        "action": "attendance",
        f"attendance-{erik.pk}": "present",
        f"attendance-{annette.pk}": "apologised",
        f"attendance-{carøe.pk}": "absent",
    }
    assert secretary.post(url("attendance", meeting.pk), data).status_code == 302
    assert names(meeting, Status.PRESENT) == ["Erik Vinther"]
    assert names(meeting, Status.APOLOGISED) == ["Annette Roed"]
    assert names(meeting, Status.ABSENT) == ["Marianne Carøe"]


def test_guests_are_added_and_removed_on_the_day_only(secretary, region, members):
    meeting = coming(region.meeting)
    guest = {"action": "guest", "name": "Jakob Olesen", "represents": "Administrationschef, Koncern HR"}
    response = secretary.post(url("attendance", meeting.pk), guest)
    assert not meeting.attendances.filter(is_guest=True).exists()

    begun(meeting)
    assert secretary.post(url("attendance", meeting.pk), guest).status_code == 302
    added = meeting.attendances.get(is_guest=True)
    assert (added.name, added.status, added.membership) == ("Jakob Olesen", Status.PRESENT, None)
    response = secretary.get(url("meeting_detail", meeting.pk))
    assert says(response, "Jakob Olesen (Administrationschef, Koncern HR)")

    data = {"action": "remove-guest", "guest": added.pk}
    assert secretary.post(url("attendance", meeting.pk), data).status_code == 302
    assert not meeting.attendances.filter(is_guest=True).exists()
    # A member is not removed as a guest.
    erik = meeting.attendances.get(name="Erik Vinther")
    response = secretary.post(url("attendance", meeting.pk), {"action": "remove-guest", "guest": erik.pk})
    assert response.status_code == 404
    assert meeting.attendances.filter(pk=erik.pk).exists()


def test_approved_minutes_lock_the_attendance(secretary, region, members):
    meeting = region.meeting
    invite_members(meeting)
    erik = meeting.attendances.get(name="Erik Vinther")
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.MINUTES_APPROVED,
        minutes_approved_on=date(2026, 9, 20),
        minutes_approved_by="Udvalget",
    )
    response = secretary.post(
        url("attendance", meeting.pk), {"action": "attendance", f"attendance-{erik.pk}": "absent"}
    )
    assert response.status_code == 409
    erik.refresh_from_db()
    assert erik.status == Status.INVITED
    guest = {"action": "guest", "name": "Jakob Olesen", "represents": ""}
    assert secretary.post(url("attendance", meeting.pk), guest).status_code == 409
    assert not meeting.attendances.filter(is_guest=True).exists()


def test_the_steering_group_reads_the_attendance_but_cannot_change_it(client, region, members):
    meeting = region.meeting
    invite_members(meeting)
    client.force_login(region.users["steering_group"])
    erik = meeting.attendances.get(name="Erik Vinther")
    assert client.get(url("attendance", meeting.pk)).status_code == 403
    data = {"action": "attendance", f"attendance-{erik.pk}": "present"}
    assert client.post(url("attendance", meeting.pk), data).status_code == 403
    erik.refresh_from_db()
    assert erik.status == Status.INVITED
    response = client.get(url("meeting_detail", meeting.pk))
    assert says(response, danish("Attendance")) and says(response, "Erik Vinther (V)")


# --- shown -----------------------------------------------------------------------------------------------


def _held_with_attendance(region):
    """Seed 003's committee in small: Erik present, Lars and Annette apologised in time, Finn absent."""
    body = region.body
    for name, represents in [
        ("Lars Møller Pedersen", "(A)"),
        ("Annette Roed", "(A)"),
        ("Finn Thranum", "(V)"),
    ]:
        Membership.objects.create(body=body, name=name, represents=represents)
    meeting = region.meeting
    invite_members(meeting)
    before = timezone.make_aware(datetime.combine(meeting.date - timedelta(days=2), time(12)))
    statuses = {
        "Erik Vinther": Status.PRESENT,
        "Lars Møller Pedersen": Status.APOLOGISED,
        "Annette Roed": Status.APOLOGISED,
        "Finn Thranum": Status.ABSENT,
    }
    for name, status in statuses.items():
        meeting.attendances.filter(name=name).update(
            status=status, apologised_at=before if status == Status.APOLOGISED else None
        )
    Attendance.objects.create(
        meeting=meeting, name="Jakob Olesen", represents="Koncern HR", is_guest=True, status=Status.PRESENT
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
    return meeting


def test_the_meeting_page_shows_present_apologies_absent_and_guests(secretary, region):
    meeting = _held_with_attendance(region)
    page = " ".join(secretary.get(url("meeting_detail", meeting.pk)).content.decode().split())
    assert (
        f"{escape(danish('Apologies', 'minutes'))}:</strong> Lars Møller Pedersen (A), Annette Roed (A)"
        in page
    )
    assert f"{escape(danish('Absent', 'minutes'))}:</strong> Finn Thranum (V)" in page
    assert f"{escape(danish('Present', 'minutes'))}:</strong> Erik Vinther (V)" in page
    assert f"{escape(danish('Guests', 'minutes'))}:</strong> Jakob Olesen (Koncern HR)" in page


def test_the_minutes_pdf_says_who_sent_apologies_and_who_was_absent(secretary, region):
    meeting = _held_with_attendance(region)
    response = fetch_document(secretary, url("minutes_pdf", meeting.pk))
    text = " ".join(Pdf(content_of(response)).text().split())
    assert "Til stede: Erik Vinther (V)" in text
    assert "Afbud: Lars Møller Pedersen (A), Annette Roed (A)" in text
    assert "Fraværende: Finn Thranum (V)" in text
    assert "Gæster: Jakob Olesen (Koncern HR)" in text
    assert text.index("Afbud:") < text.index("Fraværende:") < text.index(danish("Table of contents"))


def test_the_agenda_pdf_lists_the_members_on_the_meeting_date(secretary, region, members):
    response = fetch_document(secretary, url("agenda_pdf", region.meeting.pk))
    text = " ".join(Pdf(content_of(response)).text().split())
    assert "Erik Vinther (V)" in text and "Annette Roed (A)" in text
    assert "Finn Thranum" not in text and "Steen Jakobsen" not in text


# --- queries -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["attendance", "meeting_detail"])
def test_the_pages_queries_do_not_grow_with_the_members(secretary, region, page):
    meeting = begun(region.meeting)

    def count():
        secretary.get(url(page, meeting.pk))  # the invitations are made on the first opening
        with CaptureQueriesContext(connection) as queries:
            assert secretary.get(url(page, meeting.pk)).status_code == 200
        return len(queries)

    few = count()
    for number in range(12):
        Membership.objects.create(body=region.body, name=f"Medlem {number}")
    invite_members(meeting)
    assert count() == few


# --- demo ---------------------------------------------------------------------------------------------------


def test_the_demo_holds_seed_003s_attendance_and_twice_changes_nothing(db):
    from django.core.management import call_command

    from meetings import demo

    call_command("seed_demo", "--today", "2027-03-01", verbosity=0)
    first = list(Attendance.objects.order_by("pk").values_list("pk", "name", "status", "apologised_at"))
    call_command("seed_demo", "--today", "2027-03-01", verbosity=0)
    assert (
        list(Attendance.objects.order_by("pk").values_list("pk", "name", "status", "apologised_at")) == first
    )

    committee = Meeting.objects.get(body__name=demo.COMMITTEE[1], date=date(2020, 8, 18))
    assert names(committee, Status.PRESENT)[:2] == ["Erik Vinther", "Lars Møller Pedersen"]
    assert len(names(committee, Status.PRESENT)) == 7
    assert list(committee.attendances.filter(is_guest=True).values_list("name", flat=True)) == [
        "Jakob Olesen"
    ]
    # The live meetings around the demo day (not seed 004's meeting of 31 January 2019).
    aarhus = Meeting.objects.filter(
        body__name="Chefteamet i Sundhed og Omsorg", date__gt=date(2019, 1, 31)
    ).order_by("date")
    held = aarhus.filter(date__lt=date(2027, 3, 1)).last()
    coming_meeting = aarhus.filter(date__gt=date(2027, 3, 1)).first()
    assert names(held, Status.APOLOGISED) == ["Henriette Andersen"]
    assert "Maj Morgenstjerne" in names(held, Status.PRESENT)
    assert names(coming_meeting, Status.APOLOGISED) == ["Henriette Andersen"]
    assert "Maj Morgenstjerne" in names(coming_meeting, Status.INVITED)


@pytest.mark.parametrize("meeting", ["", "abc", "1 OR 1=1", "-1"])
def test_a_malformed_meeting_on_the_members_page_is_not_found(client, region, meeting):
    token = region.body.memberships.first().calendar_token
    assert (
        client.post(url("apologies", token), {"meeting": meeting, "action": "apologise"}).status_code == 404
    )


def test_the_members_calendar_feed_gives_their_apologies_page_in_each_meeting(client, region, settings):
    membership = region.body.memberships.first()
    content = client.get(url("body_calendar_feed", membership.calendar_token)).content.decode()
    unfolded = content.replace("\r\n ", "")
    assert f"{settings.SITE_URL}{url('apologies', membership.calendar_token)}" in unfolded
    # The single meeting's .ics, for anybody who may read the meeting, has no member's link.
    client.force_login(region.users["secretariat"])
    assert "afbud" not in client.get(url("meeting_ics", region.meeting.pk)).content.decode().lower()
