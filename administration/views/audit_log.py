"""The audit log, read in the app by the organisation's administrators."""

from django.shortcuts import render

from core.lists import Listing
from volunteers.access import OrganisationRequest, role_required
from volunteers.models import Role

from ..audit_entries import describe
from ..forms.audit_log import AuditLogFilter


@role_required(Role.ADMINISTRATOR)
def audit_log(request: OrganisationRequest):
    listing = Listing(request, None, filterset_class=AuditLogFilter)
    rows = describe(list(listing.page.object_list), request.organisation.pk)  # type: ignore[union-attr]
    return render(request, "administration/audit_log.html", {"listing": listing, "entries": rows})
