"""The organisation's single sign-on settings (administrators only)."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import oidc
from accounts.models import SignOn
from core.pages import form_page
from volunteers.access import OrganisationRequest, role_required
from volunteers.models import Role

from ..forms.sign_on import SignOnForm


@role_required(Role.ADMINISTRATOR)
def sign_on_settings(request: OrganisationRequest):
    organisation = request.organisation
    assert organisation is not None  # role_required: a user of an organisation  # nosec B101
    sign_on = SignOn.objects.filter(organisation=organisation.pk).first() or SignOn(
        organisation_id=organisation.pk
    )
    secret_stored = bool(sign_on.client_secret_encrypted)
    form = SignOnForm(request.POST or None, instance=sign_on)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The single sign-on settings were saved."))
        return redirect("administration:sign_on")
    return form_page(
        request,
        "administration/sign_on_form.html",
        form,
        _("Single sign-on"),
        cancel_url=reverse("administration:index"),
        secret_stored=secret_stored,
        redirect_uri=oidc.callback_url(),
        logout_uri=settings.SITE_URL + reverse("login"),
        start_url=settings.SITE_URL + reverse("accounts:sign_on_start", args=[organisation.pk]),
        password_login=organisation.password_login,
    )
