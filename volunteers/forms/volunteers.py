from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import GuardedModelForm
from core.forms import DateInput

from ..access import scoped
from ..models import Activity, TrainingRecord, Volunteer, VolunteerOrganisation
from . import keep_hidden_choices, unit_choices


def _not_in_future(day):
    if day and day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    return day


class VolunteerForm(GuardedModelForm):
    """A volunteer, with every choice limited to the user's units and organisation."""

    class Meta:
        model = Volunteer
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "address",
            "birth_year",
            "gender",
            "unit",
            "active_units",
            "affiliation",
            "activities",
            "start_date",
            "end_date",
            "confidentiality_signed_on",
            "child_check_assessed_on",
            "criminal_check_assessed_on",
            "lawful_basis",
            "purpose",
        ]
        widgets = {
            "activities": forms.CheckboxSelectMultiple,
            "active_units": forms.CheckboxSelectMultiple,
            "start_date": DateInput,
            "end_date": DateInput,
            "confidentiality_signed_on": DateInput,
            "child_check_assessed_on": DateInput,
            "criminal_check_assessed_on": DateInput,
        }
        help_texts = {
            "child_check_assessed_on": _(
                "Only when one of the activities brings regular direct contact with children under 15. "
                "Record that the check was obtained and assessed, never what it says."
            ),
            "criminal_check_assessed_on": _(
                "Only when one of the activities takes the volunteer into people's homes. "
                "Record that the check was obtained and assessed, never what it says."
            ),
            "gender": _("Only if the volunteer wishes to give it."),
        }

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.instance.organisation = request.organisation
        # Closed units are not offered (an already linked one is kept: unit_choices, clean_active_units).
        self.fields["unit"].queryset = unit_choices(request, self.instance.unit_id)
        self.fields["active_units"].queryset = unit_choices(request)
        self.fields["affiliation"].queryset = scoped(request, VolunteerOrganisation.objects.all())
        self.fields["affiliation"].empty_label = _("None")
        self.fields["activities"].queryset = scoped(request, Activity.objects.all())
        self.fields["gender"].choices = [("", _("Not given")), *Volunteer.Gender.choices]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            Fieldset(
                _("Person"), "first_name", "last_name", "email", "phone", "address", "birth_year", "gender"
            ),
            Fieldset(_("Where and what"), "unit", "active_units", "affiliation", "activities"),
            Fieldset(_("Period"), "start_date", "end_date"),
            Fieldset(
                _("Declarations and checks"),
                "confidentiality_signed_on",
                "child_check_assessed_on",
                "criminal_check_assessed_on",
            ),
            Fieldset(_("Personal data"), "lawful_basis", "purpose"),
        )

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if year is not None and not 1900 <= year <= this_year:
            raise ValidationError(
                _("Enter a year of birth between 1900 and %(year)s."), params={"year": this_year}
            )
        return year

    def clean_active_units(self):
        chosen = self.cleaned_data["active_units"]
        if self.instance.pk is None:
            return chosen
        return keep_hidden_choices(self.fields["active_units"], chosen, self.instance.active_units.all())

    def clean_confidentiality_signed_on(self):
        return _not_in_future(self.cleaned_data["confidentiality_signed_on"])

    def clean_child_check_assessed_on(self):
        return _not_in_future(self.cleaned_data["child_check_assessed_on"])

    def clean_criminal_check_assessed_on(self):
        return _not_in_future(self.cleaned_data["criminal_check_assessed_on"])

    def clean(self):
        cleaned = super().clean()
        activities = cleaned.get("activities")
        if activities is not None:
            if cleaned.get("child_check_assessed_on") and not any(a.involves_children for a in activities):
                self.add_error(
                    "child_check_assessed_on",
                    _("Fill this in only when one of the chosen activities involves children under 15."),
                )
            if cleaned.get("criminal_check_assessed_on") and not any(a.involves_homes for a in activities):
                self.add_error(
                    "criminal_check_assessed_on",
                    _("Fill this in only when one of the chosen activities takes the volunteer into homes."),
                )
        self._check_duplicates(cleaned)
        return cleaned

    def _check_duplicates(self, cleaned):
        # Across the whole organisation, also units the user cannot see; the message names nobody there.
        others = Volunteer.objects.filter(organisation=self.instance.organisation, anonymised_on__isnull=True)
        others = others.exclude(pk=self.instance.pk)
        email = cleaned.get("email")
        same_email = others.filter(email__iexact=email) if email else others.none()
        if same_email.exists():
            # A coordinator who cannot see the other one learns no more than that it exists somewhere.
            if scoped(self.request, same_email).exists():
                self.add_error("email", _("A volunteer with this e-mail address is already registered."))
            else:
                self.add_error(
                    "email",
                    _("A volunteer with this e-mail address is already registered; ask the secretariat."),
                )
        first_name, last_name = cleaned.get("first_name"), cleaned.get("last_name")
        unit, birth_year = cleaned.get("unit"), cleaned.get("birth_year")
        if first_name and last_name and unit and birth_year:
            same = others.filter(
                unit=unit, first_name__iexact=first_name, last_name__iexact=last_name, birth_year=birth_year
            )
            if same.exists():
                raise ValidationError(
                    _("%(name)s, born %(year)s, is already registered at %(unit)s."),
                    params={"name": f"{first_name} {last_name}", "year": birth_year, "unit": unit},
                )


class VolunteerEndForm(GuardedModelForm):
    class Meta:
        model = Volunteer
        fields = ["end_date"]
        widgets = {"end_date": DateInput}
        help_texts = {
            "end_date": _(
                "The last day as a volunteer. The personal data is kept for the organisation's "
                "retention period and then anonymised when you confirm it."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = True


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["kind", "title", "completed_on"]
        widgets = {"completed_on": DateInput}

    def clean_completed_on(self):
        return _not_in_future(self.cleaned_data["completed_on"])


class DiversityForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
