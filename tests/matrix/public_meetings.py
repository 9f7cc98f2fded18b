"""The public version of a public body's agendas and minutes (issue 14): the same for everybody, signed in
or not. A body that is not public, and so the region's own body, shows nothing to anybody (404)."""

from datetime import date

from django.core.files.base import ContentFile

from meetings.models import Attachment, Body, Meeting
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory
from tests.matrix import PUBLIC, ROLES


def _public_meeting(r):
    """A public body's meeting with approved minutes; the same one however often it is asked for (the
    browser test of every page asks for each entry in one transaction)."""
    body = Body.objects.filter(organisation=r.body.organisation, name="Offentligt udvalg").first()
    if body is None:
        body = BodyFactory(organisation=r.body.organisation, name="Offentligt udvalg", is_public=True)
    meeting = body.meetings.first()
    if meeting is None:
        meeting = MeetingFactory(
            plan__body=body,
            date=date(2025, 3, 4),
            status=Meeting.Status.MINUTES_APPROVED,
            minutes_approved_on=date(2025, 4, 1),
            minutes_approved_by="Udvalget",
        )
    return meeting


def _meeting(r):
    return {"pk": _public_meeting(r).pk}


def _body(r):
    return {"pk": _public_meeting(r).body_id}


def _organisation(r):
    _public_meeting(r)
    return {"organisation": r.body.organisation_id}


def _attachment(r):
    meeting = _public_meeting(r)
    item = meeting.items.first() or AgendaItemFactory(meeting=meeting)
    attachment = Attachment.objects.create(
        item=item,
        title="Mødeplan",
        file=ContentFile(b"%PDF-1.4\n", name="moedeplan.pdf"),
        filename="moedeplan.pdf",
        content_type="application/pdf",
        size=9,
    )
    return {"pk": attachment.pk}


ENTRIES = {
    "meetings:public_bodies": (_organisation, PUBLIC),
    "meetings:public_body": (_body, PUBLIC),
    "meetings:public_meeting": (_meeting, PUBLIC),
    "meetings:public_agenda_pdf": (_meeting, PUBLIC),
    "meetings:public_minutes_pdf": (_meeting, PUBLIC),
    "meetings:public_attachment": (_attachment, PUBLIC),
}

#: The other organisation's body is not public: nothing of it exists here, for anybody signed in.
OUTSIDER_CASES = [
    ("meetings:public_bodies", lambda r, o: {"organisation": o.body.organisation_id}, ROLES[1:]),
    ("meetings:public_body", lambda r, o: {"pk": o.body.pk}, ROLES[1:]),
    ("meetings:public_meeting", lambda r, o: {"pk": o.meeting.pk}, ROLES[1:]),
    ("meetings:public_agenda_pdf", lambda r, o: {"pk": o.meeting.pk}, ROLES[1:]),
    ("meetings:public_minutes_pdf", lambda r, o: {"pk": o.meeting.pk}, ROLES[1:]),
]
