from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import ContactPerson, VolunteerOrganisation
from . import keep_hidden_choices, unit_choices


class VolunteerOrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = VolunteerOrganisation
        fields = ["name", "kind", "cvr", "address", "email", "phone", "website", "units"]
        widgets = {"units": forms.CheckboxSelectMultiple}
        help_texts = {"cvr": _("Optional. Eight digits, e.g. 20700211.")}

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = request.organisation
        self.fields["units"].queryset = unit_choices(request)
        self.by_coordinator = request.user.is_coordinator

    def clean_name(self):
        name = self.cleaned_data["name"]
        others = VolunteerOrganisation.objects.filter(organisation=self.instance.organisation)
        if others.exclude(pk=self.instance.pk).filter(name__iexact=name).exists():
            raise ValidationError(_("A volunteer organisation with this name is already registered."))
        return name

    def clean_units(self):
        chosen = self.cleaned_data["units"]
        if self.by_coordinator and not chosen:
            # A coordinator changes only the organisations that one of their units works with.
            raise ValidationError(_("Choose at least one of your units that works with the organisation."))
        if self.instance.pk is None:
            return chosen
        return keep_hidden_choices(self.fields["units"], chosen, self.instance.units.all())


ContactPersonFormSet = forms.inlineformset_factory(
    VolunteerOrganisation,
    ContactPerson,
    fields=["name", "title", "email", "phone"],
    extra=2,
    can_delete=True,
)
