from django.urls import path

from . import import_views, views

app_name = "volunteers"
urlpatterns = [
    path("enheder/", views.unit_list, name="unit_list"),
    path("enheder/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("enheder/<int:pk>/rediger/", views.unit_edit, name="unit_edit"),
    path("frivillige/", views.volunteer_list, name="volunteer_list"),
    path("frivillige/eksport/<str:fmt>/", views.volunteer_export, name="volunteer_export"),
    path("frivillige/ny/", views.volunteer_create, name="volunteer_create"),
    path("frivillige/anonymisering/", views.anonymisation_list, name="anonymisation_list"),
    path("frivillige/import/", import_views.volunteer_import, name="volunteer_import"),
    path(
        "frivillige/import/skabelon.xlsx",
        import_views.volunteer_import_template,
        name="volunteer_import_template",
    ),
    path(
        "frivillige/import/<str:token>/",
        import_views.volunteer_import_preview,
        name="volunteer_import_preview",
    ),
    path("frivillige/mangfoldighed/", views.diversity, name="diversity"),
    path("frivillige/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("frivillige/<int:pk>/rediger/", views.volunteer_edit, name="volunteer_edit"),
    path("frivillige/<int:pk>/uddannelse/", views.volunteer_training_add, name="volunteer_training_add"),
    path("frivillige/<int:pk>/afslut/", views.volunteer_end, name="volunteer_end"),
    path("frivillige/<int:pk>/persondata/", views.volunteer_data, name="volunteer_data"),
    path("frivillige/<int:pk>/persondata.json", views.volunteer_data_json, name="volunteer_data_json"),
    path("frivillige/<int:pk>/anonymiser/", views.volunteer_anonymise, name="volunteer_anonymise"),
    path("aktiviteter/", views.activity_list, name="activity_list"),
    path("aktiviteter/ny/", views.activity_create, name="activity_create"),
    path("aktiviteter/<int:pk>/rediger/", views.activity_edit, name="activity_edit"),
    path("frivilligorganisationer/", views.volunteer_organisation_list, name="volunteer_organisation_list"),
    path(
        "frivilligorganisationer/ny/",
        views.volunteer_organisation_create,
        name="volunteer_organisation_create",
    ),
    path(
        "frivilligorganisationer/<int:pk>/",
        views.volunteer_organisation_detail,
        name="volunteer_organisation_detail",
    ),
    path(
        "frivilligorganisationer/<int:pk>/rediger/",
        views.volunteer_organisation_edit,
        name="volunteer_organisation_edit",
    ),
    path("notifikationer/", views.notification_list, name="notification_list"),
]
