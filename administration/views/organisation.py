"""The organisation's own settings."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pages import form_page
from volunteers.access import OrganisationRequest, role_required
from volunteers.models import Organisation, Role

from ..forms.organisation import OrganisationForm


@role_required(Role.ADMINISTRATOR)
def organisation_settings(request: OrganisationRequest):
    # A fresh row (not the request's lazy one), so that a refused form does not change what the page shows.
    organisation = Organisation.objects.get(pk=request.organisation.pk)  # type: ignore[union-attr]
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The organisation's settings were saved."))
        return redirect("administration:organisation")
    return form_page(
        request,
        "administration/organisation_form.html",
        form,
        _("Organisation settings"),
        cancel_url=reverse("administration:index"),
    )
