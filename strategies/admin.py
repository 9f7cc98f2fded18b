from django.contrib import admin

from volunteers.admin_base import OrganisationScopedAdmin, OrganisationScopedInline

from .models import FocusArea, Strategy


class FocusAreaInline(OrganisationScopedInline, admin.StackedInline):
    model = FocusArea
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(OrganisationScopedAdmin):
    list_display = ["title", "version", "status", "approved_on", "organisation"]
    list_filter = ["status"]
    list_select_related = ["organisation"]
    search_fields = ["title"]
    inlines = [FocusAreaInline]
