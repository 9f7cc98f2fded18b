"""Agenda and minutes as PDFs in the Danish format of seed 003: A4, tagged PDF/UA-1 (WeasyPrint).

Page 1 holds the heading (body, date, time, place), the members and the table of contents; each item
then starts on a page of its own, so that the contents can give its page number.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf

from .models import AgendaItem, Meeting

STYLESHEET = Path(__file__).resolve().parent / "pdf.css"


def agenda_pdf(meeting):
    return _render(meeting, minutes=False)


def minutes_pdf(meeting):
    return _render(meeting, minutes=True)


@dataclass
class Block:
    """A paragraph of an item's text, or a list when its lines start with "- " (as in seed 003)."""

    text: str = ""
    bullets: list = field(default_factory=list)


def blocks(text):
    """Paragraphs are separated by blank lines; a paragraph of "- " lines is a bulleted list."""
    result = []
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "• ")) for line in lines):
            result.append(Block(bullets=[line[2:].strip() for line in lines]))
        else:
            result.append(Block(text="\n".join(lines)))
    return result


@dataclass
class Decision:
    text: str
    corrected_on: object = None  # the date of the revision that corrected it, if any


def decisions(meeting, items):
    """Item id -> its decision as it reads now: the latest revision that corrected it wins."""
    current = {item.pk: Decision(item.decision) for item in items}
    for revision in meeting.revisions.all():  # in order of their numbers
        for item_id, text in revision.decisions.items():
            if int(item_id) in current:
                current[int(item_id)] = Decision(text, revision.created_at.date())
    return current


def _render(meeting, minutes):
    meeting = (
        Meeting.objects.select_related("body")
        .prefetch_related(
            "body__memberships",
            "revisions",
            Prefetch(
                "items",
                queryset=AgendaItem.objects.prefetch_related("attachments", "links"),
            ),
        )
        .get(pk=meeting.pk)
    )
    items = list(meeting.items.all())
    current = decisions(meeting, items) if minutes else {}
    sections = [
        {
            "item": item,
            "summary": blocks(item.summary),
            "case_presentation": blocks(item.case_presentation),
            "decision": current.get(item.pk),
            "decision_blocks": blocks(current[item.pk].text) if minutes else [],
        }
        for item in items
    ]
    with translation.override(settings.LANGUAGE_CODE):
        kind = _("Minutes") if minutes else _("Agenda")
    context = {
        "kind": kind,
        "meeting": meeting,
        "body": meeting.body,
        "members": meeting.body.memberships.all(),
        "sections": sections,
        "approved": meeting.status == Meeting.Status.MINUTES_APPROVED,
        "draft": meeting.status == Meeting.Status.DRAFT,
    }
    template = "meetings/minutes_pdf.html" if minutes else "meetings/agenda_pdf.html"
    return render_pdf(template, context, STYLESHEET)
