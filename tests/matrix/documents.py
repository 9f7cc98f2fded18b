"""Documents made in the background (the strategy's and the plan's PDFs): the waiting page and the
download, for everyone who may see the document's object."""

import secrets

from tests.matrix import EVERYONE_LOGGED_IN, ROLES


def make_document(r, ready=True, content_hash=None):
    from django.core.files.base import ContentFile

    from documents.models import Document

    document = Document.objects.create(
        organisation=r.organisation,
        kind="strategy_pdf",
        object_id=r.strategy.pk,
        content_hash=content_hash or secrets.token_hex(32),  # by default a new document each time
        title="Frivillighedsstrategi (2019) som PDF",
        filename="strategi.pdf",
        stylesheet="",
    )
    if ready:
        document.file.save("test.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
        document.status = Document.Status.READY
        document.save()
    return document


def _document(r):
    return {"pk": make_document(r).pk}


ENTRIES = {
    "documents:document_status": (_document, EVERYONE_LOGGED_IN),
    "documents:document_download": (_document, EVERYONE_LOGGED_IN),
}

OUTSIDER_CASES = [
    # Another organisation's documents do not exist, whatever the role.
    (name, lambda r, o: _document(o), ROLES[1:])
    for name in ENTRIES
]
