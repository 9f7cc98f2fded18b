"""The administrator's forms for the organisation's users, and the user list's filters."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import invitations
from accounts.models import Invitation
from core.filters import ChoiceFilter, ModelChoiceFilter
from volunteers.importing import ImportFileError, check_upload
from volunteers.models import Role, Unit, User


def _open_units(organisation, keep=()):
    """The organisation's open units (and any closed ones the user already has, so they are not lost)."""
    units = Unit.objects.filter(organisation=organisation)
    return units.filter(Q(closed_on__isnull=True) | Q(pk__in=[unit.pk for unit in keep])).order_by("name")


class UnitsAndRole:
    """A coordinator must have at least one unit."""

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        role, units = cleaned.get("role"), cleaned.get("units")
        if role and units is not None and (problem := invitations.unit_problem(role, units)):
            self.add_error("units", problem)  # type: ignore[attr-defined]
        return cleaned


class InviteForm(UnitsAndRole, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("The invitation is sent here; it is also the user name.")
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A volunteer coordinator sees and changes the data of these units and the units below them."
        ),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _open_units(organisation)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if invitations.email_taken(email):
            raise forms.ValidationError(
                _("Someone already has a user with this e-mail address; find them in the list of users.")
            )
        return email


class UserForm(UnitsAndRole, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "role", "units"]
        widgets = {"units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _open_units(self.instance.organisation, self.instance.units.all())

    def clean_role(self):
        role = self.cleaned_data["role"]
        user = self.instance
        if (
            user.role == Role.ADMINISTRATOR
            and role != Role.ADMINISTRATOR
            and user.is_active
            and not invitations.other_active_administrators(user).exists()
        ):
            raise forms.ValidationError(
                _("The organisation needs an active administrator: make someone else administrator first.")
            )
        return role


# --- the list's filters ----------------------------------------------------------------------------


def _units(request):
    return Unit.objects.filter(organisation=request.organisation)


LAST_LOGIN_CHOICES = [
    ("never", _("Never")),
    ("recent", _("Within the last 30 days")),
    ("earlier", _("More than 30 days ago")),
]


def not_accepted():
    """Users whose invitation has not been accepted (open or expired), who have never logged in."""
    pending = Invitation.objects.filter(
        user=OuterRef("pk"), accepted_at__isnull=True, revoked_at__isnull=True
    )
    accepted = Invitation.objects.filter(user=OuterRef("pk"), accepted_at__isnull=False)
    return Q(Exists(pending), ~Exists(accepted), last_login__isnull=True)


class UserFilter(django_filters.FilterSet):
    role = ChoiceFilter(label=_("Role"), choices=Role.choices, empty_label=_("All"))
    unit = ModelChoiceFilter(label=_("Unit"), field_name="units", queryset=_units, empty_label=_("All"))
    active = ChoiceFilter(
        label=_("Active"),
        field_name="is_active",
        choices=[("yes", _("Active")), ("no", _("Deactivated"))],
        method="filter_active",
        empty_label=_("All"),
    )
    last_login = ChoiceFilter(
        label=_("Last login"), choices=LAST_LOGIN_CHOICES, method="filter_last_login", empty_label=_("All")
    )
    invited = ChoiceFilter(
        label=_("Invitation"),
        choices=[("pending", _("Invited, not accepted"))],
        method="filter_invited",
        empty_label=_("All"),
    )

    class Meta:
        model = User
        fields = []

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes")

    def filter_last_login(self, queryset, name, value):
        since = timezone.now() - timedelta(days=30)
        if value == "never":
            return queryset.filter(last_login__isnull=True)
        if value == "recent":
            return queryset.filter(last_login__gte=since)
        return queryset.filter(last_login__lt=since)

    def filter_invited(self, queryset, name, value):
        return queryset.filter(not_accepted())


class UserImportForm(forms.Form):
    """The file of people to invite (checked only as far as costs nothing: the worker reads it)."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (.csv), at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload)
        except ImportFileError as error:
            raise forms.ValidationError(error.message) from None
        return upload
