"""GET a PDF the worker makes (the documents app) with the browser's session."""

from tests.pdfs import Pdf


def fetch_pdf(page, live_server, path):
    """Its text. A document of the documents app answers the first request with its waiting page (the
    task has run meanwhile, at once in these tests), the next with the PDF."""
    for _attempt in range(3):
        response = page.request.get(f"{live_server.url}{path}")
        if not response.headers["content-type"].startswith("text/html"):
            break
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    return " ".join(Pdf(response.body()).text().split())
