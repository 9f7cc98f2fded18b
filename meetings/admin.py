from django.contrib import admin

from volunteers.admin_base import OrganisationScopedAdmin

from .models import Body, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Body)
class BodyAdmin(OrganisationScopedAdmin):
    list_display = ["name", "kind", "term_start", "term_end", "organisation"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["name"]
    inlines = [MembershipInline]
