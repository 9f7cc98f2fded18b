from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..access import can_change, get_changeable_or_403, get_scoped_or_404, scoped
from ..forms.units import UnitContactForm
from ..models import Role, Unit, unit_tree


def unit_list(request):
    units = scoped(request, Unit.objects.all())
    return render(request, "volunteers/unit_list.html", {"units": unit_tree(list(units))})


def unit_detail(request, pk):
    unit = get_scoped_or_404(request, Unit.objects.select_related("parent"), pk=pk)
    context = {
        "unit": unit,
        "children": scoped(request, unit.children.all()),
        "volunteer_organisations": unit.volunteer_organisations.all(),
        "coordinators": unit.staff.filter(role=Role.COORDINATOR),
        "can_change": can_change(request, unit),
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
