from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.lists import Listing

from ..access import can_change, change_required, get_changeable_or_403, scoped
from ..forms.activities import ActivityForm
from ..models import Activity


def activity_list(request):
    listing = Listing(
        request,
        scoped(request, Activity.objects.all()),
        search_fields=["name"],
        sort_fields={"name": ("name",)},
        default_sort="name",
    )
    context = {"listing": listing, "can_change": can_change(request, Activity)}
    return render(request, "volunteers/activity_list.html", context)


def _activity_form(request, activity):
    name = str(activity)  # as saved, whatever the form holds
    form = ActivityForm(request.POST or None, instance=activity, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            activity = form.save()
        messages.success(request, _("The activity %(name)s was saved.") % {"name": activity})
        return redirect("volunteers:activity_list")
    return render(
        request, "volunteers/activity_form.html", {"form": form, "activity": activity, "name": name}
    )


@change_required(Activity)
def activity_create(request):
    return _activity_form(request, Activity())


def activity_edit(request, pk):
    return _activity_form(request, get_changeable_or_403(request, Activity.objects.all(), pk=pk))
