from django.urls import path  # noqa: F401 (the parts below add their paths)

from . import dashboard_views, questionnaire_views, reminder_views, views

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
    path(
        "opfoelgning/evalueringstrin/<int:pk>/udfoert/",
        reminder_views.evaluation_step_done,
        name="evaluation_step_done",
    ),
    # Dashboard, exports and status pack (dashboard_views.py)
    path("opfoelgning/strategier/<int:pk>/", dashboard_views.dashboard_view, name="dashboard"),
    path(
        "opfoelgning/strategier/<int:pk>/opfoelgning.xlsx",
        dashboard_views.dashboard_xlsx,
        name="dashboard_xlsx",
    ),
    path(
        "opfoelgning/strategier/<int:pk>/opfoelgning.csv",
        dashboard_views.dashboard_csv,
        name="dashboard_csv",
    ),
    path(
        "opfoelgning/perioder/<int:pk>/statuspakke.pdf",
        dashboard_views.status_pack_pdf,
        name="status_pack_pdf",
    ),
    path(
        "opfoelgning/perioder/<int:pk>/statuspakke/dagsorden/",
        dashboard_views.status_pack_agenda,
        name="status_pack_agenda",
    ),
    # Two-year evaluation questionnaire, public answer pages (questionnaire_views.py)
    path(
        "evaluering/strategier/<int:pk>/spoergeskema/ny/",
        questionnaire_views.questionnaire_create,
        name="questionnaire_create",
    ),
    path("evaluering/<int:pk>/", questionnaire_views.questionnaire_detail, name="questionnaire_detail"),
    path("evaluering/<int:pk>/rediger/", questionnaire_views.questionnaire_edit, name="questionnaire_edit"),
    path("evaluering/<int:pk>/spoergsmaal/", questionnaire_views.questions_edit, name="questions_edit"),
    path("evaluering/<int:pk>/links/ny/", questionnaire_views.links_add, name="links_add"),
    path("evaluering/<int:pk>/inviterede/", questionnaire_views.invited_edit, name="invited_edit"),
    path(
        "evaluering/<int:pk>/resultater/",
        questionnaire_views.questionnaire_results,
        name="questionnaire_results",
    ),
    path(
        "evaluering/<int:pk>/evalueringsrapport.pdf",
        questionnaire_views.evaluation_report_pdf,
        name="evaluation_report_pdf",
    ),
    path("evaluering/svar/<str:token>/", questionnaire_views.answer, name="answer"),
    path("evaluering/svar/<str:token>/tak/", questionnaire_views.answer_thanks, name="answer_thanks"),
]
