"""Meetings as iCalendar (RFC 5545) for Outlook and other clients: one .ics per meeting, one feed per body.

Times are local Danish time with a VTIMEZONE for Europe/Copenhagen, which Outlook needs to place a
TZID it does not know by name; each meeting keeps its UID, and SEQUENCE tells clients of a change.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//frivillig//Møder//DA"
ZONE = ZoneInfo("Europe/Copenhagen")


def meetings_calendar(name, meetings, apologies_url=None):
    """The calendar (bytes) with ``meetings``, whose ``body`` must be loaded. ``apologies_url``: in a
    member's own feed, the address of their page for sending apologies, given in each meeting."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(ZONE))
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(_event(meeting, stamp, apologies_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(meeting, stamp, apologies_url=None):
    event = Event()
    event.add("uid", f"{meeting.uid}@frivillig")
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.combine(meeting.date, meeting.start_time, tzinfo=ZONE))
    event.add("dtend", datetime.combine(meeting.date, meeting.end_time, tzinfo=ZONE))
    event.add("summary", meeting.body.name)
    event.add("sequence", meeting.sequence)
    if meeting.place:
        event.add("location", meeting.place)
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    description = [_("Meeting in %(body)s.") % {"body": meeting.body.name}, url]
    if meeting.video_link:
        description.insert(1, _("Video: %(link)s") % {"link": meeting.video_link})
        event.add("url", meeting.video_link)
    else:
        event.add("url", url)
    if apologies_url:
        description.append(_("Apologies (afbud): %(link)s") % {"link": apologies_url})
    event.add("description", "\n".join(description))
    return event
