"""The audit log in the Django admin, read-only, for the platform's operators (everything). The admin lets
in superusers only (frivillig/admin_site.py); the scoping to an organisation's own entries below stays as
a second line. An organisation's administrators read their own entries in the app's Administration."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from volunteers.models import ContactPerson, Role, User, Volunteer

from .models import LoginEvent


class AuditAdmin(admin.ModelAdmin):
    """Read-only; scoped by `scope` (a lookup to the organisation's id)."""

    scope = "organisation_id"
    list_per_page = 100

    def _may_read(self, request):
        user = request.user
        return user.is_active and (
            user.is_superuser or (user.is_staff and user.role == Role.ADMINISTRATOR and user.organisation_id)
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if not self._may_read(request):
            return queryset.none()
        return queryset.filter(**{self.scope: request.user.organisation_id})

    def has_module_permission(self, request):
        return self._may_read(request)

    def has_view_permission(self, request, obj=None):
        return self._may_read(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginEvent)
class LoginEventAdmin(AuditAdmin):
    list_display = ["at", "username", "user", "succeeded", "client_address"]
    list_filter = ["succeeded"]
    list_select_related = ["user"]
    search_fields = ["username", "client_address"]
    date_hierarchy = "at"


class ChangeAdmin(AuditAdmin):
    """Who changed which fields of whom, and when."""

    list_display = ["history_date", "history_user", "kind", "person", "changed_fields"]
    list_filter = ["history_type"]
    list_select_related = ["history_user"]
    date_hierarchy = "history_date"
    search_fields = ["history_user__username", "changed_fields"]

    @admin.display(description=_("change"), ordering="history_type")
    def kind(self, record):
        return record.get_history_type_display()

    @admin.display(description=_("person"))
    def person(self, record):
        return str(record.instance) or f"#{record.id}"


@admin.register(Volunteer.history.model)
class VolunteerChangeAdmin(ChangeAdmin):
    search_fields = [*ChangeAdmin.search_fields, "first_name", "last_name"]


@admin.register(ContactPerson.history.model)
class ContactPersonChangeAdmin(ChangeAdmin):
    scope = "volunteer_organisation__organisation_id"
    search_fields = [*ChangeAdmin.search_fields, "name"]


@admin.register(User.history.model)
class UserChangeAdmin(ChangeAdmin):
    search_fields = [*ChangeAdmin.search_fields, "username"]
