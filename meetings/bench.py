"""The large meeting of the benchmark (`manage.py bench`), from this app's demo texts."""

from datetime import date
from datetime import time as clock

from django.core.files.base import ContentFile

from . import demo
from .models import AgendaItem, Attachment, Body, Meeting

#: The large meeting: items on its agenda and attachments on each (the agenda PDF is about 40 pages).
MEETING_ITEMS, ATTACHMENTS_PER_ITEM = 30, 2


def large_meeting(organisation):
    """A working group's meeting with MEETING_ITEMS items in seed 003's format, each with attachments."""
    body = Body.objects.create(organisation=organisation, name="Arbejdsgruppen", kind=Body.Kind.WORKING_GROUP)
    meeting = Meeting.objects.create(
        body=body, date=date(2026, 9, 1), start_time=clock(9), end_time=clock(12), place="Mødelokale 1"
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            title=f"{title} ({position})",
            case_number=demo.CASE_NUMBER,
            summary=summary,
            recommendation_by="Direktionen",
            recommendation="\n".join(at_lines) or "at sagen tages til efterretning.",
            # Every third item runs over a page, as long cases do.
            case_presentation="\n\n".join([presentation] * (3 if position % 3 == 0 else 1)),
            decision=decision,
        )
        for position, (title, summary, at_lines, presentation, decision, _links) in enumerate(
            (demo.ITEMS * MEETING_ITEMS)[:MEETING_ITEMS], start=1
        )
    )
    for item in items:
        for number in range(1, ATTACHMENTS_PER_ITEM + 1):
            content = f"Bilag {number} til punkt {item.position}\n".encode()
            attachment = Attachment(
                item=item,
                title=f"Bilag {number} til punkt {item.position}",
                filename=f"bilag-{item.position}-{number}.txt",
                content_type="text/plain",
                size=len(content),
            )
            attachment.file.save(attachment.filename, ContentFile(content), save=False)
            attachment.save()
    return meeting
