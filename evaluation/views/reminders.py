"""The reminders the daily sweep has recorded and sent (evaluation/tasks.py)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from core.lists import Listing
from volunteers.access import scoped
from volunteers.models import ORGANISATION_WIDE

from ..models import Reminder

#: Reminders per page of the list.
REMINDERS_PER_PAGE = 50


def reminder_list(request):
    """Every reminder recorded, newest first. The secretariat, administrators and the steering group
    see the organisation's; a coordinator sees the reminders to themself only."""
    if request.organisation is None:
        raise PermissionDenied
    reminders = scoped(
        request,
        Reminder.objects.select_related(
            "recipient", "report__unit", "report__period__strategy", "milestone__strategy"
        ),
    )
    own_only = request.user.role not in ORGANISATION_WIDE
    if own_only:
        reminders = reminders.filter(recipient=request.user)
    listing = Listing(request, reminders, per_page=REMINDERS_PER_PAGE)
    return render(request, "evaluation/reminder_list.html", {"listing": listing, "own_only": own_only})
