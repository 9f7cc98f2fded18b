from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("samarbejdsaftaler/", views.agreement_list, name="agreement_list"),
    path("samarbejdsaftaler/ny/", views.agreement_create, name="agreement_create"),
    path("samarbejdsaftaler/paamindelser/", views.reminder_list, name="reminder_list"),
    path("samarbejdsaftaler/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("samarbejdsaftaler/<int:pk>/rediger/", views.agreement_edit, name="agreement_edit"),
    # The worker makes the PDF (the documents app): the address answers with a waiting page until the file
    # is ready, so it does not end in ".pdf" (tests/test_pdf_links.py).
    path("samarbejdsaftaler/<int:pk>/aftale/", views.agreement_pdf, name="agreement_pdf"),
    path(
        "samarbejdsaftaler/<int:pk>/tr-dialog/",
        views.workflow_step,
        {"step": "tr_dialogue"},
        name="agreement_tr_dialogue",
    ),
    path(
        "samarbejdsaftaler/<int:pk>/godkend/",
        views.workflow_step,
        {"step": "approve"},
        name="agreement_approve",
    ),
    path(
        "samarbejdsaftaler/<int:pk>/aktiver/",
        views.workflow_step,
        {"step": "activate"},
        name="agreement_activate",
    ),
    path(
        "samarbejdsaftaler/<int:pk>/revision/",
        views.workflow_step,
        {"step": "review"},
        name="agreement_review",
    ),
    path("samarbejdsaftaler/<int:pk>/afslut/", views.workflow_step, {"step": "end"}, name="agreement_end"),
]
