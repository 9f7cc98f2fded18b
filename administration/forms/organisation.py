from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import SignOn
from volunteers.models import Organisation

LOGO_FORMATS = {"PNG", "JPEG"}
LOGO_MAX_BYTES = 1024 * 1024


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "accessibility_contact",
            "privacy_contact",
            "logo",
            "child_check_renewal_years",
            "criminal_check_renewal_years",
            "retention_months",
            "review_reminder_days",
            "agenda_reminder_days",
            "minutes_reminder_days",
            "password_login",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("child_check_renewal_years", "criminal_check_renewal_years", "retention_months"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Organisation"), "name", "accessibility_contact", "privacy_contact", "logo"),
            Fieldset(
                _("Volunteers"),
                "child_check_renewal_years",
                "criminal_check_renewal_years",
                "retention_months",
            ),
            Fieldset(_("Reminders"), "review_reminder_days", "agenda_reminder_days", "minutes_reminder_days"),
            Fieldset(_("Sign-in"), "password_login"),
        )

    def clean_logo(self):
        logo = self.cleaned_data["logo"]
        # A new upload carries the image Pillow opened (ImageField checked that it is an image at all).
        image = getattr(logo, "image", None)
        if image is not None:
            if image.format not in LOGO_FORMATS:
                raise ValidationError(_("The logo must be a PNG or JPEG image."))
            if logo.size > LOGO_MAX_BYTES:
                raise ValidationError(_("The logo may be at most 1 MB."))
        return logo

    def clean_child_check_renewal_years(self):
        return self._at_least_one("child_check_renewal_years")

    def clean_criminal_check_renewal_years(self):
        return self._at_least_one("criminal_check_renewal_years")

    def clean_retention_months(self):
        return self._at_least_one("retention_months")

    def _at_least_one(self, name):
        value = self.cleaned_data[name]
        if value is not None and value < 1:
            raise ValidationError(_("Enter at least 1."))
        return value

    def clean_password_login(self):
        allowed = self.cleaned_data["password_login"]
        if not allowed and not SignOn.objects.filter(organisation=self.instance).exists():
            raise ValidationError(
                _(
                    "Password login cannot be switched off before single sign-on is set up: otherwise "
                    "nobody could sign in. Set up single sign-on first."
                )
            )
        return allowed
