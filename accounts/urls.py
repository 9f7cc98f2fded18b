from django.urls import path

from . import invitation_views
from .views import second_factor

app_name = "accounts"
urlpatterns: list = [
    path("konto/invitation/<str:token>/", invitation_views.accept_invitation, name="invitation"),
    path("konto/totp/", second_factor.verify, name="second_factor"),
    path("konto/totp/opsaet/", second_factor.setup, name="second_factor_setup"),
    path("konto/totp/gendannelseskoder/", second_factor.recovery_codes, name="recovery_codes"),
]
