from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from volunteers.admin_base import OrganisationScopedAdmin

from .models import Agreement, ReviewReminder

#: Set only through the workflow in the app, so that no agreement becomes active without TR dialogue
#: and approval.
WORKFLOW_FIELDS = [
    "status",
    "tr_dialogue_on",
    "tr_dialogue_with",
    "tr_dialogue_outcome",
    "approved_by",
    "approved_on",
    "ended_on",
]


@admin.register(Agreement)
class AgreementAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "unit", "volunteer_organisation", "status", "review_date"]
    list_filter = ["status", "kind"]
    list_select_related = ["unit", "volunteer_organisation"]
    search_fields = ["title", "volunteer_organisation__name"]
    readonly_fields = WORKFLOW_FIELDS
    date_hierarchy = "review_date"


@admin.register(ReviewReminder)
class ReviewReminderAdmin(OrganisationScopedAdmin):
    list_display = ["agreement", "kind", "review_date", "recipient", "created_at", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["agreement", "recipient"]
    readonly_fields = ["agreement", "kind", "review_date", "recipient", "sent_at"]

    def has_add_permission(self, request):
        return False
