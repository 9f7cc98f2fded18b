"""Logging in (the password, or the way to single sign-on) and out (of the provider too, where it
offers that), and the request for a password reset."""

from django.conf import settings
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import LoginView, PasswordResetView
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ratelimit import RateLimit

from .. import oidc
from ..forms import LoginForm, SignOnForm
from ..models import SignOn
from ..second_factor import after_password_login


class Login(LoginView):
    """Django's login view (django-axes watches its authenticate()), with the single sign-on form beside
    the password form; an administrator's password login goes on to the second factor."""

    authentication_form = LoginForm
    sign_on_form: SignOnForm | None = None

    def form_valid(self, form):
        response = super().form_valid(form)
        after_password_login(self.request, form.get_user())
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sign_on_form"] = self.sign_on_form or SignOnForm()
        context["offers_sign_on"] = SignOn.objects.exists()
        return context


login = Login.as_view()

#: Password reset mails per e-mail address, and requests per client address, in an hour.
RESETS_PER_EMAIL = RateLimit("password-reset-emails", limit=3)
RESETS_PER_CLIENT = RateLimit("password-resets", limit=10)


class PasswordReset(PasswordResetView):
    """Django's, with a limit per e-mail address and per client: past it no more mails go out, and the
    answer is the same "sent" page as ever, so it tells nothing about the address or the limit."""

    def form_valid(self, form):
        client = RESETS_PER_CLIENT.key(self.request, "all")
        email = RESETS_PER_EMAIL.email_key(form.cleaned_data["email"], "all")
        if RESETS_PER_CLIENT.exceeded(client) or RESETS_PER_EMAIL.exceeded(email):
            return HttpResponseRedirect(self.get_success_url())
        RESETS_PER_CLIENT.count(client)
        RESETS_PER_EMAIL.count(email)
        return super().form_valid(form)


password_reset = PasswordReset.as_view()


def login_page(request, sign_on_form: SignOnForm, status: int = 200):
    """The login page again, with the single sign-on form's errors."""
    context = {"form": LoginForm(request), "sign_on_form": sign_on_form, "offers_sign_on": True}
    return render(request, "registration/login.html", context, status=status)


@require_POST
def logout(request):
    """End the app's session; a session from single sign-on then goes on to the provider's logout, which
    sends the person back to the login page."""
    organisation_id = request.session.get(oidc.ORGANISATION_KEY)
    id_token = request.session.get(oidc.ID_TOKEN_KEY)
    auth_logout(request)
    provider_logout = (
        oidc.logout_url(request, organisation_id, id_token) if organisation_id and id_token else None
    )
    if provider_logout is None:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return onward(
        request,
        provider_logout,
        _("You are logged out of frivillig"),
        _("You are now sent on to log out of your organisation's login too."),
    )


def onward(request, url: str, heading: str, text: str = ""):
    """A page that sends the browser on to `url` at once (a refresh, and a link). A form's answer cannot
    redirect to another site under the Content-Security-Policy's form-action 'self'; a new page can."""
    return render(request, "accounts/onward.html", {"url": url, "heading": heading, "text": text})
