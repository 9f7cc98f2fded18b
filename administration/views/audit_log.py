"""The audit log, read in the app by the organisation's administrators."""

from django.shortcuts import render

from volunteers.access import OrganisationRequest, role_required
from volunteers.models import Role


@role_required(Role.ADMINISTRATOR)
def audit_log(request: OrganisationRequest):
    return render(request, "administration/audit_log.html", {})
