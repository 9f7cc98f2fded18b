"""Make a document's PDF in the background."""

import logging
import secrets
from pathlib import Path

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core.pdf import render_pdf

from .models import Document

logger = logging.getLogger(__name__)


#: Seconds a document may take to render: then the task stops (the document fails, the worker goes on).
#: The largest document of the bench takes about 4 s.
RENDER_SECONDS = 120


@shared_task(soft_time_limit=RENDER_SECONDS, time_limit=RENDER_SECONDS + 30)
def make_document(document_id: int) -> None:
    """Render the document's PDF and store it under a random name. Idempotent: a document that is
    ready (or gone) is left alone, and if two workers race, the first to finish wins and the other's
    file is removed. Once ready, the older documents of the same object are deleted."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None or document.status == Document.Status.READY:
        return
    try:
        # The HTML was rendered (in Danish) when the document was requested; this template just holds it.
        pdf = render_pdf("documents/source.html", {"html": document.source}, Path(document.stylesheet))
    # Anything WeasyPrint raises, and the soft time limit: the user is told, the worker goes on.
    except Exception as error:
        logger.exception("Document %s could not be made", document_id)
        Document.objects.filter(pk=document_id, status=Document.Status.PENDING).update(
            status=Document.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return
    try:
        name = default_storage.save(f"documents/{secrets.token_urlsafe(24)}.pdf", ContentFile(pdf))
    except OSError as error:  # the storage is full or not writable: failed (no half file), tried again later
        logger.exception("Document %s could not be stored", document_id)
        Document.objects.filter(pk=document_id, status=Document.Status.PENDING).update(
            status=Document.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return
    with transaction.atomic():
        finished = Document.objects.filter(pk=document_id, status=Document.Status.PENDING).update(
            status=Document.Status.READY, file=name, source="", error="", finished_at=timezone.now()
        )
        if finished:
            document.tell_ready()
    if not finished:
        default_storage.delete(name)
        return
    _delete_older(document)


def _delete_older(document: Document) -> None:
    """Documents of the same object made before this one are out of date; those still being made are
    left to finish (someone may be waiting for them)."""
    older = Document.objects.filter(
        kind=document.kind, object_id=document.object_id, created_at__lt=document.created_at
    ).exclude(status=Document.Status.PENDING)
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()
