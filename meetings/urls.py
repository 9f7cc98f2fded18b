from django.urls import path

from .views import attendance, bodies, calendars, follow_ups, meetings, minutes, pdfs, plans, public

app_name = "meetings"
urlpatterns = [
    path("organer/", bodies.body_list, name="body_list"),
    path("organer/<int:pk>/", bodies.body_detail, name="body_detail"),
    # The worker makes these PDFs (the documents app): their addresses answer with a waiting page until
    # the file is ready, so they do not end in ".pdf" (tests/test_pdf_links.py).
    path("moeder/<int:pk>/dagsorden/", pdfs.agenda_pdf, name="agenda_pdf"),
    path("moeder/<int:pk>/referat/", pdfs.minutes_pdf, name="minutes_pdf"),
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
    path("moeder/<int:pk>/referat/skriv/", minutes.minutes_write, name="minutes_write"),
    path("punkter/<int:pk>/opgaver/ny/", follow_ups.task_create, name="task_create"),
    path("bilag/<int:pk>/", meetings.attachment_download, name="attachment_download"),
    path("opgaver/<int:pk>/udfoert/", follow_ups.task_done, name="task_done"),
    path("opfoelgning/beslutninger/", follow_ups.follow_up_list, name="follow_up_list"),
    path("opfoelgning/beslutninger/eksport.xlsx", follow_ups.follow_up_export, name="follow_up_export"),
    path("opfoelgning/beslutninger/<int:pk>/", follow_ups.follow_up_detail, name="follow_up_detail"),
    path("opfoelgning/beslutninger/<int:pk>/rediger/", follow_ups.follow_up_edit, name="follow_up_edit"),
    path("opfoelgning/beslutninger/<int:pk>/status/", follow_ups.follow_up_status, name="follow_up_status"),
    path("organer/<int:pk>/opfoelgning/ny/", follow_ups.follow_up_create, name="follow_up_create"),
    path(
        "moeder/<int:pk>/punkter/opfoelgning/",
        follow_ups.follow_up_agenda_item,
        name="follow_up_agenda_item",
    ),
    # The public version of public bodies' agendas and minutes, without login.
    path("offentlig/<int:organisation>/", public.public_bodies, name="public_bodies"),
    path("offentlig/organer/<int:pk>/", public.public_body, name="public_body"),
    path("offentlig/moeder/<int:pk>/", public.public_meeting, name="public_meeting"),
    # Made by the worker: addresses without ".pdf", as they answer a waiting page until the file is ready.
    path("offentlig/moeder/<int:pk>/dagsorden/", public.public_agenda_pdf, name="public_agenda_pdf"),
    path("offentlig/moeder/<int:pk>/referat/", public.public_minutes_pdf, name="public_minutes_pdf"),
    path("offentlig/bilag/<int:pk>/", public.public_attachment, name="public_attachment"),
    # Last: the workflow's steps by name (publish, held, draft-minutes, approve).
    path("moeder/<int:pk>/<str:step>/", meetings.meeting_step, name="meeting_step"),
]
