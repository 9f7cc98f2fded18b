"""Meetings as iCalendar: an .ics per meeting and a member's private feed per body, parsed back."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from meetings.models import Meeting

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def assert_outlook_calendar(calendar, name):
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == name
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Copenhagen"
    # Both summer and winter time, so that clients without the zone's rules place the meetings right.
    assert {component.name for component in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_a_meetings_ics(client, region):
    meeting = region.meeting
    Meeting.objects.filter(pk=meeting.pk).update(
        video_link="https://meet.example.org/styregruppe", sequence=2
    )
    meeting.refresh_from_db()
    client.force_login(region.users["steering_group"])
    response = client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert 'filename="moede-2026-09-01.ics"' in response["Content-Disposition"]
    calendar = parse(response)
    assert_outlook_calendar(calendar, region.body.name)

    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uid}@frivillig"
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event["DTSTART"].dt == datetime(2026, 9, 1, 9, tzinfo=COPENHAGEN)
    assert event["DTEND"].dt == datetime(2026, 9, 1, 12, tzinfo=COPENHAGEN)
    assert str(event["SUMMARY"]) == region.body.name
    assert str(event["LOCATION"]) == "Mødelokale 1"
    assert event["SEQUENCE"] == 2
    assert str(event["URL"]) == "https://meet.example.org/styregruppe"
    assert "https://meet.example.org/styregruppe" in event["DESCRIPTION"]
    assert f"{settings.SITE_URL}{meeting.get_absolute_url()}" in event["DESCRIPTION"]


def test_a_meetings_ics_is_scoped(client, region, other_region):
    client.force_login(region.users["secretariat"])
    assert client.get(reverse("meetings:meeting_ics", args=[other_region.meeting.pk])).status_code == 404
    client.force_login(region.users["coordinator"])
    assert client.get(reverse("meetings:meeting_ics", args=[region.meeting.pk])).status_code == 403


def test_a_members_feed_has_the_bodys_meetings_without_login(client, region, other_region):
    Meeting.objects.create(
        body=region.body, date=datetime(2026, 1, 13).date(), start_time=time(9), end_time=time(12)
    )
    membership = region.body.memberships.get()
    calendar = parse(client.get(reverse("meetings:body_calendar_feed", args=[membership.calendar_token])))
    assert_outlook_calendar(calendar, region.body.name)
    events = calendar.walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == sorted(
        f"{uid}@frivillig" for uid in region.body.meetings.values_list("uid", flat=True)
    )
    # Winter time in January: +01:00; the meeting in September: +02:00.
    offsets = sorted(e["DTSTART"].dt.utcoffset().total_seconds() / 3600 for e in events)
    assert offsets == [1, 2]
    assert other_region.meeting.uid not in calendar.to_ical().decode()


def test_an_unknown_or_revoked_token_is_404(client, region):
    membership = region.body.memberships.get()
    old = membership.calendar_token
    assert client.get(reverse("meetings:body_calendar_feed", args=["not-a-token"])).status_code == 404
    membership.calendar_token = "a-new-token"
    membership.save()
    assert client.get(reverse("meetings:body_calendar_feed", args=[old])).status_code == 404


def test_the_body_page_links_to_each_meetings_ics(client, region):
    client.force_login(region.users["steering_group"])
    content = client.get(region.body.get_absolute_url()).content.decode()
    assert reverse("meetings:meeting_ics", args=[region.meeting.pk]) in content
