"""Meetings in Outlook and other calendars: one .ics per meeting, and each member's private feed of their
body's meetings."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from volunteers.access import get_changeable_or_403, get_scoped_or_404, role_required
from volunteers.models import ORGANISATION_WIDE

from ..calendars import meetings_calendar
from ..models import Meeting, Membership
from ..models.bodies import new_calendar_token

organisation_wide = role_required(*ORGANISATION_WIDE)


def _calendar_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@organisation_wide
def meeting_ics(request, pk):
    meeting = get_scoped_or_404(request, Meeting.objects.select_related("body"), pk=pk)
    content = meetings_calendar(meeting.body.name, [meeting])
    return _calendar_response(content, f"moede-{meeting.date:%Y-%m-%d}.ics")


@login_not_required
def body_calendar_feed(request, token):
    """A member's private feed of their body's meetings: the token is the only key (a new one revokes it)."""
    membership = get_object_or_404(Membership.objects.select_related("body"), calendar_token=token)
    body = membership.body
    apologies = f"{settings.SITE_URL}{reverse('meetings:apologies', args=[membership.calendar_token])}"
    content = meetings_calendar(body.name, body.meetings.select_related("body"), apologies_url=apologies)
    return _calendar_response(content, "kalender.ics")


@require_POST
@organisation_wide
def membership_calendar_reset(request, pk):
    membership = get_changeable_or_403(request, Membership.objects.select_related("body"), pk=pk)
    membership.calendar_token = new_calendar_token()
    membership.save(update_fields=["calendar_token"])
    messages.success(
        request,
        _("%(name)s has a new calendar link; the old one no longer works.") % {"name": membership.name},
    )
    return redirect(f"{membership.body.get_absolute_url()}#calendar-links")
