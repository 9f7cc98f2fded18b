"""The agreement as a PDF for signature: Danish, A4, tagged PDF/UA-1 (WeasyPrint)."""

from pathlib import Path

from django.utils import timezone

from core.pdf import render_pdf

STYLESHEET = Path(__file__).resolve().parent / "pdf.css"


def agreement_pdf(agreement):
    context = {
        "agreement": agreement,
        "parties": [agreement.unit, agreement.volunteer_organisation],
        "printed": timezone.localdate(),
    }
    return render_pdf("agreements/agreement_pdf.html", context, STYLESHEET)
