from django.urls import path

from . import meeting_views, pdf_views, views

app_name = "meetings"
urlpatterns = [
    path("organer/", views.body_list, name="body_list"),
    path("organer/<int:pk>/", views.body_detail, name="body_detail"),
    path("moeder/<int:pk>/dagsorden.pdf", pdf_views.agenda_pdf, name="agenda_pdf"),
    path("moeder/<int:pk>/referat.pdf", pdf_views.minutes_pdf, name="minutes_pdf"),
    path("organer/ny/", views.body_create, name="body_create"),
    path("organer/<int:pk>/rediger/", views.body_edit, name="body_edit"),
    path("organer/<int:pk>/medlemmer/ny/", views.membership_create, name="membership_create"),
    path("medlemmer/<int:pk>/rediger/", views.membership_edit, name="membership_edit"),
    path(
        "medlemmer/<int:pk>/kalender/ny-adresse/",
        views.membership_calendar_reset,
        name="membership_calendar_reset",
    ),
    path("organer/<int:pk>/pladser/ny/", views.seat_category_create, name="seat_category_create"),
    path("pladser/<int:pk>/rediger/", views.seat_category_edit, name="seat_category_edit"),
    path("organer/<int:pk>/moedeplaner/ny/", views.plan_create, name="plan_create"),
    path("moedeplaner/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("moedeplaner/<int:pk>/godkend/", views.plan_approve, name="plan_approve"),
    path("moeder/<int:pk>/moede.ics", views.meeting_ics, name="meeting_ics"),
    path("kalender/<str:token>.ics", views.body_calendar_feed, name="body_calendar_feed"),
    path("organer/<int:pk>/moeder/ny/", meeting_views.meeting_create, name="meeting_create"),
    path("moeder/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("moeder/<int:pk>/rediger/", meeting_views.meeting_edit, name="meeting_edit"),
    path("moeder/<int:pk>/punkter/ny/", meeting_views.item_create, name="item_create"),
    path("moeder/<int:pk>/rettelse/", meeting_views.revision_create, name="revision_create"),
    path("punkter/<int:pk>/rediger/", meeting_views.item_edit, name="item_edit"),
    path("punkter/<int:pk>/flyt/", meeting_views.item_move, name="item_move"),
    path("punkter/<int:pk>/slet/", meeting_views.item_delete, name="item_delete"),
    path("punkter/<int:pk>/bilag/ny/", meeting_views.attachment_add, name="attachment_add"),
    path("punkter/<int:pk>/links/ny/", meeting_views.link_add, name="link_add"),
    path("punkter/<int:pk>/beslutning/", meeting_views.decision_edit, name="decision_edit"),
    path("punkter/<int:pk>/opgaver/ny/", meeting_views.task_create, name="task_create"),
    path("bilag/<int:pk>/", meeting_views.attachment_download, name="attachment_download"),
    path("opgaver/<int:pk>/udfoert/", meeting_views.task_done, name="task_done"),
    # Last: the workflow's steps by name (publish, held, draft-minutes, approve).
    path("moeder/<int:pk>/<str:step>/", meeting_views.meeting_step, name="meeting_step"),
]
