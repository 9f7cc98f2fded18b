"""Fetch a PDF that the worker makes (the documents app) as a reader does: the link queues it, the
task makes it (run here, at once), and the same link then leads to its download."""

from documents.models import Document
from documents.tasks import make_document


def fetch_document(client, url):
    """The download's response; its bytes are `content_of(response)`."""
    response = client.get(url)
    assert response.status_code == 302, url
    for document in Document.objects.filter(status=Document.Status.PENDING):
        make_document(document.pk)
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf", url
    return response


def content_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content
