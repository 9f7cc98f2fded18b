"""The public version of a public body's agendas and minutes (seed 002's openness principle), without login.

Only a body marked public, only its published agendas and approved minutes; closed items are shown as
“Closed item” with their number and nothing else, internal attachments and links not at all. Anything
else (a draft, a body that is not public, another organisation's id that does not exist) is a 404.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.lists import Listing
from documents.flow import document_for
from documents.models import Document
from documents.views import REFRESH_SECONDS
from volunteers.models import Organisation

from .. import pdf
from ..attendance import summary
from ..models import Attachment, Body, Meeting

#: The states in which a public body's meeting is public: its agenda from publication on, its minutes
#: once approved (draft minutes never).
PUBLIC_STATUSES = (
    Meeting.Status.PUBLISHED,
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_DRAFTED,
    Meeting.Status.MINUTES_APPROVED,
)


def public_meetings():
    return Meeting.objects.filter(body__is_public=True, status__in=PUBLIC_STATUSES).select_related(
        "body__organisation"
    )


def _public_meeting(pk):
    return get_object_or_404(public_meetings(), pk=pk)


def _minutes_are_public(meeting):
    return meeting.status == Meeting.Status.MINUTES_APPROVED


@login_not_required
@require_safe
def public_bodies(request, organisation):
    organisation = get_object_or_404(Organisation, pk=organisation)
    bodies = organisation.bodies.filter(is_public=True)
    if not bodies:
        raise Http404
    return render(
        request,
        "meetings/public_bodies.html",
        {"organisation": organisation, "bodies": bodies, "page_organisation": organisation},
    )


@login_not_required
@require_safe
def public_body(request, pk):
    body = get_object_or_404(Body.objects.select_related("organisation"), pk=pk, is_public=True)
    listing = Listing(request, public_meetings().filter(body=body).order_by("-date", "-start_time", "-pk"))
    context = {"body": body, "listing": listing, "page_organisation": body.organisation}
    return render(request, "meetings/public_body.html", context)


@login_not_required
@require_safe
def public_meeting(request, pk):
    meeting = _public_meeting(pk)
    minutes = _minutes_are_public(meeting)
    items = pdf.public_items(meeting)
    open_items = [item for item in items if not isinstance(item, pdf.ClosedItem)]
    current = pdf.decisions(meeting, open_items) if minutes else {}
    for item in open_items:
        # Paragraphs, and "- " lines as lists, as in the PDF.
        item.summary_blocks = pdf.blocks(item.summary)
        item.case_blocks = pdf.blocks(item.case_presentation)
        if minutes:
            item.decision_blocks = pdf.blocks(current[item.pk].text)
            item.corrected_on = current[item.pk].corrected_on
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "items": items,
        "minutes": minutes,
        # Names in groups (present, apologies, absent, guests), as in the minutes' PDF; never notes.
        "attendance": summary(meeting) if minutes else None,
        "page_organisation": meeting.body.organisation,
    }
    return render(request, "meetings/public_meeting.html", context)


@login_not_required
@require_safe
def public_agenda_pdf(request, pk):
    return _public_document(request, "public_agenda_pdf", _public_meeting(pk))


@login_not_required
@require_safe
def public_minutes_pdf(request, pk):
    meeting = _public_meeting(pk)
    if not _minutes_are_public(meeting):
        raise Http404
    return _public_document(request, "public_minutes_pdf", meeting)


def _public_document(request, kind, meeting):
    """The PDF once the worker has made it (the documents app); until then a page that reloads itself at
    the same address. No request renders a PDF, so nobody can keep the web workers busy with them."""
    document = document_for(kind, meeting, meeting.body.organisation)
    if document.status == Document.Status.READY:
        try:
            file = document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(file, content_type="application/pdf", filename=document.filename)
    failed = document.status == Document.Status.FAILED
    context = {"document": document, "meeting": meeting, "failed": failed}
    context["page_organisation"] = meeting.body.organisation
    response = render(request, "meetings/public_document.html", context)
    if not failed:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@login_not_required
@require_safe
def public_attachment(request, pk):
    """An attachment of an open item of a public meeting, unless it is internal."""
    attachments = Attachment.objects.filter(
        is_internal=False,
        item__is_closed=False,
        item__meeting__in=public_meetings(),
    )
    attachment = get_object_or_404(attachments, pk=pk)
    try:
        content = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        content, as_attachment=True, filename=attachment.filename, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
