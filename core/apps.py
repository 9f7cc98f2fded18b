from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Domain-free mechanisms every app uses: lists, PDFs, sending once, rate limits, storage, outages.

    The bottom layer: it imports none of the project's apps.
    """

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import lookups  # noqa: F401 -- registers the lookups
