"""Documents as PDFs (WeasyPrint): Danish, A4, tagged PDF/UA-1, on the shared stylesheet pdf.css."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML

BASE_STYLESHEET = Path(__file__).resolve().parent / "pdf.css"


def render_pdf(template, context, stylesheet):
    """Render `template` to PDF bytes with the shared stylesheet and the document's own `stylesheet`.

    Danish whatever the reader's language: these are the documents that are signed or sent out.
    """
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
    document = HTML(string=html, base_url=str(stylesheet.parent))
    stylesheets = [CSS(filename=BASE_STYLESHEET), CSS(filename=stylesheet)]
    return document.write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1")
