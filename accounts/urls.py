from django.urls import path

from .views import account, invitations, second_factor, sign_on

app_name = "accounts"
urlpatterns: list = [
    path("konto/", account.account, name="account"),
    path("konto/sso/", sign_on.sign_on, name="sign_on"),
    path("konto/sso/<int:organisation>/", sign_on.sign_on_start, name="sign_on_start"),
    path("konto/sso/retur/", sign_on.sign_on_callback, name="sign_on_callback"),
    path("konto/totp/", second_factor.verify, name="second_factor"),
    path("konto/totp/opsaet/", second_factor.setup, name="second_factor_setup"),
    path("konto/totp/gendannelseskoder/", second_factor.recovery_codes, name="recovery_codes"),
    path("konto/invitation/<str:token>/", invitations.accept_invitation, name="invitation"),
]
