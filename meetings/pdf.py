"""Agenda and minutes as PDFs in the Danish format of seed 003: A4, tagged PDF/UA-1 (WeasyPrint).

Page 1 holds the heading (body, date, time, place), the members and the table of contents; each item
then starts on a page of its own, so that the contents can give its page number.

Readers get them from the documents app (meetings/documents.py: made by a Celery task and reused until
their content changes); the e-mail to members who are not users attaches the agenda rendered in its
own task.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from documents.registry import Source

from .attendance import members_on
from .attendance import summary as attendance_summary
from .models import AgendaItem, Attachment, AttachmentLink, Meeting

STYLESHEET = Path(__file__).resolve().parent / "pdf.css"


def agenda_source(meeting):
    return _source(meeting, minutes=False)


def minutes_source(meeting):
    return _source(meeting, minutes=True)


def agenda_pdf(meeting):
    """The PDF's bytes at once (the e-mail to members who are not users, tests, the benchmark); readers
    get it through the documents app (meetings/documents.py)."""
    return _render(agenda_source(meeting))


def minutes_pdf(meeting):
    return _render(minutes_source(meeting))


def public_agenda_source(meeting):
    """The public version: closed items only as “Closed item” with their number, no internal attachments."""
    return _source(meeting, minutes=False, public=True)


def public_minutes_source(meeting):
    return _source(meeting, minutes=True, public=True)


@dataclass(frozen=True)
class ClosedItem:
    """All that the public version holds of a closed item: its number. Nothing else is copied, so
    nothing of its words can reach a public page or PDF."""

    position: int
    is_closed = True

    @property
    def title(self):
        return _("Closed item")


def public_items(meeting):
    """The meeting's items for the public: open items with their public attachments and links only,
    closed items as ClosedItem."""
    items = AgendaItem.objects.filter(meeting=meeting).prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.filter(is_internal=False)),
        Prefetch("links", queryset=AttachmentLink.objects.filter(is_internal=False)),
    )
    return [ClosedItem(item.position) if item.is_closed else item for item in items]


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


def _source(meeting, minutes, public=False):
    context = _context(meeting, minutes, public=public)
    meeting = context["meeting"]
    if minutes:
        title = _("Minutes of %(meeting)s as PDF") % {"meeting": meeting}
    else:
        title = _("Agenda for %(meeting)s as PDF") % {"meeting": meeting}
    return Source(
        template=_template(minutes),
        context=context,
        stylesheet=STYLESHEET,
        filename=f"{'referat' if minutes else 'dagsorden'}-{meeting.date:%Y-%m-%d}.pdf",
        title=title,
    )


def _render(source):
    return render_pdf(source.template, source.context, source.stylesheet)


def _template(minutes):
    return "meetings/minutes_pdf.html" if minutes else "meetings/agenda_pdf.html"


def _context(meeting, minutes, public=False):
    meeting = (
        Meeting.objects.select_related("body")
        .prefetch_related(
            "attendances",
            "revisions",
            Prefetch(
                "items",
                queryset=AgendaItem.objects.prefetch_related("attachments", "links"),
            ),
        )
        .get(pk=meeting.pk)
    )
    items = public_items(meeting) if public else list(meeting.items.all())
    open_items = [item for item in items if not isinstance(item, ClosedItem)]
    current = decisions(meeting, open_items) if minutes else {}
    sections = [
        {"item": item, "closed": True}
        if isinstance(item, ClosedItem)
        else {
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
    return {
        "kind": kind,
        "meeting": meeting,
        "body": meeting.body,
        "members": members_on(meeting),  # the members on the meeting's date
        "attendance": attendance_summary(meeting, meeting.attendances.all()),
        "sections": sections,
        "approved": meeting.status == Meeting.Status.MINUTES_APPROVED,
        "draft": meeting.status == Meeting.Status.DRAFT,
    }
