"""The consultation memo (høringsnotat): every response that was not rejected, grouped by consulted party
and then the responses from others, each with the secretariat's comment. As a PDF (WeasyPrint, tagged
PDF/UA-1, Danish) and as an .xlsx workbook."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports
from core.pdf import render_pdf
from documents.registry import Source

from .models import ConsultationResponse

STYLESHEET = Path(__file__).resolve().parent / "memo.css"

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def filename(consultation, extension):
    """``hoeringsnotat-<slug>.<extension>``, with æ, ø and å spelt out rather than dropped."""
    slug = slugify(consultation.title.translate(_DANISH_LETTERS))[:60].strip("-") or str(consultation.pk)
    return f"hoeringsnotat-{slug}.{extension}"


def memo_responses(consultation):
    """The responses of the memo, in order: received and accepted ones, not the rejected."""
    return list(
        consultation.responses.exclude(status=ConsultationResponse.Status.REJECTED)
        .select_related("party")
        .order_by("submitted_at", "pk")
    )


def sections(consultation):
    """[(id, heading, party or None, responses)]: each party in its order, then the other responses."""
    responses = memo_responses(consultation)
    result = []
    for party in consultation.parties.all():
        own = [response for response in responses if response.party_id == party.pk]
        result.append((f"party-{party.pk}", party.name, party, own))
    others = [response for response in responses if response.party_id is None]
    result.append(("others", _("Other responses"), None, others))
    return result


def paragraphs(text):
    """A response's text as paragraphs (separated by blank lines) of lines."""
    text = text.replace("\r\n", "\n").strip()
    return [paragraph.split("\n") for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


def memo_source(consultation):
    """The memo as a document of the documents app (strategies/documents.py): made by a task, as the
    memo of a large consultation takes seconds to render."""
    parts = sections(consultation)
    for *_rest, responses in parts:
        for response in responses:
            response.paragraphs = paragraphs(response.text)
            response.comment_paragraphs = paragraphs(response.comment)
    context = {
        "consultation": consultation,
        "strategy": consultation.strategy,
        "organisation": consultation.strategy.organisation,
        "sections": parts,
        "total": sum(len(responses) for *_rest, responses in parts),
        "from_parties": sum(len(responses) for _id, _h, party, responses in parts if party),
        "made_on": timezone.localdate(),
    }
    return Source(
        template="strategies/memo_pdf.html",
        context=context,
        stylesheet=STYLESHEET,
        filename=filename(consultation, "pdf"),
        title=_("Consultation memo for %(consultation)s") % {"consultation": consultation},
    )


def memo_pdf(consultation):
    """The PDF's bytes at once (tests, benchmarks); users get it through the documents app."""
    with translation.override(settings.LANGUAGE_CODE):
        source = memo_source(consultation)
    return render_pdf(source.template, source.context, source.stylesheet)


# --- .xlsx -----------------------------------------------------------------------------------------------

#: (heading, width in characters) of the columns.
COLUMNS = [
    (gettext_lazy("Consulted party"), 28),
    (gettext_lazy("Sender"), 24),
    (gettext_lazy("Organisation"), 24),
    (gettext_lazy("Date"), 12),
    (gettext_lazy("Response"), 80),
    (gettext_lazy("The secretariat's comment"), 50),
    (gettext_lazy("Status"), 14),
]


def memo_xlsx(consultation):
    """One row per response of the memo: party (or "Other responses"), sender, organisation, date, text,
    comment and status; the header row bold and frozen, long texts wrapped, filter buttons on the header."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = [
            [
                party.name if party else heading,
                response.name,
                response.organisation_name,
                timezone.localtime(response.submitted_at).date(),
                response.text,
                response.comment,
                response.get_status_display(),
            ]
            for _id, heading, party, responses in sections(consultation)
            for response in responses
        ]
        sheet = exports.Sheet(
            _("Consultation memo"),
            [heading for heading, _width in COLUMNS],
            rows,
            widths=[width for _heading, width in COLUMNS],
            wrap=True,
            filter=True,
        )
        return exports.xlsx_bytes([sheet])
