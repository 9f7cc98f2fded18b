"""The agreement as a PDF for signature: Danish, A4, tagged PDF/UA-1 (WeasyPrint).

Readers get it from the documents app (agreements/documents.py): made by a Celery task and reused until
the agreement's content changes."""

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from documents.registry import Source

STYLESHEET = Path(__file__).resolve().parent / "pdf.css"


def agreement_source(agreement):
    context = {
        "agreement": agreement,
        "parties": [agreement.unit, agreement.volunteer_organisation],
        "printed": timezone.localdate(),
    }
    return Source(
        template="agreements/agreement_pdf.html",
        context=context,
        stylesheet=STYLESHEET,
        filename=f"samarbejdsaftale-{agreement.pk}.pdf",
        title=_("%(agreement)s for signature (PDF)") % {"agreement": agreement},
    )


def agreement_pdf(agreement):
    """The PDF's bytes at once (tests, the benchmark)."""
    source = agreement_source(agreement)
    return render_pdf(source.template, source.context, source.stylesheet)
