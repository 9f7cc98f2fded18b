from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("enheder/", views.unit_list, name="unit_list"),
    path("enheder/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("enheder/<int:pk>/rediger/", views.unit_edit, name="unit_edit"),
    path("frivilligorganisationer/", views.volunteer_organisation_list, name="volunteer_organisation_list"),
    path("notifikationer/", views.notification_list, name="notification_list"),
]
