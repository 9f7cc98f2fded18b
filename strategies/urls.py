from django.urls import path  # noqa: F401 (the parts below add their paths)

from . import consultation_views, plan_views, revision_views, views

app_name = "strategies"

urlpatterns = [
    # Strategies, versions, focus areas and effect targets (views.py)
    path("strategier/", views.strategy_list, name="strategy_list"),
    path("strategier/ny/", views.strategy_create, name="strategy_create"),
    path("strategier/<int:pk>/", views.strategy_detail, name="strategy_detail"),
    path("strategier/<int:pk>/rediger/", views.strategy_edit, name="strategy_edit"),
    path("strategier/<int:pk>/status/", views.strategy_status, name="strategy_status"),
    path("strategier/<int:pk>/godkend/", views.strategy_approve, name="strategy_approve"),
    path("strategier/<int:pk>/revider/", views.strategy_revise, name="strategy_revise"),
    path("strategier/<int:pk>/sammenlign/", views.strategy_compare, name="strategy_compare"),
    path("strategier/<int:pk>/fokusomraader/ny/", views.focus_area_create, name="focus_area_create"),
    path("fokusomraader/<int:pk>/rediger/", views.focus_area_edit, name="focus_area_edit"),
    path("fokusomraader/<int:pk>/slet/", views.focus_area_delete, name="focus_area_delete"),
    # The revision process: commission, process variants, milestones (revision_views.py)
    path("strategier/<int:pk>/kommissorium/ny/", revision_views.commission_create, name="commission_create"),
    path("kommissorier/<int:pk>/", revision_views.commission_detail, name="commission_detail"),
    path("kommissorier/<int:pk>/rediger/", revision_views.commission_edit, name="commission_edit"),
    path("kommissorier/<int:pk>/processer/ny/", revision_views.variant_create, name="variant_create"),
    path(
        "kommissorier/<int:pk>/processer/<int:variant_pk>/vaelg/",
        revision_views.variant_choose,
        name="variant_choose",
    ),
    path("processer/<int:pk>/rediger/", revision_views.variant_edit, name="variant_edit"),
    path("processer/<int:pk>/milepaele/ny/", revision_views.milestone_create, name="milestone_create"),
    path("milepaele/<int:pk>/rediger/", revision_views.milestone_edit, name="milestone_edit"),
    path("milepaele/<int:pk>/slet/", revision_views.milestone_delete, name="milestone_delete"),
    path("milepaele/<int:pk>/gennemfoert/", revision_views.milestone_complete, name="milestone_complete"),
    # Consultation: secretariat pages and the public pages without login (consultation_views.py)
    path(
        "strategier/<int:pk>/hoeringer/ny/",
        consultation_views.consultation_create,
        name="consultation_create",
    ),
    path("hoeringer/<int:pk>/", consultation_views.consultation_detail, name="consultation_detail"),
    path("hoeringer/<int:pk>/rediger/", consultation_views.consultation_edit, name="consultation_edit"),
    path("hoeringer/<int:pk>/parter/ny/", consultation_views.party_create, name="party_create"),
    path("hoeringsparter/<int:pk>/rediger/", consultation_views.party_edit, name="party_edit"),
    path("hoeringsparter/<int:pk>/slet/", consultation_views.party_delete, name="party_delete"),
    path("hoeringssvar/<int:pk>/", consultation_views.response_moderate, name="response_moderate"),
    path("hoeringssvar/<int:pk>/bilag/", consultation_views.response_attachment, name="response_attachment"),
    path(
        "hoeringer/<int:pk>/hoeringsnotat.pdf",
        consultation_views.consultation_memo_pdf,
        name="consultation_memo_pdf",
    ),
    path(
        "hoeringer/<int:pk>/hoeringsnotat.xlsx",
        consultation_views.consultation_memo_xlsx,
        name="consultation_memo_xlsx",
    ),
    path("hoering/<str:token>/", consultation_views.consultation_public, name="consultation_public"),
    path("hoering/<str:token>/tak/", consultation_views.consultation_thanks, name="consultation_thanks"),
    # Implementation plan and budget (plan_views.py)
    path("strategier/<int:pk>/implementeringsplan/ny/", plan_views.plan_create, name="plan_create"),
    path("implementeringsplaner/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("implementeringsplaner/<int:pk>/rediger/", plan_views.plan_edit, name="plan_edit"),
    path("implementeringsplaner/<int:pk>/dele/ny/", plan_views.part_create, name="part_create"),
    path("organisationsdele/<int:pk>/rediger/", plan_views.part_edit, name="part_edit"),
    path("organisationsdele/<int:pk>/slet/", plan_views.part_delete, name="part_delete"),
    path("organisationsdele/<int:pk>/handlinger/ny/", plan_views.action_create, name="action_create"),
    path("handlinger/<int:pk>/rediger/", plan_views.action_edit, name="action_edit"),
    path("handlinger/<int:pk>/slet/", plan_views.action_delete, name="action_delete"),
    path(
        "implementeringsplaner/<int:pk>/budget/ny/", plan_views.budget_line_create, name="budget_line_create"
    ),
    path("budgetlinjer/<int:pk>/rediger/", plan_views.budget_line_edit, name="budget_line_edit"),
    path("budgetlinjer/<int:pk>/slet/", plan_views.budget_line_delete, name="budget_line_delete"),
    path("strategier/<int:pk>/strategi.pdf", plan_views.strategy_pdf, name="strategy_pdf"),
    path("implementeringsplaner/<int:pk>/implementeringsplan.pdf", plan_views.plan_pdf, name="plan_pdf"),
]
