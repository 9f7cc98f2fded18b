from django.urls import path

from .views import attendance, bodies, calendars, meetings, pdfs, plans

app_name = "meetings"
urlpatterns = [
    path("organer/", bodies.body_list, name="body_list"),
    path("organer/<int:pk>/", bodies.body_detail, name="body_detail"),
    path("moeder/<int:pk>/dagsorden.pdf", pdfs.agenda_pdf, name="agenda_pdf"),
    path("moeder/<int:pk>/referat.pdf", pdfs.minutes_pdf, name="minutes_pdf"),
    path("organer/ny/", bodies.body_create, name="body_create"),
    path("organer/<int:pk>/rediger/", bodies.body_edit, name="body_edit"),
    path("organer/<int:pk>/medlemmer/ny/", bodies.membership_create, name="membership_create"),
    path("medlemmer/<int:pk>/rediger/", bodies.membership_edit, name="membership_edit"),
    path(
        "medlemmer/<int:pk>/kalender/ny-adresse/",
        calendars.membership_calendar_reset,
        name="membership_calendar_reset",
    ),
    path("organer/<int:pk>/pladser/ny/", bodies.seat_category_create, name="seat_category_create"),
    path("pladser/<int:pk>/rediger/", bodies.seat_category_edit, name="seat_category_edit"),
    path("organer/<int:pk>/moedeplaner/ny/", plans.plan_create, name="plan_create"),
    path("moedeplaner/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("moedeplaner/<int:pk>/godkend/", plans.plan_approve, name="plan_approve"),
    path("moeder/<int:pk>/moede.ics", calendars.meeting_ics, name="meeting_ics"),
    path("kalender/<str:token>.ics", calendars.body_calendar_feed, name="body_calendar_feed"),
    path("kalender/<str:token>/afbud/", attendance.apologies, name="apologies"),
    path("moeder/<int:pk>/deltagere/", attendance.attendance, name="attendance"),
    path("organer/<int:pk>/moeder/ny/", meetings.meeting_create, name="meeting_create"),
    path("moeder/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("moeder/<int:pk>/rediger/", meetings.meeting_edit, name="meeting_edit"),
    path("moeder/<int:pk>/punkter/ny/", meetings.item_create, name="item_create"),
    path("moeder/<int:pk>/rettelse/", meetings.revision_create, name="revision_create"),
    path("punkter/<int:pk>/rediger/", meetings.item_edit, name="item_edit"),
    path("punkter/<int:pk>/flyt/", meetings.item_move, name="item_move"),
    path("punkter/<int:pk>/slet/", meetings.item_delete, name="item_delete"),
    path("punkter/<int:pk>/bilag/ny/", meetings.attachment_add, name="attachment_add"),
    path("punkter/<int:pk>/links/ny/", meetings.link_add, name="link_add"),
    path("punkter/<int:pk>/beslutning/", meetings.decision_edit, name="decision_edit"),
    path("punkter/<int:pk>/opgaver/ny/", meetings.task_create, name="task_create"),
    path("bilag/<int:pk>/", meetings.attachment_download, name="attachment_download"),
    path("opgaver/<int:pk>/udfoert/", meetings.task_done, name="task_done"),
    # Last: the workflow's steps by name (publish, held, draft-minutes, approve).
    path("moeder/<int:pk>/<str:step>/", meetings.meeting_step, name="meeting_step"),
]
