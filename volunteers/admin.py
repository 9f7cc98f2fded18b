from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .admin_base import OrganisationScopedAdmin
from .models import Organisation, Role, Unit, User, VolunteerOrganisation


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=request.user.organisation_id)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Unit)
class UnitAdmin(OrganisationScopedAdmin):
    list_display = ["name", "kind", "parent", "organisation"]
    list_filter = ["kind"]
    list_select_related = ["parent", "organisation"]
    search_fields = ["name"]


@admin.register(VolunteerOrganisation)
class VolunteerOrganisationAdmin(OrganisationScopedAdmin):
    list_display = ["name", "kind", "organisation"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["name"]
    filter_horizontal = ["units"]


class CoordinatorNeedsAUnit:
    """A coordinator of an organisation sees their units' data: without a unit they could do nothing.
    (The platform's operators have no organisation and no units.)"""

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        instance = self.instance  # type: ignore[attr-defined]
        organisation = cleaned.get("organisation", getattr(instance, "organisation", None))
        role = cleaned.get("role", instance.role)
        if organisation and role == Role.COORDINATOR and "units" in cleaned and not cleaned["units"]:
            self.add_error("units", _("A volunteer coordinator must belong to at least one unit."))  # type: ignore[attr-defined]
        return cleaned


class UserCreationAdminForm(CoordinatorNeedsAUnit, AdminUserCreationForm):
    pass


class UserChangeAdminForm(CoordinatorNeedsAUnit, UserChangeForm):
    pass


@admin.register(User)
class UserAdmin(OrganisationScopedAdmin, DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["organisation"]
    filter_horizontal = ["units", "groups", "user_permissions"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Organisation and role"), {"fields": ("organisation", "role", "units", "job_title")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Organisation and role"), {"fields": ("organisation", "role", "units")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # An organisation's administrator cannot hand out platform-wide powers.
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "user_permissions", "groups", "last_login", "date_joined")
