from django.urls import path

from .views import consultation, plan, revision, strategies

app_name = "strategies"

urlpatterns = [
    # Strategies, versions, focus areas and effect targets (views/strategies.py)
    path("strategier/", strategies.strategy_list, name="strategy_list"),
    path("strategier/ny/", strategies.strategy_create, name="strategy_create"),
    path("strategier/<int:pk>/", strategies.strategy_detail, name="strategy_detail"),
    path("strategier/<int:pk>/rediger/", strategies.strategy_edit, name="strategy_edit"),
    path("strategier/<int:pk>/status/", strategies.strategy_status, name="strategy_status"),
    path("strategier/<int:pk>/godkend/", strategies.strategy_approve, name="strategy_approve"),
    path("strategier/<int:pk>/revider/", strategies.strategy_revise, name="strategy_revise"),
    path("strategier/<int:pk>/sammenlign/", strategies.strategy_compare, name="strategy_compare"),
    path("strategier/<int:pk>/fokusomraader/ny/", strategies.focus_area_create, name="focus_area_create"),
    path("fokusomraader/<int:pk>/rediger/", strategies.focus_area_edit, name="focus_area_edit"),
    path("fokusomraader/<int:pk>/slet/", strategies.focus_area_delete, name="focus_area_delete"),
    # The revision process: commission, process variants, milestones (views/revision.py)
    path("strategier/<int:pk>/kommissorium/ny/", revision.commission_create, name="commission_create"),
    path("kommissorier/<int:pk>/", revision.commission_detail, name="commission_detail"),
    path("kommissorier/<int:pk>/rediger/", revision.commission_edit, name="commission_edit"),
    path("kommissorier/<int:pk>/processer/ny/", revision.variant_create, name="variant_create"),
    path(
        "kommissorier/<int:pk>/processer/<int:variant_pk>/vaelg/",
        revision.variant_choose,
        name="variant_choose",
    ),
    path("processer/<int:pk>/rediger/", revision.variant_edit, name="variant_edit"),
    path("processer/<int:pk>/milepaele/ny/", revision.milestone_create, name="milestone_create"),
    path("milepaele/<int:pk>/rediger/", revision.milestone_edit, name="milestone_edit"),
    path("milepaele/<int:pk>/slet/", revision.milestone_delete, name="milestone_delete"),
    path("milepaele/<int:pk>/gennemfoert/", revision.milestone_complete, name="milestone_complete"),
    # Consultation: secretariat pages and the public pages without login (views/consultation.py)
    path(
        "strategier/<int:pk>/hoeringer/ny/",
        consultation.consultation_create,
        name="consultation_create",
    ),
    path("hoeringer/<int:pk>/", consultation.consultation_detail, name="consultation_detail"),
    path("hoeringer/<int:pk>/rediger/", consultation.consultation_edit, name="consultation_edit"),
    path("hoeringer/<int:pk>/parter/ny/", consultation.party_create, name="party_create"),
    path("hoeringsparter/<int:pk>/rediger/", consultation.party_edit, name="party_edit"),
    path("hoeringsparter/<int:pk>/slet/", consultation.party_delete, name="party_delete"),
    path("hoeringssvar/<int:pk>/", consultation.response_moderate, name="response_moderate"),
    path("hoeringssvar/<int:pk>/bilag/", consultation.response_attachment, name="response_attachment"),
    path(
        "hoeringer/<int:pk>/hoeringsnotat/",
        consultation.consultation_memo_pdf,
        name="consultation_memo_pdf",
    ),
    path(
        "hoeringer/<int:pk>/hoeringsnotat.xlsx",
        consultation.consultation_memo_xlsx,
        name="consultation_memo_xlsx",
    ),
    path("hoering/<str:token>/", consultation.consultation_public, name="consultation_public"),
    path("hoering/<str:token>/tak/", consultation.consultation_thanks, name="consultation_thanks"),
    # Implementation plan and budget (views/plan.py)
    path("strategier/<int:pk>/implementeringsplan/ny/", plan.plan_create, name="plan_create"),
    path("implementeringsplaner/<int:pk>/", plan.plan_detail, name="plan_detail"),
    path("implementeringsplaner/<int:pk>/rediger/", plan.plan_edit, name="plan_edit"),
    path("implementeringsplaner/<int:pk>/dele/ny/", plan.part_create, name="part_create"),
    path("organisationsdele/<int:pk>/rediger/", plan.part_edit, name="part_edit"),
    path("organisationsdele/<int:pk>/slet/", plan.part_delete, name="part_delete"),
    path("organisationsdele/<int:pk>/handlinger/ny/", plan.action_create, name="action_create"),
    path("handlinger/<int:pk>/rediger/", plan.action_edit, name="action_edit"),
    path("handlinger/<int:pk>/slet/", plan.action_delete, name="action_delete"),
    path("implementeringsplaner/<int:pk>/budget/ny/", plan.budget_line_create, name="budget_line_create"),
    path("budgetlinjer/<int:pk>/rediger/", plan.budget_line_edit, name="budget_line_edit"),
    path("budgetlinjer/<int:pk>/slet/", plan.budget_line_delete, name="budget_line_delete"),
    # The worker makes these PDFs (the documents app): their addresses answer with a waiting page until
    # the file is ready, so they do not end in ".pdf" (tests/test_pdf_links.py).
    path("strategier/<int:pk>/pdf/", plan.strategy_pdf, name="strategy_pdf"),
    path("implementeringsplaner/<int:pk>/pdf/", plan.plan_pdf, name="plan_pdf"),
]
