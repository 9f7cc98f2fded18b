from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.lists import Listing

from ..access import can_change, change_required, get_changeable_or_403, get_scoped_or_404, scoped
from ..filters import VolunteerOrganisationFilter
from ..forms.organisations import ContactPersonFormSet, VolunteerOrganisationForm
from ..models import Unit, Volunteer, VolunteerOrganisation


def volunteer_organisation_list(request):
    visible_units = Prefetch("units", queryset=scoped(request, Unit.objects.all()))
    listing = Listing(
        request,
        scoped(request, VolunteerOrganisation.objects.prefetch_related(visible_units)),
        search_fields=["name", "email", "cvr"],
        filterset_class=VolunteerOrganisationFilter,
        sort_fields={"name": ("name",), "kind": ("kind", "name")},
        default_sort="name",
    )
    context = {"listing": listing, "can_change": can_change(request, VolunteerOrganisation)}
    return render(request, "volunteers/volunteer_organisation_list.html", context)


def volunteer_organisation_detail(request, pk):
    organisation = get_scoped_or_404(request, VolunteerOrganisation.objects.all(), pk=pk)
    volunteers = scoped(request, Volunteer.objects.filter(affiliation=organisation))
    context = {
        "volunteer_organisation": organisation,
        "contacts": organisation.contacts.all(),
        "units": scoped(request, organisation.units.all()),
        # The agreements app's, through its reverse relation (volunteers imports no app above it).
        "agreements": scoped(request, organisation.agreements.select_related("unit")),
        "active_volunteers": volunteers.with_status(Volunteer.Status.ACTIVE).count(),
        "can_change": can_change(request, organisation),
    }
    return render(request, "volunteers/volunteer_organisation_detail.html", context)


def _volunteer_organisation_form(request, organisation):
    name = str(organisation)  # as saved, whatever the form holds
    form = VolunteerOrganisationForm(request.POST or None, instance=organisation, request=request)
    contacts = ContactPersonFormSet(request.POST or None, instance=organisation, prefix="contacts")
    # Both validated, so that every error shows at once.
    if request.method == "POST" and all([form.is_valid(), contacts.is_valid()]):
        with transaction.atomic():
            organisation = form.save()
            contacts.instance = organisation
            contacts.save()
        messages.success(request, _("%(name)s was saved.") % {"name": organisation})
        return redirect(organisation)
    context = {"form": form, "contacts": contacts, "volunteer_organisation": organisation, "name": name}
    return render(request, "volunteers/volunteer_organisation_form.html", context)


@change_required(VolunteerOrganisation)
def volunteer_organisation_create(request):
    return _volunteer_organisation_form(request, VolunteerOrganisation())


def volunteer_organisation_edit(request, pk):
    organisation = get_changeable_or_403(request, VolunteerOrganisation.objects.all(), pk=pk)
    return _volunteer_organisation_form(request, organisation)
