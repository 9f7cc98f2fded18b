"""The administration's start page: where the organisation's set-up is done, with a few counts."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Invitation
from volunteers.access import OrganisationRequest, role_required, scoped
from volunteers.models import Role, Unit, User


@role_required(Role.ADMINISTRATOR)
def index(request: OrganisationRequest):
    now = timezone.now()
    invited = (
        scoped(request, Invitation.objects.all())
        .filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
        .count()
    )
    units = scoped(request, Unit.objects.open()).count()
    users = scoped(request, User.objects.filter(is_active=True)).count()
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
            "count": ngettext("%(count)s open unit", "%(count)s open units", units) % {"count": units},
        },
        {
            "title": _("Users"),
            "url": reverse("administration:user_list"),
            "text": _("Invite people, change their role and units, deactivate them."),
            "count": ", ".join(
                [
                    ngettext("%(count)s active user", "%(count)s active users", users) % {"count": users},
                    ngettext("%(count)s open invitation", "%(count)s open invitations", invited)
                    % {"count": invited},
                ]
            ),
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
