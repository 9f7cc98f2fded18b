"""The administrators' second factor (TOTP, django-otp) after a password login.

A password login marks the session; until the person has given a code from their authenticator app (or
a recovery code) the session only reaches the second-factor pages. Single sign-on leaves the second
factor to the organisation's identity provider, so it does not mark the session."""

from django.http import HttpRequest

from volunteers.models import User

SESSION_KEY = "second_factor_required"


def after_password_login(request: HttpRequest, user: User) -> None:
    """Called by the login view once the password was right."""
    if user.is_administrator:
        request.session[SESSION_KEY] = True
