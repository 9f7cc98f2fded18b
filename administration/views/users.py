"""The organisation's users: list, invite, change role and units, resend or revoke an invitation,
deactivate and activate. Only the administrator; another organisation's users do not exist (404)."""

from typing import cast

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import invitations
from accounts.models import Invitation
from core.lists import Listing
from core.pages import confirm_page, confirmed, form_page, locked_page
from volunteers.access import OrganisationRequest, get_scoped_or_404, role_required, scoped
from volunteers.models import Organisation, Role, User

from ..forms.users import InviteForm, UserFilter, UserForm, not_accepted

administrator_only = role_required(Role.ADMINISTRATOR)


def administrator(request: OrganisationRequest) -> tuple[Organisation, User]:
    """The organisation and the administrator of a request that administrator_only let in."""
    return cast(Organisation, request.organisation), cast(User, request.user)


def _users(request: OrganisationRequest):
    now = timezone.now()
    open_invitation = Invitation.objects.filter(
        user=OuterRef("pk"), accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )
    return scoped(request, User.objects.all()).annotate(
        has_open_invitation=Exists(open_invitation), not_accepted=not_accepted()
    )


def status(user: User) -> str:
    """Active, deactivated, invited or invitation expired (from _users()'s annotations)."""
    if not user.is_active:
        return _("Deactivated")
    if user.has_open_invitation:  # type: ignore[attr-defined]
        return _("Invited")
    if user.not_accepted:  # type: ignore[attr-defined]
        return _("Invitation expired")
    return _("Active")


def _user(request: OrganisationRequest, pk: int) -> User:
    return get_scoped_or_404(request, _users(request), pk=pk)


@administrator_only
def user_list(request: OrganisationRequest):
    listing = Listing(
        request,
        _users(request).prefetch_related("units"),
        search_fields=["first_name", "last_name", "email"],
        filterset_class=UserFilter,
        sort_fields={
            "name": ("first_name", "last_name"),
            "email": ("email",),
            "role": ("role", "first_name", "last_name"),
            "last_login": ("last_login",),
        },
        default_sort="name",
    )
    rows = [(user, status(user)) for user in listing.page]
    return render(request, "administration/user_list.html", {"listing": listing, "rows": rows})


@administrator_only
def user_invite(request: OrganisationRequest):
    organisation, by = administrator(request)
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                invitation = invitations.invite(
                    organisation,
                    data["email"],
                    data["name"],
                    data["role"],
                    data["units"],
                    by,
                    job_title=data["job_title"],
                )
        except invitations.InvitationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(user)s is invited; the invitation is sent to %(email)s.")
                % {"user": invitation.user, "email": invitation.user.email},
            )
            return redirect("administration:user_detail", pk=invitation.user.pk)
    return form_page(
        request,
        "administration/user_form.html",
        form,
        _("Invite a user"),
        cancel_url=_list_url(),
        submit_label=_("Send the invitation"),
    )


def _list_url() -> str:
    return reverse("administration:user_list")


@administrator_only
def user_detail(request: OrganisationRequest, pk: int):
    user = _user(request, pk)
    history = Invitation.objects.filter(user=user).select_related("invited_by")
    user_invitations = [(invitation, _invitation_state(invitation)) for invitation in history]
    context = {
        "shown": user,
        "status": status(user),
        "units": user.units.all(),
        "invitations": user_invitations,
        "can_resend": invitations.can_resend(user),
        "open_invitation": user.has_open_invitation,  # type: ignore[attr-defined]
        "deactivate_problem": invitations.deactivate_problem(user, administrator(request)[1]),
    }
    return render(request, "administration/user_detail.html", context)


def _invitation_state(invitation: Invitation) -> str:
    if invitation.accepted_at:
        return _("Accepted")
    if invitation.revoked_at:
        return _("Revoked")
    if invitation.expires_at <= timezone.now():
        return _("Expired")
    return _("Open")


@administrator_only
def user_edit(request: OrganisationRequest, pk: int):
    user = get_scoped_or_404(request, User.objects.prefetch_related("units"), pk=pk)
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("%(user)s was saved.") % {"user": user})
        return redirect("administration:user_detail", pk=user.pk)
    return form_page(
        request,
        "administration/user_form.html",
        form,
        _("Edit user"),
        cancel_url=_detail_url(user),
        shown=user,
    )


def _detail_url(user: User) -> str:
    return reverse("administration:user_detail", kwargs={"pk": user.pk})


@administrator_only
def user_resend(request: OrganisationRequest, pk: int):
    user = _user(request, pk)  # another organisation's user: 404, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    invited_before = Invitation.objects.filter(user=user).exists()
    was_active = user.is_active
    try:
        with transaction.atomic():
            invitations.resend(user, administrator(request)[1])
    except invitations.InvitationError as error:
        messages.error(request, error.message)
    else:
        if invited_before:
            message = _("A new invitation is sent to %(email)s; the earlier link no longer works.")
        else:
            message = _("An invitation is sent to %(email)s.")
        message %= {"email": user.email}
        if not was_active:
            message += " " + _("The user is active again.")
        messages.success(request, message)
    return redirect("administration:user_detail", pk=user.pk)


@administrator_only
def user_revoke(request: OrganisationRequest, pk: int):
    user = _user(request, pk)  # another organisation's user: 404, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    with transaction.atomic():
        open_ones = list(invitations.open_invitations(user).select_for_update())
        for invitation in open_ones:
            invitations.revoke(invitation)
    user.refresh_from_db(fields=["is_active"])
    if open_ones and not user.is_active:
        messages.success(
            request,
            _(
                "The invitation of %(user)s is revoked; its link no longer works. As %(user)s has never "
                "logged in, the user is deactivated too; a new invitation activates it again."
            )
            % {"user": user},
        )
    elif open_ones:
        messages.success(
            request, _("The invitation of %(user)s is revoked; its link no longer works.") % {"user": user}
        )
    else:
        messages.error(request, _("%(user)s has no open invitation.") % {"user": user})
    return redirect("administration:user_detail", pk=user.pk)


@administrator_only
def user_deactivate(request: OrganisationRequest, pk: int):
    user = _user(request, pk)
    heading = _("Deactivate user")
    problem = invitations.deactivate_problem(user, administrator(request)[1])
    if problem or not user.is_active:
        return locked_page(
            request,
            "administration/user_locked.html",
            problem or _("%(user)s is already deactivated.") % {"user": user},
            back_url=_detail_url(user),
            heading=heading,
            shown=user,
        )
    form = forms.Form(request.POST or None)
    if confirmed(request) and form.is_valid():
        with transaction.atomic():
            invitations.deactivate(user, administrator(request)[1])
        messages.success(request, _("%(user)s is deactivated and can no longer log in.") % {"user": user})
        return redirect("administration:user_detail", pk=user.pk)
    return confirm_page(
        request,
        "administration/user_confirm.html",
        form,
        heading,
        consequences=[
            _("%(user)s can no longer log in, and open invitations are revoked.") % {"user": user},
            *_without_coordinator(user),
            _("Nothing is deleted: what they have done stays recorded in their name."),
            _("You can activate the user again later."),
        ],
        submit_label=_("Deactivate"),
        cancel_url=_detail_url(user),
        shown=user,
    )


def _without_coordinator(user: User) -> list[str]:
    units = invitations.units_left_without_coordinator(user)
    if not units:
        return []
    names = ", ".join(str(unit) for unit in units)
    return [_("These units will have no active volunteer coordinator: %(units)s.") % {"units": names}]


@administrator_only
def user_activate(request: OrganisationRequest, pk: int):
    user = _user(request, pk)  # another organisation's user: 404, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    with transaction.atomic():
        invitations.activate(user)
    messages.success(request, _("%(user)s is active again and can log in.") % {"user": user})
    return redirect("administration:user_detail", pk=user.pk)
