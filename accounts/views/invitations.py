"""Accepting an invitation: the link from the e-mail, used once.

An open invitation shows a form to choose a password (then the person is logged in), or, where the
organisation signs in only through single sign-on, a button to its sign-in. A link that has expired, has
been used or revoked is refused with 410 Gone and a page saying which; a link that was not made here
(tampered, cut short) or whose invitation no longer exists is 404. Refusing changes nothing.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import invitations
from ..models import Invitation
from ..second_factor import after_password_login

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _refusal(invitation: Invitation | None) -> tuple[str, int] | None:
    """Why the link does not work ('tampered', 'used', 'revoked', 'expired') and the status; None if open."""
    if invitation is None:
        return "tampered", 404
    if invitation.accepted_at is not None:
        return "used", 410
    if invitation.revoked_at is not None or not invitation.user.is_active:
        return "revoked", 410
    if invitation.expires_at <= timezone.now():
        return "expired", 410
    return None


@login_not_required
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def accept_invitation(request, token):
    pk = Invitation.pk_from_token(token)
    with transaction.atomic():
        invitation = invitations.lock_open(pk) if pk is not None else None
        refused = _refusal(invitation)
        if invitation is None or refused is not None:
            reason, status = refused or ("tampered", 404)
            return render(request, "accounts/invitation_refused.html", {"reason": reason}, status=status)
        user = invitation.user
        organisation = user.organisation
        if organisation is not None and not organisation.password_login:
            return render(
                request,
                "accounts/invitation_sign_on.html",
                {"invitation": invitation, "invited": user, "organisation": organisation},
            )
        form = SetPasswordForm(user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            invitations.accept(invitation, form.cleaned_data["new_password1"])
            login(request, user, backend=LOGIN_BACKEND)
            after_password_login(request, user)
            messages.success(request, _("Welcome to frivillig. Your password is saved."))
            return redirect("home")
    context = {"form": form, "invited": user, "organisation": organisation}
    return render(request, "accounts/invitation_accept.html", context)
