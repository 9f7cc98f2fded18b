from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Getting in: invitations, single sign-on through the organisation's identity provider and the
    administrators' second factor."""

    name = "accounts"
    verbose_name = _("Accounts")
