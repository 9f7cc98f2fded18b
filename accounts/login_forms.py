"""The login page's two forms: the password (for organisations that allow it) and the e-mail address that
sends a person to their organisation's single sign-on."""

from django import forms
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from volunteers.forms.login import LoginForm as BaseLoginForm


class LoginForm(BaseLoginForm):
    error_messages = {
        **BaseLoginForm.error_messages,
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
