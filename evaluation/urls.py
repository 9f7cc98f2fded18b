from django.urls import path

from .views import dashboard, questionnaire, reminders, reports, schedule

app_name = "evaluation"

urlpatterns = [
    # Status reports (views/reports.py)
    path("opfoelgning/rapporter/", reports.report_list, name="report_list"),
    path(
        "opfoelgning/perioder/<int:pk>/enheder/<int:unit>/start/", reports.report_start, name="report_start"
    ),
    path("statusrapporter/<int:pk>/", reports.report_detail, name="report_detail"),
    path("statusrapporter/<int:pk>/rediger/", reports.report_edit, name="report_edit"),
    path("statusrapporter/<int:pk>/indsend/", reports.report_submit, name="report_submit"),
    path("statusrapporter/<int:pk>/behandl/", reports.report_decide, name="report_decide"),
    # Reporting schedule: periods, deadlines, evaluation steps (views/schedule.py)
    path("opfoelgning/strategier/<int:pk>/perioder/", schedule.period_list, name="period_list"),
    path("opfoelgning/strategier/<int:pk>/tidsplan/", schedule.schedule_detail, name="schedule_detail"),
    path("opfoelgning/strategier/<int:pk>/tidsplan/rediger/", schedule.schedule_edit, name="schedule_edit"),
    path(
        "opfoelgning/evalueringstrin/<int:pk>/udfoert/",
        schedule.evaluation_step_done,
        name="evaluation_step_done",
    ),
    # Reminders sent (views/reminders.py)
    path("opfoelgning/paamindelser/", reminders.reminder_list, name="reminder_list"),
    # Dashboard, exports and status pack (views/dashboard.py)
    path("opfoelgning/strategier/<int:pk>/", dashboard.dashboard_view, name="dashboard"),
    path("opfoelgning/strategier/<int:pk>/opfoelgning.xlsx", dashboard.dashboard_xlsx, name="dashboard_xlsx"),
    path("opfoelgning/strategier/<int:pk>/opfoelgning.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("opfoelgning/perioder/<int:pk>/statuspakke/", dashboard.status_pack_pdf, name="status_pack_pdf"),
    path(
        "opfoelgning/perioder/<int:pk>/organisationens-tal/",
        dashboard.organisation_figures,
        name="organisation_figures",
    ),
    path(
        "opfoelgning/perioder/<int:pk>/statuspakke/dagsorden/",
        dashboard.status_pack_agenda,
        name="status_pack_agenda",
    ),
    # Two-year evaluation questionnaire, public answer pages (views/questionnaire.py)
    path(
        "evaluering/strategier/<int:pk>/spoergeskema/ny/",
        questionnaire.questionnaire_create,
        name="questionnaire_create",
    ),
    path("evaluering/<int:pk>/", questionnaire.questionnaire_detail, name="questionnaire_detail"),
    path("evaluering/<int:pk>/rediger/", questionnaire.questionnaire_edit, name="questionnaire_edit"),
    path("evaluering/<int:pk>/spoergsmaal/", questionnaire.questions_edit, name="questions_edit"),
    path("evaluering/<int:pk>/links/ny/", questionnaire.links_add, name="links_add"),
    path("evaluering/<int:pk>/inviterede/", questionnaire.invited_edit, name="invited_edit"),
    path(
        "evaluering/<int:pk>/resultater/", questionnaire.questionnaire_results, name="questionnaire_results"
    ),
    path(
        "evaluering/<int:pk>/evalueringsrapport/",
        questionnaire.evaluation_report_pdf,
        name="evaluation_report_pdf",
    ),
    path("evaluering/svar/<str:token>/", questionnaire.answer, name="answer"),
    path("evaluering/svar/<str:token>/tak/", questionnaire.answer_thanks, name="answer_thanks"),
]
