"""Decisions, recommendations and tasks followed up: the organisation's list (and its .xlsx export), one
follow-up with its dated notes and a change of status, and their creation from an agenda item or for a
body. The secretariat and administrators change, the steering group reads, coordinators have no access,
and another organisation's follow-ups do not exist (404)."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import exports
from core.lists import Column, Listing, table_rows
from core.pages import form_page, locked_page
from volunteers.access import can_change, get_changeable_or_403, get_scoped_or_404, role_required, scoped
from volunteers.models import ORGANISATION_WIDE

from .. import follow_ups
from ..forms.follow_ups import FollowUpFilter, FollowUpForm, StatusForm
from ..models import AgendaItem, Body, FollowUp, FollowUpNote, Meeting, MeetingError

organisation_wide = role_required(*ORGANISATION_WIDE)

FORM_PAGE = "meetings/follow_up_form.html"


def _origin(follow_up):
    if follow_up.item_id:
        return f"{follow_up.item.meeting}, {follow_up.item}"
    return follow_up.source


def _latest_note(follow_up):
    notes = list(follow_up.notes.all())
    if not notes:
        return ""
    latest = notes[-1]
    day = date_format(latest.date, "SHORT_DATE_FORMAT")
    return f"{day}: {latest.note}" if latest.note else day


#: What the list shows, and so what its export writes (with the columns after it).
COLUMNS = [
    Column(gettext_lazy("Text"), lambda f: f.title, sort="title"),
    Column(gettext_lazy("Kind"), lambda f: f.get_kind_display(), sort="kind"),
    Column(gettext_lazy("Body"), lambda f: f.body.name, sort="body"),
    Column(gettext_lazy("Owner"), lambda f: f.owner, sort="owner"),
    Column(gettext_lazy("Due date"), lambda f: f.deadline, sort="deadline", kind="date"),
    Column(gettext_lazy("Status"), lambda f: f.get_status_display(), sort="status"),
]
EXPORT_COLUMNS = [
    *COLUMNS,
    Column(gettext_lazy("Overdue"), lambda f: _("Yes") if f.is_overdue() else ""),
    Column(gettext_lazy("Done on"), lambda f: f.done_on, kind="date"),
    Column(gettext_lazy("From"), _origin),
    Column(gettext_lazy("Assigned to"), lambda f: f.assignee.get_full_name() if f.assignee else ""),
    Column(gettext_lazy("Latest note"), _latest_note),
]


def _listing(request):
    rows = FollowUp.objects.select_related("body", "item__meeting")
    return Listing(
        request,
        scoped(request, rows),
        search_fields=["title", "owner", "source"],
        filterset_class=FollowUpFilter,
        sort_fields={
            "title": ("title",),
            "kind": ("kind", "deadline"),
            "body": ("body__name", "deadline"),
            "owner": ("owner", "deadline"),
            "deadline": ("deadline",),
            "status": ("status", "deadline"),
        },
        default_sort="deadline",
    )


@organisation_wide
def follow_up_list(request):
    listing = _listing(request)
    context = {
        "listing": listing,
        "header_cells": listing.header_cells(COLUMNS),
        "rows": table_rows(COLUMNS, listing.page),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/follow_up_list.html", context)


@organisation_wide
def follow_up_export(request):
    queryset = (
        _listing(request)
        .queryset.select_related("assignee")
        .prefetch_related(Prefetch("notes", queryset=FollowUpNote.objects.order_by("date", "pk")))
    )
    filename = f"opfoelgning-{timezone.localdate().isoformat()}"
    rows = queryset.iterator(chunk_size=2000)
    return exports.table_response("xlsx", EXPORT_COLUMNS, rows, filename, _("Follow-ups"))


def _follow_ups():
    return FollowUp.objects.select_related("body", "item__meeting__body", "assignee")


def _detail(request, follow_up, form=None, status=200):
    changeable = can_change(request, follow_up)
    if changeable and form is None:
        form = StatusForm(follow_up=follow_up)
    context = {
        "follow_up": follow_up,
        "notes": follow_up.notes.select_related("created_by"),
        "can_change": changeable,
        "form": form if changeable else None,
        "today": timezone.localdate(),
    }
    return render(request, "meetings/follow_up_detail.html", context, status=status)


@organisation_wide
def follow_up_detail(request, pk):
    return _detail(request, get_scoped_or_404(request, _follow_ups(), pk=pk))


@require_POST
@organisation_wide
def follow_up_status(request, pk):
    follow_up = get_changeable_or_403(request, _follow_ups(), pk=pk)
    form = StatusForm(request.POST, follow_up=follow_up)
    if not form.is_valid():
        return _detail(request, follow_up, form)
    data = form.cleaned_data
    follow_up.change_status(data["status"], data["note"], request.user, on=data["date"])
    messages.success(
        request,
        _("“%(title)s” is now “%(status)s”.")
        % {"title": follow_up.title, "status": follow_up.get_status_display()},
    )
    return redirect(follow_up)


def _save(request, form, heading, back, **context):
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            follow_up = form.save()
        messages.success(request, _("The follow-up was saved."))
        return redirect(follow_up)
    return form_page(request, FORM_PAGE, form, heading, cancel_url=back, **context)


@organisation_wide
def follow_up_create(request, pk):
    """A follow-up on its own for the body, e.g. a report's recommendation."""
    body = get_changeable_or_403(request, Body.objects.all(), pk=pk)
    form = FollowUpForm(request.POST or None, instance=FollowUp(body=body, kind=FollowUp.Kind.RECOMMENDATION))
    return _save(request, form, _("New follow-up"), body.get_absolute_url(), body=body)


@organisation_wide
def follow_up_edit(request, pk):
    follow_up = get_changeable_or_403(request, _follow_ups(), pk=pk)
    form = FollowUpForm(request.POST or None, instance=follow_up)
    return _save(
        request,
        form,
        _("Edit follow-up"),
        follow_up.get_absolute_url(),
        body=follow_up.body,
        follow_up=follow_up,
    )


@organisation_wide
def task_create(request, pk):
    """A follow-up of an agenda item: a decision to carry out, or a task the meeting gave someone."""
    item = get_changeable_or_403(request, AgendaItem.objects.select_related("meeting__body"), pk=pk)
    meeting = item.meeting
    back = f"{meeting.get_absolute_url()}#item-{item.pk}"
    instance = FollowUp(item=item, body=meeting.body, kind=FollowUp.Kind.DECISION)
    form = FollowUpForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The follow-up was added."))
        return redirect(back)
    heading = _("New follow-up")
    return form_page(
        request, FORM_PAGE, form, heading, cancel_url=back, body=meeting.body, meeting=meeting, item=item
    )


@require_POST
@organisation_wide
def task_done(request, pk):
    """Done in one click from the secretariat's start page: a dated note without words."""
    follow_up = get_changeable_or_403(request, _follow_ups(), pk=pk)
    if follow_up.status != FollowUp.Status.DONE:
        follow_up.change_status(FollowUp.Status.DONE, "", request.user)
    messages.success(request, _("“%(title)s” is done.") % {"title": follow_up.title})
    back = request.POST.get("next")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(back)  # not redirect(): it would look "next" up as a view's name
    return redirect(follow_up)


@require_POST
@organisation_wide
def follow_up_agenda_item(request, pk):
    """The item "Opfølgning på beslutninger" on a draft agenda, listing the body's open follow-ups."""
    meeting = get_changeable_or_403(request, Meeting.objects.select_related("body"), pk=pk)
    try:
        item, created = follow_ups.add_agenda_item(meeting)
    except MeetingError as error:
        return locked_page(
            request,
            "meetings/meeting_locked.html",
            error.message,
            back_url=meeting.get_absolute_url(),
            meeting=meeting,
        )
    if created:
        messages.success(request, _("The item “%(title)s” was added.") % {"title": item.title})
    else:
        messages.success(request, _("The item “%(title)s” was brought up to date.") % {"title": item.title})
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
