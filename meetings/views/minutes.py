"""The minutes written on one page: every item with its summary, recommendation, decision points and case
presentation beside its decision. Each item is a form of its own that saves only that item, and only over
the version of it that the page showed (meetings.minutes): a secretary whose colleague saved the item in
between is told, sees both texts and keeps their own. Works without JavaScript."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pages import locked_page
from volunteers.access import get_changeable_or_403, role_required
from volunteers.models import ORGANISATION_WIDE

from ..forms.meetings import MinutesItemForm
from ..minutes import StaleVersion, save_decision, with_approval
from ..models import Meeting

organisation_wide = role_required(*ORGANISATION_WIDE)

LOCKED_PAGE = "meetings/meeting_locked.html"
#: The name of the button that starts the decision with “Indstillingen blev godkendt.”
APPROVED = "recommendation_approved"


def minutes_locked(request, meeting):
    """The page that says why the decisions cannot be written now (409), or None if they can."""
    back = meeting.get_absolute_url()
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        message = _(
            "The minutes were approved on %(date)s by %(who)s and are locked. A correction is made as a "
            "revision of the minutes, which is shown with the meeting."
        ) % {"date": date_filter(meeting.minutes_approved_on), "who": meeting.minutes_approved_by}
        return locked_page(request, LOCKED_PAGE, message, back_url=back, meeting=meeting)
    if not meeting.minutes_are_editable:
        message = _("Decisions are written once the meeting has been held.")
        return locked_page(request, LOCKED_PAGE, message, back_url=back, meeting=meeting)
    return None


@organisation_wide
def minutes_write(request, pk):
    meeting = get_changeable_or_403(request, Meeting.objects.select_related("body"), pk=pk)
    locked = minutes_locked(request, meeting)
    if locked:
        return locked
    items = list(meeting.items.all())
    forms = {item.pk: MinutesItemForm(item=item) for item in items}
    conflict = None
    if request.method == "POST":
        item = next((item for item in items if str(item.pk) == request.POST.get("item")), None)
        if item is None:
            raise Http404
        form = forms[item.pk] = MinutesItemForm(request.POST, item=item)
        if form.is_valid():
            text = form.cleaned_data["decision"]
            if APPROVED in request.POST:
                text = with_approval(text)
            try:
                with transaction.atomic():
                    save_decision(item, text, form.cleaned_data["version"])
            except StaleVersion as stale:
                # Nothing saved: the page shows the colleague's text, and the field keeps this writer's,
                # now over the version just read, so that saving again replaces the colleague's on purpose.
                conflict = stale.current
                forms[item.pk] = MinutesItemForm(
                    item=conflict, initial={"decision": text, "version": conflict.version}
                )
                item.decision = conflict.decision
            else:
                messages.success(
                    request, _("The decision on item %(number)s was saved.") % {"number": item.position}
                )
                url = reverse("meetings:minutes_write", args=[meeting.pk])
                return redirect(f"{url}#item-{item.pk}")
    sections = [(item, forms[item.pk]) for item in items]
    context = {
        "meeting": meeting,
        "sections": sections,
        "conflict": conflict,
        "approved_button": APPROVED,
        "written": sum(1 for item in items if item.decision.strip()),
    }
    return render(request, "meetings/minutes_write.html", context, status=409 if conflict else 200)
