from django.urls import path  # noqa: F401 (the parts below add their paths)

from . import reminder_views

app_name = "evaluation"

urlpatterns = [
    # Reporting schedule and status reports (views.py)
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
