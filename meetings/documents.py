"""The meeting's documents (see the documents app): the agenda and the minutes, read by the
organisation-wide roles like the meeting itself (coordinators: none)."""

from documents.registry import register
from volunteers.access import scoped
from volunteers.models import ORGANISATION_WIDE

from . import pdf
from .models import Meeting


def _meetings(request):
    meetings = Meeting.objects.select_related("body")
    if request.user.role not in ORGANISATION_WIDE:
        return meetings.none()
    return scoped(request, meetings)


register("agenda_pdf", visible=_meetings, build=pdf.agenda_source)
register("minutes_pdf", visible=_meetings, build=pdf.minutes_source)
