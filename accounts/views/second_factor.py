"""The second-factor pages: the code after a password login, the first setup of an authenticator app,
new recovery codes (accounts/second_factor.py holds the rules)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.pages import confirm_page, confirmed, form_page

from .. import second_factor
from ..forms import CodeForm


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """After a password login: a code from the authenticator app, or a recovery code."""
    if not second_factor.waiting(request):
        return redirect("home")
    device = second_factor.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:second_factor_setup")
    form = CodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        second_factor.complete(request, form.device)
        # Not redirect(): it would look the client's "next" up as the name of a view.
        return HttpResponseRedirect(second_factor.next_url(request))
    return form_page(
        request,
        "accounts/second_factor/verify.html",
        form,
        _("Second step of the login"),
        submit_label=_("Log in"),
    )


@never_cache
@sensitive_post_parameters("code")
def setup(request):
    """The first time: the authenticator app is set up from a QR code and confirmed with a code."""
    if not second_factor.waiting(request):
        return redirect("home")
    if second_factor.confirmed_device(request.user) is not None:
        # Only someone who has given the second factor may replace it.
        return redirect("accounts:second_factor")
    device = second_factor.new_totp_device(request.user)
    form = CodeForm(request.POST or None, user=request.user, device=device, recovery=False)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = second_factor.new_recovery_codes(request.user)
        second_factor.complete(request, device)
        return _recovery_codes_shown(request, codes, second_factor.next_url(request))
    return form_page(
        request,
        "accounts/second_factor/setup.html",
        form,
        _("Set up the second step of the login"),
        submit_label=_("Confirm"),
        qr_code=second_factor.qr_code_svg(device),
        secret=second_factor.secret_for_typing(device),
    )


@never_cache
def recovery_codes(request):
    """New recovery codes for someone who has given their second factor in this session."""
    if not request.user.is_verified():
        raise PermissionDenied
    if confirmed(request):
        return _recovery_codes_shown(request, second_factor.new_recovery_codes(request.user), "")
    return confirm_page(
        request,
        "accounts/second_factor/recovery_codes.html",
        forms.Form(),
        _("New recovery codes"),
        consequences=[
            _("You get ten new recovery codes; each can be used once instead of a code from the app."),
            _("Your current recovery codes stop working."),
        ],
        submit_label=_("Make new recovery codes"),
        cancel_url=reverse("accounts:account"),
        left=second_factor.recovery_codes_left(request.user),
    )


def _recovery_codes_shown(request, codes, next_url):
    return render(
        request,
        "accounts/second_factor/recovery_codes_shown.html",
        {"codes": codes, "next_url": next_url or "/"},
    )
