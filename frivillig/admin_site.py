"""The Django admin is the platform operators' tool (superusers): an organisation's administrators set
their organisation up in the app's own Administration pages (issue 13).

Used as the default admin site by FrivilligAdminConfig (settings.INSTALLED_APPS), so every app's
``admin.site.register`` lands here."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache


class FrivilligAdminSite(admin.AdminSite):
    # The app's name, the same in every language; Django's own labels in the admin follow the language.
    site_header = "frivillig"
    site_title = "frivillig"
    index_title = _("Platform administration")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        """Everyone logs in on the app's own login page (single sign-on, the second factor); someone
        logged in who is not a platform operator is refused here."""
        from django.contrib.auth.views import redirect_to_login  # not at the top: settings import this module

        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


class FrivilligAdminConfig(AdminConfig):
    default_site = "frivillig.admin_site.FrivilligAdminSite"
