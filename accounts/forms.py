"""The forms of getting in: the login page's two (the password, for organisations that allow it, and the
e-mail address that sends a person to their organisation's single sign-on) and the second factor's code."""

from django import forms
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from volunteers.forms.login import LoginForm as BaseLoginForm
from volunteers.models import User


class LoginForm(BaseLoginForm):
    error_messages = {
        **BaseLoginForm.error_messages,
        # Django's own wording names the field "case-sensitive" ("versalfølsomme") in stilted Danish.
        "invalid_login": _("The user name or password is wrong."),
        "sign_on_required": _(
            "Your organisation signs you in with its own login. "
            "Use “Log in with your organisation's login” below."
        ),
    }

    def confirm_login_allowed(self, user):
        """Only after the right password: an organisation that requires single sign-on refuses it (and the
        attempt is recorded as a failed login)."""
        super().confirm_login_allowed(user)
        if user.organisation is not None and not user.organisation.password_login:
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=self.request
            )
            raise forms.ValidationError(self.error_messages["sign_on_required"], code="sign_on_required")


class SignOnForm(forms.Form):
    email = forms.EmailField(
        label=_("Your work e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or, if `recovery` is allowed, a recovery code.

    Each code is checked against its own device, so django-otp's throttling (a wait that doubles with
    each wrong code) counts the attempts on the device that was tried."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, user: User, device: TOTPDevice | None = None, recovery: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.totp_device = device
        self.recovery = recovery
        self.device: Device | None = None
        if recovery:
            self.fields["code"].help_text = _(
                "The six digits your authenticator app shows now, or one of your recovery codes."
            )
        else:
            self.fields["code"].help_text = _("The six digits your authenticator app shows now.")
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def _device_for(self, code: str) -> Device | None:
        if len(code) == 6 and code.isdigit():
            if self.totp_device is not None:
                return TOTPDevice.objects.select_for_update().filter(pk=self.totp_device.pk).first()
            return TOTPDevice.objects.select_for_update().filter(user=self.user, confirmed=True).first()
        if self.recovery:
            return StaticDevice.objects.select_for_update().filter(user=self.user, confirmed=True).first()
        return None

    def clean_code(self) -> str:
        code = _normalised(self.cleaned_data["code"])
        # The errors are raised after the transaction: a wrong code's count for the throttling stays.
        with transaction.atomic():
            device = self._device_for(code)
            allowed = verified = False
            if device is not None:
                allowed = device.verify_is_allowed()[0]
                verified = allowed and device.verify_token(code)
        if device is not None and not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes in a row. Wait a moment and try again."), code="throttled"
            )
        if not verified:
            raise forms.ValidationError(_("The code is not right. Check it and try again."), code="wrong")
        self.device = device
        return code
