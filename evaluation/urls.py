from django.urls import path  # noqa: F401 (the parts below add their paths)

app_name = "evaluation"

urlpatterns = [
    # Reporting schedule and status reports (views.py)
    # Reminders sent (reminder_views.py)
    # Dashboard, exports and status pack (dashboard_views.py)
    # Two-year evaluation questionnaire, public answer pages (questionnaire_views.py)
]
