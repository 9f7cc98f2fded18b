from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from meetings.models import Body

from .access import get_changeable_or_403, get_scoped_or_404, may_change, scoped
from .forms import UnitContactForm
from .models import Role, Unit, VolunteerOrganisation, unit_tree


def home(request):
    """Each role's start page."""
    user = request.user
    if request.organisation is None:
        return render(request, "volunteers/home_without_organisation.html")
    units = scoped(Unit.objects.all(), request)
    context = {}
    if user.role == Role.COORDINATOR:
        template = "volunteers/home_coordinator.html"
        context["units"] = unit_tree(list(units.prefetch_related("volunteer_organisations")))
    elif user.role == Role.SECRETARIAT:
        template = "volunteers/home_secretariat.html"
        context["bodies"] = scoped(Body.objects.with_member_count(), request)
    else:
        template = "volunteers/home_overview.html"
        counts = units.values_list("kind").annotate(count=Count("pk")).order_by("kind")
        context["unit_counts"] = [(Unit.Kind(kind).label, count) for kind, count in counts]
        context["volunteer_organisation_count"] = scoped(VolunteerOrganisation.objects.all(), request).count()
        context["bodies"] = scoped(Body.objects.with_member_count(), request)
    return render(request, template, context)


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
