"""Inviting people: the user exists (role, units, no usable password) from the moment they are invited;
the invitation e-mail's single-use link lets them set a password (or sends them to single sign-on).

Call these inside transaction.atomic: each records what it changes, and an invitation e-mail is
queued only once the transaction has committed (core.sending sends it exactly once).
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from volunteers.models import Organisation, Role, Unit, User

from .models import Invitation


class InvitationError(Exception):
    """The step is not possible; the message says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def split_name(name: str) -> tuple[str, str]:
    """First and last name of a full name: split at the last space (as the volunteer import does)."""
    first, _space, last = " ".join(name.split()).rpartition(" ")
    return (first, last) if first else (last, "")


def email_taken(email: str, exclude: User | None = None) -> bool:
    """Whether a user (of any organisation: the e-mail address is the user name) already has it."""
    users = User.objects.filter(email__iexact=email.strip()) | User.objects.filter(
        username__iexact=email.strip()
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.exists()


def unit_problem(role: str, units: Iterable[Unit]) -> str | None:
    """What is wrong with these units for the role, or None."""
    if role == Role.COORDINATOR and not list(units):
        return _("A volunteer coordinator must belong to at least one unit.")
    return None


def _record(user: User, invited_by: User | None) -> Invitation:
    from .tasks import send_invitation  # the tasks import this module's models

    invitation = Invitation.objects.create(
        user=user, invited_by=invited_by, expires_at=Invitation.default_expiry()
    )
    transaction.on_commit(partial(send_invitation.delay, invitation.pk))
    return invitation


def invite(
    organisation: Organisation,
    email: str,
    name: str,
    role: str,
    units: Iterable[Unit],
    invited_by: User | None,
    *,
    job_title: str = "",
) -> Invitation:
    """Create the user (user name: the e-mail address in lower case; no usable password) and their
    invitation, whose e-mail is sent once the transaction has committed."""
    email = email.strip()
    units = list(units)
    if email_taken(email):
        raise InvitationError(
            _("A user with the e-mail address %(email)s already exists.") % {"email": email}
        )
    if problem := unit_problem(role, units):
        raise InvitationError(problem)
    if any(unit.organisation_id != organisation.pk for unit in units):
        raise InvitationError(_("The units must belong to the organisation."))
    first_name, last_name = split_name(name)
    user = User(
        username=email.lower(),
        email=email,
        first_name=first_name[:150],
        last_name=last_name[:150],
        organisation=organisation,
        role=role,
        job_title=job_title,
    )
    user.set_unusable_password()
    user.save()
    user.units.set(units)
    return _record(user, invited_by)


def open_invitations(user: User):
    return user.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def can_resend(user: User) -> bool:
    """A new invitation is for someone who has not yet got in."""
    return user.last_login is None and not user.invitations.filter(accepted_at__isnull=False).exists()


def resend(user: User, by: User | None) -> Invitation:
    """A new invitation with a new link; the open one's link stops working. The user is active again if
    revoking the earlier invitation had deactivated them."""
    if not can_resend(user):
        raise InvitationError(_("%(user)s has already accepted the invitation.") % {"user": user})
    now = timezone.now()
    open_invitations(user).update(revoked_at=now)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return _record(user, by)


def revoke(invitation: Invitation) -> None:
    """The link stops working; a user who has never logged in is deactivated too (nobody is left with
    a user they cannot use)."""
    if not invitation.is_open():
        raise InvitationError(_("The invitation is no longer open."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    user = invitation.user
    if user.last_login is None and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])


def lock_open(pk: int) -> Invitation | None:
    """The invitation, locked until the transaction ends (accepting is single-use even when the link is
    opened twice at once); None if there is none."""
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("user__organisation")
        .filter(pk=pk)
        .first()
    )


def accept(invitation: Invitation, password: str | None) -> User:
    """Accept the invitation: the link is used up; with a password (organisations with password
    login), it becomes the user's. Call with an invitation from lock_open()."""
    if not invitation.is_open() or not invitation.user.is_active:
        raise InvitationError(_("The invitation is no longer open."))
    user = invitation.user
    now = timezone.now()
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    # Any other open link of theirs is used up too.
    open_invitations(user).exclude(pk=invitation.pk).update(revoked_at=now)
    return user


def deactivate_problem(user: User, by: User) -> str | None:
    """Why the user may not be deactivated by `by`, or None."""
    if user.pk == by.pk:
        return _("You cannot deactivate yourself.")
    if user.role == Role.ADMINISTRATOR and user.is_active and not other_active_administrators(user).exists():
        return _("%(user)s is the organisation's last active administrator.") % {"user": user}
    return None


def other_active_administrators(user: User):
    return User.objects.filter(
        organisation=user.organisation, role=Role.ADMINISTRATOR, is_active=True
    ).exclude(pk=user.pk)


def deactivate(user: User, by: User) -> None:
    """The user can no longer log in; nothing is deleted, their history stays theirs. Open invitations
    are revoked."""
    if problem := deactivate_problem(user, by):
        raise InvitationError(problem)
    user.is_active = False
    user.save(update_fields=["is_active"])
    open_invitations(user).update(revoked_at=timezone.now())


def activate(user: User) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])


def units_left_without_coordinator(user: User) -> list[Unit]:
    """The units of which the user is the only active coordinator: deactivating them leaves these units
    with nobody to look after their volunteers and agreements."""
    if user.role != Role.COORDINATOR:
        return []
    colleagues = Q(staff__is_active=True, staff__role=Role.COORDINATOR) & ~Q(staff__pk=user.pk)
    # From Unit itself: on user.units the count would reuse the manager's join and see only this user.
    own = Unit.objects.filter(staff=user).values("pk")
    units = Unit.objects.filter(pk__in=own).annotate(colleagues=Count("staff", filter=colleagues))
    return list(units.filter(colleagues=0).order_by("name"))
