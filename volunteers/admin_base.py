from django.contrib import admin

from .access import in_organisation


def _limit_choices(db_field, organisation_id, kwargs):
    """Offer only `organisation_id`'s objects in a choice of a scoped model (the organisation included)."""
    related = db_field.related_model
    if hasattr(related, "scope_organisation"):
        kwargs["queryset"] = in_organisation(related._default_manager.all(), organisation_id)


class ScopedChoices:
    """Foreign-key and many-to-many choices of the organisation that `choices_organisation` names."""

    def choices_organisation(self, request):
        raise NotImplementedError

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        organisation_id = self.choices_organisation(request)
        if organisation_id is not None:
            _limit_choices(db_field, organisation_id, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        organisation_id = self.choices_organisation(request)
        if organisation_id is not None:
            _limit_choices(db_field, organisation_id, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OrganisationScopedAdmin(ScopedChoices, admin.ModelAdmin):
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

    def choices_organisation(self, request):
        return None if request.user.is_superuser else request.user.organisation_id or 0


class OrganisationScopedInline(ScopedChoices):
    """An inline's choices come from the organisation of the object it belongs to, also for a platform
    operator: a body's members are chosen among its own organisation's users, never another's."""

    def choices_organisation(self, request):
        if not request.user.is_superuser:
            return request.user.organisation_id or 0
        parent_pk = self.parent_pk(request)
        if parent_pk is None:
            return None  # a new object: its organisation is chosen in the same form
        parents = self.parent_model._default_manager.filter(pk=parent_pk)
        return parents.values_list(self.parent_model.scope_organisation, flat=True).first() or 0

    @staticmethod
    def parent_pk(request):
        """The primary key of the object whose change page this is, if it is one."""
        match = request.resolver_match
        return match.kwargs.get("object_id") if match else None
