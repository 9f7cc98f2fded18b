from django.contrib import admin

from volunteers.admin_base import OrganisationScopedAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(OrganisationScopedAdmin):
    list_display = ["title", "kind", "status", "created_at", "finished_at", "organisation"]
    list_filter = ["kind", "status"]
    list_select_related = ["organisation"]
    search_fields = ["title"]
    readonly_fields = ["kind", "object_id", "content_hash", "file", "error", "created_at", "finished_at"]
    exclude = ["source"]
