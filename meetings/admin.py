from django.contrib import admin

from volunteers.admin_base import OrganisationScopedAdmin, OrganisationScopedInline

from .models import Body, Membership


class MembershipInline(OrganisationScopedInline, admin.TabularInline):
    model = Membership
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "seat_category":
            # The body's own seat categories (none yet on a new body).
            field.queryset = field.queryset.filter(body=self.parent_pk(request))
        return field


@admin.register(Body)
class BodyAdmin(OrganisationScopedAdmin):
    list_display = ["name", "kind", "term_start", "term_end", "organisation"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["name"]
    inlines = [MembershipInline]
