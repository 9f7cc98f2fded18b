from django.urls import path  # noqa: F401 (the parts below add their paths)

app_name = "strategies"

urlpatterns = [
    # Strategies, versions, focus areas and effect targets (views.py)
    # The revision process: commission, process variants, milestones (revision_views.py)
    # Consultation: secretariat pages and the public pages without login (consultation_views.py)
    # Implementation plan and budget (plan_views.py)
]
