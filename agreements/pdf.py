"""The agreement as a PDF for signature: Danish, A4, tagged PDF/UA-1 (WeasyPrint)."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML

STYLESHEET = Path(__file__).resolve().parent / "pdf.css"


def agreement_pdf(agreement):
    # Danish whatever the reader's language: it is the document the parties sign.
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "agreements/agreement_pdf.html",
            {
                "agreement": agreement,
                "parties": [agreement.unit, agreement.volunteer_organisation],
                "printed": timezone.localdate(),
            },
        )
    document = HTML(string=html, base_url=str(STYLESHEET.parent))
    return document.write_pdf(stylesheets=[CSS(filename=STYLESHEET)], pdf_variant="pdf/ua-1")
