"""The meeting's documents (see the documents app): the agenda and the minutes, read by the
organisation-wide roles like the meeting itself (coordinators: none)."""

from documents.registry import register
from volunteers.access import scoped
from volunteers.models import ORGANISATION_WIDE

from . import pdf
from .models import Meeting
from .views.public import public_meetings


def _meetings(request):
    meetings = Meeting.objects.select_related("body")
    if request.user.role not in ORGANISATION_WIDE:
        return meetings.none()
    return scoped(request, meetings)


register("agenda_pdf", visible=_meetings, build=pdf.agenda_source)
register("minutes_pdf", visible=_meetings, build=pdf.minutes_source)
# The public versions, served at the public pages' own addresses (meetings/views/public.py).
register("public_agenda_pdf", visible=lambda request: public_meetings(), build=pdf.public_agenda_source)
register("public_minutes_pdf", visible=lambda request: public_meetings(), build=pdf.public_minutes_source)
