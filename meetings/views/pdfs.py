"""The agenda and the minutes as PDFs, for those who may read the meeting."""

from django.http import HttpResponse

from volunteers.access import get_scoped_or_404, role_required
from volunteers.models import ORGANISATION_WIDE

from .. import pdf
from ..models import Meeting

organisation_wide = role_required(*ORGANISATION_WIDE)


@organisation_wide
def agenda_pdf(request, pk):
    meeting = get_scoped_or_404(request, Meeting.objects.all(), pk=pk)
    return _inline(pdf.agenda_pdf(meeting), f"dagsorden-{meeting.date:%Y-%m-%d}.pdf")


@organisation_wide
def minutes_pdf(request, pk):
    meeting = get_scoped_or_404(request, Meeting.objects.all(), pk=pk)
    return _inline(pdf.minutes_pdf(meeting), f"referat-{meeting.date:%Y-%m-%d}.pdf")


def _inline(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
