"""The follow-up in the admin: schedules, periods and reports for an organisation's administrators.
The reports' workflow fields are set only through the app (submit, accept, return)."""

from django.contrib import admin

from volunteers.admin_base import OrganisationScopedAdmin, OrganisationScopedInline

from .models import (
    ActionReport,
    EvaluationMilestone,
    Reminder,
    ReportingPeriod,
    ReportingSchedule,
    StatusReport,
    TargetReport,
)


@admin.register(ReportingSchedule)
class ReportingScheduleAdmin(OrganisationScopedAdmin):
    list_display = ["strategy", "interval_months", "first_period_starts", "evaluation_months"]
    list_select_related = ["strategy"]

    # Set up and changed on the strategy's schedule page, which makes the periods follow the rhythm.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(OrganisationScopedAdmin):
    list_display = ["strategy", "number", "starts_on", "ends_on", "deadline"]
    list_select_related = ["strategy"]
    readonly_fields = ["strategy", "number", "starts_on", "ends_on"]

    def has_add_permission(self, request):
        return False  # made by generate_schedule from the strategy's rhythm


class ActionReportInline(OrganisationScopedInline, admin.TabularInline):
    model = ActionReport
    extra = 0
    raw_id_fields = ["action"]


class TargetReportInline(OrganisationScopedInline, admin.TabularInline):
    model = TargetReport
    extra = 0
    raw_id_fields = ["effect_target"]


@admin.register(StatusReport)
class StatusReportAdmin(OrganisationScopedAdmin):
    list_display = ["unit", "period", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["unit", "period__strategy"]
    search_fields = ["unit__name"]
    readonly_fields = [
        "period",
        "unit",
        "status",
        "submitted_at",
        "submitted_by",
        "return_comment",
        "decided_at",
        "decided_by",
    ]
    inlines = [ActionReportInline, TargetReportInline]

    def has_add_permission(self, request):
        return False  # started by the unit in the app


@admin.register(EvaluationMilestone)
class EvaluationMilestoneAdmin(OrganisationScopedAdmin):
    list_display = ["strategy", "kind", "due_on", "completed_on"]
    list_select_related = ["strategy"]


@admin.register(Reminder)
class ReminderAdmin(OrganisationScopedAdmin):
    list_display = ["kind", "recipient", "due_on", "created_at", "sent_at", "attempts"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    readonly_fields = ["organisation", "kind", "recipient", "report", "milestone", "due_on", "sent_at"]

    def has_add_permission(self, request):
        return False
