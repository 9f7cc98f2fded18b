from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("dokumenter/<int:pk>/", views.document_status, name="document_status"),
    path("dokumenter/<int:pk>/hent/", views.document_download, name="document_download"),
]
