"""The agenda and the minutes as PDFs, for those who may read the meeting."""

from django.http import HttpResponse

from volunteers.access import ORGANISATION_WIDE_ROLES, get_scoped_or_404, role_required

from . import pdf
from .models import Meeting


@role_required(*ORGANISATION_WIDE_ROLES)
def agenda_pdf(request, pk):
    meeting = get_scoped_or_404(request, Meeting.objects.all(), pk=pk)
    return _inline(pdf.agenda_pdf(meeting), f"dagsorden-{meeting.date:%Y-%m-%d}.pdf")


@role_required(*ORGANISATION_WIDE_ROLES)
def minutes_pdf(request, pk):
    meeting = get_scoped_or_404(request, Meeting.objects.all(), pk=pk)
    return _inline(pdf.minutes_pdf(meeting), f"referat-{meeting.date:%Y-%m-%d}.pdf")


def _inline(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
