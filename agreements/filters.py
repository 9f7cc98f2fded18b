"""The agreement list's filters; every choice is limited to what the user may see."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ChoiceFilter, FilterSet, ModelChoiceFilter
from volunteers.filters import scoped_units, scoped_volunteer_organisations
from volunteers.models import descendant_ids

from .models import Agreement
from .reviews import due_for_review


class AgreementFilter(FilterSet):
    unit = ModelChoiceFilter(
        label=_("Unit"), queryset=scoped_units, method="filter_unit", empty_label=_("All")
    )
    volunteer_organisation = ModelChoiceFilter(
        label=_("Volunteer organisation"), queryset=scoped_volunteer_organisations, empty_label=_("All")
    )
    status = ChoiceFilter(label=_("Status"), choices=Agreement.Status.choices, empty_label=_("All"))
    kind = ChoiceFilter(
        label=_("Kind of collaboration"), choices=Agreement.Kind.choices, empty_label=_("All")
    )
    review = ChoiceFilter(
        label=_("Review"),
        choices=[("due", _("Due for review"))],
        method="filter_review",
        empty_label=_("All"),
    )

    class Meta:
        model = Agreement
        fields = []

    def filter_unit(self, queryset, name, unit):
        """The unit's agreements and those of the units below it."""
        return queryset.filter(unit__in=descendant_ids([unit.pk], self.request.organisation))

    def filter_review(self, queryset, name, value):
        return due_for_review(queryset, self.request.organisation, timezone.localdate())
