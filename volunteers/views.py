from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import get_changeable_or_403, get_scoped_or_404, may_change, scoped
from .forms import UnitContactForm
from .models import Role, Unit, VolunteerOrganisation, unit_tree


def unit_list(request):
    units = scoped(Unit.objects.all(), request)
    return render(request, "volunteers/unit_list.html", {"units": unit_tree(list(units))})


def unit_detail(request, pk):
    unit = get_scoped_or_404(request, Unit.objects.select_related("parent"), pk=pk)
    context = {
        "unit": unit,
        "children": scoped(unit.children.all(), request),
        "volunteer_organisations": unit.volunteer_organisations.all(),
        "coordinators": unit.staff.filter(role=Role.COORDINATOR),
        "can_change": may_change(request.user),
    }
    return render(request, "volunteers/unit_detail.html", context)


def unit_edit(request, pk):
    unit = get_changeable_or_403(request, Unit.objects.all(), pk=pk)
    form = UnitContactForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The contact details of %(unit)s were saved.") % {"unit": unit})
        return redirect(unit)
    return render(request, "volunteers/unit_form.html", {"unit": unit, "form": form})


def volunteer_organisation_list(request):
    organisations = scoped(VolunteerOrganisation.objects.prefetch_related("units"), request)
    return render(
        request, "volunteers/volunteer_organisation_list.html", {"volunteer_organisations": organisations}
    )


def notification_list(request):
    notifications = request.user.notifications.all()[:100]
    if request.method == "POST":
        request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        messages.success(request, _("All notifications are marked as read."))
        return redirect("volunteers:notification_list")
    return render(request, "volunteers/notification_list.html", {"notifications": notifications})
