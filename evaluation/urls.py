from django.urls import path  # noqa: F401 (the parts below add their paths)

from . import reminder_views, views

app_name = "evaluation"

urlpatterns = [
    # Reporting schedule and status reports (views.py)
    path("opfoelgning/rapporter/", views.report_list, name="report_list"),
    path("opfoelgning/perioder/<int:pk>/enheder/<int:unit>/start/", views.report_start, name="report_start"),
    path("opfoelgning/strategier/<int:pk>/perioder/", views.period_list, name="period_list"),
    path("statusrapporter/<int:pk>/", views.report_detail, name="report_detail"),
    path("statusrapporter/<int:pk>/rediger/", views.report_edit, name="report_edit"),
    path("statusrapporter/<int:pk>/indsend/", views.report_submit, name="report_submit"),
    path("statusrapporter/<int:pk>/behandl/", views.report_decide, name="report_decide"),
    # Reminders sent (reminder_views.py)
    path("opfoelgning/strategier/<int:pk>/tidsplan/", reminder_views.schedule_detail, name="schedule_detail"),
    path(
        "opfoelgning/strategier/<int:pk>/tidsplan/rediger/",
        reminder_views.schedule_edit,
        name="schedule_edit",
    ),
    path("opfoelgning/paamindelser/", reminder_views.reminder_list, name="reminder_list"),
    # Dashboard, exports and status pack (dashboard_views.py)
    # Two-year evaluation questionnaire, public answer pages (questionnaire_views.py)
]
