from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdministrationConfig(AppConfig):
    """The administrator's pages: the organisation's settings, units, users and audit log."""

    name = "administration"
    verbose_name = _("Administration")
