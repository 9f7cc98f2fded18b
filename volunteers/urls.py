from django.urls import path

from .views import activities, imports, notifications, organisations, units, volunteers

app_name = "volunteers"
urlpatterns = [
    path("enheder/", units.unit_list, name="unit_list"),
    path("enheder/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("enheder/<int:pk>/rediger/", units.unit_edit, name="unit_edit"),
    path("frivillige/", volunteers.volunteer_list, name="volunteer_list"),
    path("frivillige/eksport/<str:fmt>/", volunteers.volunteer_export, name="volunteer_export"),
    path("frivillige/ny/", volunteers.volunteer_create, name="volunteer_create"),
    path("frivillige/anonymisering/", volunteers.anonymisation_list, name="anonymisation_list"),
    path("frivillige/import/", imports.volunteer_import, name="volunteer_import"),
    path(
        "frivillige/import/skabelon.xlsx", imports.volunteer_import_template, name="volunteer_import_template"
    ),
    path("frivillige/import/<int:pk>/", imports.volunteer_import_preview, name="volunteer_import_preview"),
    path("frivillige/mangfoldighed/", volunteers.diversity, name="diversity"),
    path("frivillige/<int:pk>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path("frivillige/<int:pk>/rediger/", volunteers.volunteer_edit, name="volunteer_edit"),
    path("frivillige/<int:pk>/uddannelse/", volunteers.volunteer_training_add, name="volunteer_training_add"),
    path("frivillige/<int:pk>/afslut/", volunteers.volunteer_end, name="volunteer_end"),
    path("frivillige/<int:pk>/persondata/", volunteers.volunteer_data, name="volunteer_data"),
    path("frivillige/<int:pk>/persondata.json", volunteers.volunteer_data_json, name="volunteer_data_json"),
    path("frivillige/<int:pk>/anonymiser/", volunteers.volunteer_anonymise, name="volunteer_anonymise"),
    path("aktiviteter/", activities.activity_list, name="activity_list"),
    path("aktiviteter/ny/", activities.activity_create, name="activity_create"),
    path("aktiviteter/<int:pk>/rediger/", activities.activity_edit, name="activity_edit"),
    path(
        "frivilligorganisationer/",
        organisations.volunteer_organisation_list,
        name="volunteer_organisation_list",
    ),
    path(
        "frivilligorganisationer/ny/",
        organisations.volunteer_organisation_create,
        name="volunteer_organisation_create",
    ),
    path(
        "frivilligorganisationer/<int:pk>/",
        organisations.volunteer_organisation_detail,
        name="volunteer_organisation_detail",
    ),
    path(
        "frivilligorganisationer/<int:pk>/rediger/",
        organisations.volunteer_organisation_edit,
        name="volunteer_organisation_edit",
    ),
    path("notifikationer/", notifications.notification_list, name="notification_list"),
    path("notifikationer/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("notifikationer/e-mail/", notifications.notification_settings, name="notification_settings"),
]
