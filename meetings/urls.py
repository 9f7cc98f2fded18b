from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("organer/", views.body_list, name="body_list"),
    path("organer/<int:pk>/", views.body_detail, name="body_detail"),
]
