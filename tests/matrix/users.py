"""Users and invitations (issue 13): only the administrator reaches the users pages; the acceptance page
is public (its link is the invited person's key). Another organisation's users do not exist (404)."""

from django.utils import timezone

from accounts.models import Invitation
from tests.matrix import PUBLIC, statuses
from volunteers.models import Import, Role

ADMINISTRATOR_ONLY = statuses(302, 403, 403, 403, 200)
#: POST only: the administrator's GET is refused (405); everyone else is refused before (403).
ADMINISTRATOR_POST = statuses(302, 403, 403, 403, 405)


def _coordinator(r):
    return {"pk": r.users[Role.COORDINATOR].pk}


def _open_invitation(r):
    invitation = Invitation.objects.create(
        user=r.users[Role.COORDINATOR], expires_at=Invitation.default_expiry()
    )
    return {"token": invitation.token}


def _administrators_import(r):
    """A file of users the administrator uploaded, still being read: its page is theirs alone
    (tests/test_user_import.py covers a colleague's)."""
    upload = Import.objects.create(
        organisation=r.organisation,
        kind=Import.Kind.USERS,
        uploaded_by=r.users[Role.ADMINISTRATOR],
        file_name="brugere.xlsx",
        language="da",
        queued_at=timezone.now(),
    )
    return {"pk": upload.pk}


def _others(r, o):
    return {"pk": o.users[Role.COORDINATOR].pk}


ENTRIES = {
    "accounts:invitation": (_open_invitation, PUBLIC),
    "administration:user_list": (lambda r: {}, ADMINISTRATOR_ONLY),
    "administration:user_invite": (lambda r: {}, ADMINISTRATOR_ONLY),
    "administration:user_import": (lambda r: {}, ADMINISTRATOR_ONLY),
    "administration:user_import_template": (lambda r: {}, ADMINISTRATOR_ONLY),
    "administration:user_import_preview": (_administrators_import, ADMINISTRATOR_ONLY),
    "administration:user_detail": (_coordinator, ADMINISTRATOR_ONLY),
    "administration:user_edit": (_coordinator, ADMINISTRATOR_ONLY),
    "administration:user_deactivate": (_coordinator, ADMINISTRATOR_ONLY),
    "administration:user_resend": (_coordinator, ADMINISTRATOR_POST),
    "administration:user_revoke": (_coordinator, ADMINISTRATOR_POST),
    "administration:user_activate": (_coordinator, ADMINISTRATOR_POST),
}

OUTSIDER_CASES = [
    (name, _others, ["administrator"])
    for name in [
        "administration:user_detail",
        "administration:user_edit",
        "administration:user_deactivate",
        "administration:user_resend",
        "administration:user_revoke",
        "administration:user_activate",
    ]
] + [("administration:user_import_preview", lambda r, o: _administrators_import(o), ["administrator"])]
