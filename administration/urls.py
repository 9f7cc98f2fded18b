from django.urls import path

from .views import audit_log, organisation, sign_on, start, units, user_imports, users

app_name = "administration"
urlpatterns: list = [
    path("administration/", start.index, name="index"),
    path("administration/organisation/", organisation.organisation_settings, name="organisation"),
    path("administration/enheder/", units.unit_tree, name="unit_tree"),
    path("administration/enheder/ny/", units.unit_create, name="unit_create"),
    path("administration/enheder/<int:pk>/rediger/", units.unit_edit, name="unit_edit"),
    path("administration/enheder/<int:pk>/luk/", units.unit_close, name="unit_close"),
    path("administration/enheder/<int:pk>/genaabn/", units.unit_reopen, name="unit_reopen"),
    path("administration/log/", audit_log.audit_log, name="audit_log"),
    path("administration/single-sign-on/", sign_on.sign_on_settings, name="sign_on"),
    path("administration/brugere/", users.user_list, name="user_list"),
    path("administration/brugere/inviter/", users.user_invite, name="user_invite"),
    path("administration/brugere/import/", user_imports.user_import, name="user_import"),
    path(
        "administration/brugere/import/skabelon.xlsx",
        user_imports.user_import_template,
        name="user_import_template",
    ),
    path(
        "administration/brugere/import/<int:pk>/",
        user_imports.user_import_preview,
        name="user_import_preview",
    ),
    path("administration/brugere/<int:pk>/", users.user_detail, name="user_detail"),
    path("administration/brugere/<int:pk>/rediger/", users.user_edit, name="user_edit"),
    path("administration/brugere/<int:pk>/inviter-igen/", users.user_resend, name="user_resend"),
    path("administration/brugere/<int:pk>/tilbagekald/", users.user_revoke, name="user_revoke"),
    path("administration/brugere/<int:pk>/deaktiver/", users.user_deactivate, name="user_deactivate"),
    path("administration/brugere/<int:pk>/aktiver/", users.user_activate, name="user_activate"),
]
