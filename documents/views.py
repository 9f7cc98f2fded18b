"""The page that waits for a document, and its download: only for those who may see its object
(everyone else: 404, as if it did not exist)."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from volunteers.access import get_scoped_or_404

from .models import Document
from .registry import get_kind, visible_object

#: Seconds between the waiting page's reloads (an HTTP Refresh header: no script, allowed by the CSP).
REFRESH_SECONDS = 2


def _document(request, pk):
    document = get_scoped_or_404(request, Document.objects.all(), pk=pk)
    obj = visible_object(request, get_kind(document.kind), document.object_id)
    return document, obj


def document_status(request, pk):
    document, obj = _document(request, pk)
    response = render(request, "documents/document_status.html", {"document": document, "object": obj})
    if document.status == Document.Status.PENDING:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def document_download(request, pk):
    document, _obj = _document(request, pk)
    if document.status != Document.Status.READY:
        return redirect(document)
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(file, content_type="application/pdf", as_attachment=False, filename=document.filename)
