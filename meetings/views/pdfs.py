"""The agenda and the minutes as PDFs, for those who may read the meeting: made by a task (the documents
app) and reused until the meeting's content changes; the reader is sent on to it."""

from documents.flow import request_document
from volunteers.access import get_scoped_or_404, role_required
from volunteers.models import ORGANISATION_WIDE

from ..models import Meeting

organisation_wide = role_required(*ORGANISATION_WIDE)


@organisation_wide
def agenda_pdf(request, pk):
    meeting = get_scoped_or_404(request, Meeting.objects.all(), pk=pk)
    return request_document(request, "agenda_pdf", meeting)


@organisation_wide
def minutes_pdf(request, pk):
    meeting = get_scoped_or_404(request, Meeting.objects.all(), pk=pk)
    return request_document(request, "minutes_pdf", meeting)
