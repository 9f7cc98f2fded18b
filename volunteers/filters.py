"""The register lists' filters; every choice is limited to what the user may see."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import ChoiceFilter, FilterSet, ModelChoiceFilter

from .access import scoped
from .models import Activity, Unit, Volunteer, VolunteerOrganisation, descendant_ids


def scoped_units(request):
    """Choices for filters: the open units the user may see (django-filter calls this with the request).
    A closed unit's data are still listed (under "All", and under a unit above it)."""
    return scoped(request, Unit.objects.open())


def scoped_volunteer_organisations(request):
    return scoped(request, VolunteerOrganisation.objects.all())


def _activities(request):
    return scoped(request, Activity.objects.all())


class VolunteerFilter(FilterSet):
    unit = ModelChoiceFilter(
        label=_("Unit"), queryset=scoped_units, method="filter_unit", empty_label=_("All")
    )
    affiliation = ModelChoiceFilter(
        label=_("Affiliation"),
        queryset=scoped_volunteer_organisations,
        empty_label=_("All"),
        null_label=_("No affiliation"),
    )
    activity = ModelChoiceFilter(
        label=_("Activity"), field_name="activities", queryset=_activities, empty_label=_("All")
    )
    status = ChoiceFilter(
        label=_("Status"), choices=Volunteer.Status.choices, method="filter_status", empty_label=_("All")
    )
    checks = ChoiceFilter(
        label=_("Checks and declarations"),
        choices=[("missing", _("Missing or due"))],
        method="filter_checks",
        empty_label=_("All"),
    )

    class Meta:
        model = Volunteer
        fields = []

    def filter_unit(self, queryset, name, unit):
        """Responsible at the unit or a unit below it, or active there."""
        ids = descendant_ids([unit.pk], self.request.organisation)
        active_there = Volunteer.active_units.through.objects.filter(unit_id__in=ids).values("volunteer_id")
        return queryset.filter(Q(unit__in=ids) | Q(pk__in=active_there))

    def filter_status(self, queryset, name, status):
        return queryset.with_status(status)

    def filter_checks(self, queryset, name, value):
        return queryset.missing_checks()


class VolunteerOrganisationFilter(FilterSet):
    kind = ChoiceFilter(label=_("Kind"), choices=VolunteerOrganisation.Kind.choices, empty_label=_("All"))
    unit = ModelChoiceFilter(
        label=_("Works with"), field_name="units", queryset=scoped_units, empty_label=_("All")
    )

    class Meta:
        model = VolunteerOrganisation
        fields = []
