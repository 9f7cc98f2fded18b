from django.urls import path

from .views import audit_log, organisation, start, units

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
]
