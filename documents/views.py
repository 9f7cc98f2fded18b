"""The page that waits for a document, and its download: only for those who may see its object
(everyone else: 404, as if it did not exist)."""

from django.db.models import Model
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from volunteers.access import OrganisationRequest, get_scoped_or_404

from .flow import file_response
from .models import Document
from .registry import get_kind, visible_object

#: Seconds between the waiting page's reloads (an HTTP Refresh header: no script, allowed by the CSP).
REFRESH_SECONDS = 2


def _document(request: OrganisationRequest, pk: int) -> tuple[Document, Model]:
    document = get_scoped_or_404(request, Document.objects.all(), pk=pk)
    obj = visible_object(request, get_kind(document.kind), document.object_id)
    return document, obj


def document_status(request: OrganisationRequest, pk: int) -> HttpResponse:
    document, obj = _document(request, pk)
    response = render(request, "documents/document_status.html", {"document": document, "object": obj})
    if document.status == Document.Status.PENDING:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def document_download(request: OrganisationRequest, pk: int) -> HttpResponseBase:
    document, _obj = _document(request, pk)
    if document.status != Document.Status.READY:
        return redirect(document)
    return file_response(document)
