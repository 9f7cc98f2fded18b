from django.contrib import admin

from .access import in_organisation
from .models import Organisation


class OrganisationScopedAdmin(admin.ModelAdmin):
    """An organisation's administrators see and choose only their own organisation's objects.

    Platform operators (superusers, without an organisation) see everything; they are the only ones the
    admin lets in (frivillig/admin_site.py), so the scoping is a second line should that change.
    """

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if request.user.organisation_id is None:
            return queryset.none()
        return in_organisation(queryset, request.user.organisation_id)

    def _limit_choices(self, db_field, request, kwargs):
        if request.user.is_superuser:
            return
        related = db_field.related_model
        if related is Organisation:
            kwargs["queryset"] = Organisation.objects.filter(pk=request.user.organisation_id)
        elif hasattr(related, "scope_organisation"):
            kwargs["queryset"] = in_organisation(related.objects.all(), request.user.organisation_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
