"""The administration's start page: where the organisation's set-up is done, with a few counts."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Invitation
from volunteers.access import OrganisationRequest, role_required, scoped
from volunteers.models import Role, Unit, User


@role_required(Role.ADMINISTRATOR)
def index(request: OrganisationRequest):
    now = timezone.now()
    open_invitations = scoped(request, Invitation.objects.all()).filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )
    sections = [
        {
            "title": _("Organisation settings"),
            "url": reverse("administration:organisation"),
            "text": _(
                "Name, contacts for the accessibility statement and the privacy notice, renewal intervals, "
                "retention, reminders and how people sign in."
            ),
        },
        {
            "title": _("Units"),
            "url": reverse("administration:unit_tree"),
            "text": _("The unit tree: create, rename, move and close units."),
            "count": _("%(count)s open units") % {"count": scoped(request, Unit.objects.open()).count()},
        },
        {
            "title": _("Users"),
            "url": reverse("administration:user_list"),
            "text": _("Invite people, change their role and units, deactivate them."),
            "count": _("%(active)s active users, %(open)s open invitations")
            % {
                "active": scoped(request, User.objects.filter(is_active=True)).count(),
                "open": open_invitations.count(),
            },
        },
        {
            "title": _("Single sign-on"),
            "url": reverse("administration:sign_on"),
            "text": _("Sign-in through the organisation's own identity provider (OpenID Connect)."),
        },
        {
            "title": _("Audit log"),
            "url": reverse("administration:audit_log"),
            "text": _("Logins, failed logins and changes to users, units and personal data."),
        },
    ]
    return render(request, "administration/index.html", {"sections": sections})
