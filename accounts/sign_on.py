"""Who single sign-on lets in: the rules after the provider has vouched for a person.

Only an active user with the e-mail address (case-insensitive, from the organisation's e-mail claim) in
the organisation whose provider signed them in. Nobody is created here (no self-registration): people
are invited first. The role claim, when set up, may change the user's role at each sign-in."""

import logging
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from volunteers.models import Organisation, Role, User

from .models import Invitation, SignOn
from .oidc import Refused, SignedIn

log = logging.getLogger(__name__)

#: When claim values map to several roles, the one that can do most wins.
ROLE_PRECEDENCE = [Role.ADMINISTRATOR, Role.SECRETARIAT, Role.STEERING_GROUP, Role.COORDINATOR]


def email_from(claims: dict[str, Any], claim: str) -> str:
    value = claims.get(claim)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def organisation_for_email(email: str) -> SignOn | None:
    """The single sign-on a person typing `email` on the login page is sent to: the organisation that
    names the address's domain, or else the organisation of an active user with that address."""
    domain = email.rpartition("@")[2].lower()
    if domain:
        for sign_on in SignOn.objects.select_related("organisation").exclude(email_domains=""):
            if domain in domains(sign_on):
                return sign_on
    user = (
        User.objects.filter(email__iexact=email, is_active=True, organisation__sign_on__isnull=False)
        .select_related("organisation__sign_on")
        .first()
    )
    return user.organisation.sign_on if user and user.organisation else None


def domains(sign_on: SignOn) -> set[str]:
    return {part.strip().lstrip("@").lower() for part in sign_on.email_domains.split(",") if part.strip()}


def admit(signed_in: SignedIn) -> User:
    """The user to log in, with their role from the role claim and their open invitations accepted; or
    Refused (naming the e-mail address, for the failed-login record)."""
    sign_on = signed_in.sign_on
    email = email_from(signed_in.claims, sign_on.email_claim)
    if not email or "@" not in email:
        raise Refused(f"no e-mail address in the claim {sign_on.email_claim!r}", signed_in.organisation)
    if signed_in.claims.get("email_verified") is False:
        raise Refused(f"the provider says {email} is not verified", signed_in.organisation, email)
    users = list(
        User.objects.filter(organisation=signed_in.organisation, email__iexact=email, is_active=True)
    )
    if len(users) != 1:
        found = "no active user" if not users else "several active users"
        raise Refused(f"{found} with {email} in {signed_in.organisation}", signed_in.organisation, email)
    user = users[0]
    with transaction.atomic():
        _apply_role(user, sign_on, signed_in.claims)
        Invitation.objects.filter(user=user, accepted_at__isnull=True, revoked_at__isnull=True).update(
            accepted_at=timezone.now()
        )
    return user


def _apply_role(user: User, sign_on: SignOn, claims: dict[str, Any]) -> None:
    role = mapped_role(sign_on, claims)
    if role is None or role == user.role:
        return
    if role == Role.COORDINATOR and not user.units.exists():
        log.warning(
            "Single sign-on: the groups of %s make them a coordinator, but they have no unit; role %s kept",
            user.email,
            user.role,
        )
        return
    log.info("Single sign-on: %s's role changes from %s to %s (role claim)", user.email, user.role, role)
    user.role = role
    user.save(update_fields=["role"])


def mapped_role(sign_on: SignOn, claims: dict[str, Any]) -> str | None:
    """The role the role claim's values map to (the one that can do most), or None."""
    if not sign_on.role_claim or not sign_on.role_mapping:
        return None
    values = claims.get(sign_on.role_claim) or []
    if isinstance(values, str):
        values = [values]
    roles = {sign_on.role_mapping[str(value)] for value in values if str(value) in sign_on.role_mapping}
    return next((role for role in ROLE_PRECEDENCE if role in roles), None)


def administrators(organisation: Organisation | None) -> QuerySet[User]:
    """Whom to ask: the organisation's active administrators."""
    if organisation is None:
        return User.objects.none()
    return User.objects.filter(organisation=organisation, role=Role.ADMINISTRATOR, is_active=True).order_by(
        "first_name", "last_name", "username"
    )
