"""Asking for a document: reuse the one of the same content, or have a task make it.

The HTML of a document is cheap to render; its hash says whether the content changed. A ready document
with the same hash is served at once; otherwise one pending document per content is recorded (the unique
constraint decides between concurrent requests) and a Celery task makes the PDF after the commit.
"""

import hashlib
from datetime import timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.pdf import BASE_STYLESHEET
from volunteers.access import OrganisationRequest
from volunteers.models import Organisation, User

from . import tasks
from .models import Document
from .registry import Source, get_kind


def build(kind_name: str, obj: Model) -> tuple[Source, str]:
    """The document's source and HTML, in Danish whatever the reader's language (like core/pdf.py)."""
    with translation.override(settings.LANGUAGE_CODE):
        source = get_kind(kind_name).build(obj)
        return source, render_to_string(source.template, source.context)


def content_hash(html: str, stylesheet: Path) -> str:
    digest = hashlib.sha256()
    for part in (
        hashlib.sha256(html.encode()).digest(),
        _file_digest(BASE_STYLESHEET),
        _file_digest(stylesheet),
    ):
        digest.update(part)
    return digest.hexdigest()


@lru_cache(maxsize=64)
def _file_digest(path: Path) -> bytes:
    """A stylesheet's digest, read once per process: the files ship with the code."""
    return hashlib.sha256(path.read_bytes()).digest()


#: A document still pending this long after it was asked for has its task queued again.
REQUEUE_AFTER = timedelta(minutes=2)


def _existing(key: dict[str, Any]) -> Document | None:
    # Without its source: the HTML it was made from (a large plan's is 170 KB) is the task's business.
    return Document.objects.filter(**key).defer("source").first()


def document_for(
    kind_name: str, obj: Model, organisation: Organisation, requested_by: User | None = None
) -> Document:
    """The document of `obj` as it reads now: the one made already, or one recorded now whose task is
    queued after the commit (also again for one whose task was lost or failed)."""
    source, html = build(kind_name, obj)
    key = {"kind": kind_name, "object_id": obj.pk, "content_hash": content_hash(html, source.stylesheet)}
    document = _existing(key)
    if document is None:
        try:
            with transaction.atomic():
                document = Document.objects.create(
                    **key,
                    organisation=organisation,
                    title=source.title,
                    filename=source.filename,
                    source=html,
                    stylesheet=str(source.stylesheet),
                    requested_by=requested_by,
                )
                transaction.on_commit(partial(tasks.make_document.delay, document.pk))
        except IntegrityError:  # another request recorded it a moment ago; its task makes it
            document = Document.objects.get(**key)
    elif document.status == Document.Status.PENDING and document.created_at < timezone.now() - REQUEUE_AFTER:
        # Its task was lost (the broker was down when it was queued): queue it again. The task is
        # idempotent, so a slow first one still running does no harm.
        transaction.on_commit(partial(tasks.make_document.delay, document.pk))
    elif document.status == Document.Status.FAILED:
        # Try again: the one request that turns it back to pending queues the task.
        if Document.objects.filter(pk=document.pk, status=Document.Status.FAILED).update(
            status=Document.Status.PENDING, error="", source=html
        ):
            document.status = Document.Status.PENDING
            transaction.on_commit(partial(tasks.make_document.delay, document.pk))
    return document


def request_document(request: OrganisationRequest, kind_name: str, obj: Model) -> HttpResponseBase:
    """The answer to a request for the document of `obj`: the file, or a redirect to the page that waits
    for it."""
    # Only a member of an organisation sees `obj`: the user is logged in and has an organisation, which
    # the request's type cannot tell.
    document = document_for(kind_name, obj, request.organisation, request.user)  # type: ignore[arg-type]
    if document.status == Document.Status.READY:
        # At once rather than by a redirect to its download: one request fewer for every reader.
        return file_response(document)
    return redirect(document)


def file_response(document: Document) -> FileResponse:
    """A ready document's PDF, shown in the browser; 404 if its file is gone."""
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(file, content_type="application/pdf", as_attachment=False, filename=document.filename)
