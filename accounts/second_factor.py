"""The administrators' second factor (TOTP, django-otp) after a password login.

A password login marks the session; until the person has given a code from their authenticator app (or
a recovery code) the session only reaches the second-factor pages. Single sign-on leaves the second
factor to the organisation's identity provider, so it does not mark the session.

The first time, the administrator sets up an authenticator app (an unconfirmed TOTPDevice, confirmed by
a correct code) and is shown ten recovery codes (a StaticDevice; each code works once)."""

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from volunteers.models import User

SESSION_KEY = "second_factor_required"

#: How many recovery codes an administrator gets at a time.
RECOVERY_CODES = 10

#: What a session waiting for its second factor may still reach (URL names).
OPEN_WHILE_WAITING = {
    "accounts:second_factor",
    "accounts:second_factor_setup",
    "logout",
    "healthz",
    "set_language",
}


def after_password_login(request: HttpRequest, user: User) -> None:
    """Called by the login view once the password was right. The platform's operators (superusers, the
    only ones let into the Django admin) give the second factor too."""
    if user.is_administrator or user.is_superuser:
        request.session[SESSION_KEY] = True


def waiting(request: HttpRequest) -> bool:
    """Whether this session logged in with a password and still owes its second factor."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", {})  # a request made in a test may have neither
    return bool(
        user is not None and user.is_authenticated and session.get(SESSION_KEY) and not user.is_verified()
    )


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def next_url(request: HttpRequest) -> str:
    """Where to go once the second factor is given: the page first asked for, if it is ours."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("home")


class SecondFactorMiddleware:
    """Sends a session that owes its second factor to the second-factor pages from everywhere else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not waiting(request) or request.resolver_match.view_name in OPEN_WHILE_WAITING:
            return None
        name = "accounts:second_factor" if confirmed_device(request.user) else "accounts:second_factor_setup"
        url = reverse(name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


def complete(request: HttpRequest, device: Device) -> None:
    """The second factor was given: the session is verified (django-otp) and no longer waits."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session.pop(SESSION_KEY, None)


def new_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes; the ones before stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=str(_("Recovery codes")), confirmed=True)
        codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_totp_device(user: User) -> TOTPDevice:
    """The device being set up: the same secret until it is confirmed (a reload shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="frivillig", confirmed=False)


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (made here, no outside service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32 in groups of four, for apps where it is typed rather than scanned."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
