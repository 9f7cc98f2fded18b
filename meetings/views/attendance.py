"""Attendance: the secretary's page of who is invited, who sent apologies and who was there; and the
member's own page, behind their private calendar link, to send apologies for the coming meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.pages import locked_page
from volunteers.access import get_changeable_or_403, role_required
from volunteers.models import ORGANISATION_WIDE

from ..attendance import (
    add_guest,
    has_started,
    invite_members,
    record,
    remove_guest,
    require_before_start,
    send_apologies,
    withdraw_apologies,
)
from ..forms.attendance import AttendanceForm, GuestForm
from ..models import Attendance, Meeting, MeetingError, Membership

organisation_wide = role_required(*ORGANISATION_WIDE)


@organisation_wide
def attendance(request, pk):
    """One form for everyone invited (a radio group each); the guests are added and removed below it."""
    meeting = get_changeable_or_403(request, Meeting.objects.select_related("body"), pk=pk)
    page = reverse("meetings:attendance", args=[meeting.pk])
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        message = _(
            "The minutes were approved on %(date)s by %(who)s; the attendance is part of them and can no "
            "longer be changed."
        ) % {"date": date_filter(meeting.minutes_approved_on), "who": meeting.minutes_approved_by}
        return locked_page(
            request,
            "meetings/meeting_locked.html",
            message,
            back_url=meeting.get_absolute_url(),
            meeting=meeting,
        )
    now = timezone.now()
    with transaction.atomic():
        invite_members(meeting, now)
    started = has_started(meeting, now)
    rows = list(meeting.attendances.all())
    for row in rows:
        row.meeting = meeting  # its start decides which choices it has
    members = [row for row in rows if not row.is_guest]
    guests = [row for row in rows if row.is_guest]
    action = request.POST.get("action") if request.method == "POST" else None
    form = AttendanceForm(
        request.POST if action == "attendance" else None, attendances=members, started=started
    )
    guest_form = GuestForm(request.POST if action == "guest" else None)
    if action == "attendance" and form.is_valid():
        try:
            with transaction.atomic():
                record(meeting, form.statuses(), now)
        except MeetingError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect(page)
    elif action == "guest" and guest_form.is_valid():
        try:
            with transaction.atomic():
                guest = add_guest(meeting, **guest_form.cleaned_data, now=now)
        except MeetingError as error:
            guest_form.add_error(None, error)
        else:
            messages.success(request, _("The guest %(name)s was added.") % {"name": guest.name})
            return redirect(f"{page}#guests-title")
    elif action == "remove-guest":
        guest = next((g for g in guests if str(g.pk) == request.POST.get("guest")), None)
        if guest is None:
            raise Http404
        try:
            with transaction.atomic():
                remove_guest(guest, now=now)
        except MeetingError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The guest %(name)s was removed.") % {"name": guest.name})
        return redirect(f"{page}#guests-title")
    context = {
        "meeting": meeting,
        "form": form,
        "guest_form": guest_form,
        "guests": guests,
        "started": started,
    }
    return render(request, "meetings/attendance.html", context)


# --- the member's own page ---------------------------------------------------------------------------------


def _coming(membership, now):
    """The body's meetings from now on for which the member is invited (a member on the day)."""
    meetings = membership.body.meetings.filter(date__gte=timezone.localdate(now)).exclude(
        status=Meeting.Status.MINUTES_APPROVED
    )
    if membership.start:
        meetings = meetings.filter(date__gte=membership.start)
    if membership.end:
        meetings = meetings.filter(date__lte=membership.end)
    return [meeting for meeting in meetings if not has_started(meeting, now)]


@never_cache
@login_not_required
def apologies(request, token):
    """The member's coming meetings, each with a button to send apologies (or to withdraw them). The
    private calendar link is the key; a new link (the secretary's) revokes this page too."""
    membership = get_object_or_404(
        Membership.objects.select_related("body__organisation"), calendar_token=token
    )
    now = timezone.now()
    error, status = None, 200
    if request.method == "POST":
        meeting_id = request.POST.get("meeting", "")
        if not meeting_id.isdecimal():  # what int() takes (isdigit() would let "²" through)
            raise Http404
        meeting = get_object_or_404(membership.body.meetings.select_related("body"), pk=int(meeting_id))
        try:
            with transaction.atomic():
                _apologise(membership, meeting, request.POST.get("action"), now)
        except MeetingError as refused:
            error, status = " ".join(refused.messages), 409
        else:
            if request.POST.get("action") == "withdraw":
                done = _("Your apologies for the meeting on %(date)s are withdrawn: you are expected.")
            else:
                done = _("Your apologies for the meeting on %(date)s are sent to the secretary.")
            messages.success(request, done % {"date": date_filter(meeting.date)})
            return redirect("meetings:apologies", token=token)
    meetings = _coming(membership, now)
    statuses = dict(
        Attendance.objects.filter(membership=membership, meeting__in=meetings).values_list(
            "meeting_id", "status"
        )
    )
    context = {
        "membership": membership,
        "body": membership.body,
        "rows": [(meeting, statuses.get(meeting.pk) == Attendance.Status.APOLOGISED) for meeting in meetings],
        "error": error,
        "page_organisation": membership.body.organisation,
    }
    return render(request, "meetings/apologies.html", context, status=status)


def _apologise(membership, meeting, action, now):
    if meeting.status == Meeting.Status.MINUTES_APPROVED or has_started(meeting, now):
        require_before_start(meeting, now)  # the same refusal whether or not the member was invited
    invite_members(meeting, now)
    attendance = meeting.attendances.select_for_update().filter(membership=membership).first()
    if attendance is None:  # not a member on the meeting's date
        raise Http404
    attendance.meeting = meeting
    if action == "withdraw":
        withdraw_apologies(attendance, by_member=True, now=now)
    else:
        send_apologies(attendance, by_member=True, now=now)
