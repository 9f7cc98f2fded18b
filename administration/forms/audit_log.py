from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import DateField
from volunteers.models import User

from ..audit_entries import KINDS, Filters, entries


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class AuditLogFilterForm(forms.Form):
    person = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    kind = forms.ChoiceField(label=_("What"), choices=[("", _("All")), *KINDS], required=False)
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(organisation=organisation).order_by(
            "first_name", "last_name", "username"
        )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The period's first day is after its last day."))
        return data

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        person = data.get("person")
        return Filters(
            person=person.pk if person else None,
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class AuditLogFilter:
    """What core.lists.Listing expects of a filterset (``form`` and ``qs``), for a list that is a UNION of
    several sources: the filters are applied to each source before the union (audit_entries.entries)."""

    def __init__(self, data, queryset=None, *, request):
        self.organisation_id = request.organisation.pk
        self.form = AuditLogFilterForm(data, organisation=request.organisation)

    @property
    def qs(self):
        found = entries(self.organisation_id, self.form.filters())
        # As django-filter does: a filter that is not valid shows nothing rather than everything.
        return found.none() if self.form.is_bound and not self.form.is_valid() else found
