"""Single sign-on's three steps: the e-mail address on the login page (or an organisation's own sign-in
link) sends the person to their provider, whose answer comes back to the callback."""

import logging

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.ratelimit import RateLimit

from .. import oidc
from ..forms import SignOnForm
from ..models import SignOn
from ..sign_on import administrators, admit, organisation_for_email
from .login import login_page, onward

log = logging.getLogger(__name__)

#: Look-ups of an e-mail address on the login page, per client address and hour.
LOOKUPS_PER_ADDRESS = RateLimit("sign-on-lookups", limit=30)
#: The session is ours from here (the ID token proves the provider signed the person in).
BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_not_required
@require_POST
def sign_on(request):
    form = SignOnForm(request.POST)
    key = LOOKUPS_PER_ADDRESS.key(request, "login")
    if LOOKUPS_PER_ADDRESS.exceeded(key):
        form.add_error(None, _("Too many attempts from your address. Try again in an hour."))
        return login_page(request, form, status=429)
    if not form.is_valid():
        return login_page(request, form)
    LOOKUPS_PER_ADDRESS.count(key)
    email = form.cleaned_data["email"]
    found = organisation_for_email(email)
    if found is None:
        form.add_error(
            "email",
            _(
                "No organisation signs in with its own login for this address. Log in with your user name "
                "and password, or ask your organisation's administrator of frivillig."
            ),
        )
        return login_page(request, form)
    url = _start(request, found, login_hint=email)
    if url is None:
        return _unavailable(request, found)
    # A page that moves on, not a redirect: the login page's Content-Security-Policy (form-action 'self')
    # does not let a form's answer redirect to another site.
    return onward(request, url, _("On to your organisation's login"))


@login_not_required
@require_GET
def sign_on_start(request, organisation: int):
    """An organisation's own sign-in link (a button on its intranet, a bookmark)."""
    found = get_object_or_404(SignOn.objects.select_related("organisation"), organisation=organisation)
    url = _start(request, found)
    return redirect(url) if url else _unavailable(request, found)


def _start(request, found: SignOn, login_hint: str = "") -> str | None:
    """The provider's authorization URL, or None when the provider cannot be reached."""
    try:
        return oidc.start(request, found, login_hint=login_hint)
    except (oidc.Refused, *oidc.PROVIDER_ERRORS) as error:
        log.warning("Single sign-on of %s cannot start: %s", found.organisation, error)
        return None


def _unavailable(request, found: SignOn):
    context = {"organisation": found.organisation, "administrators": administrators(found.organisation)}
    return render(request, "accounts/sign_on_unavailable.html", context, status=502)


@login_not_required
@require_GET
@never_cache
def sign_on_callback(request):
    """The provider sends the person back here with a code; only a validated ID token naming an active
    user of that organisation logs in."""
    try:
        signed_in = oidc.finish(request)
        user = admit(signed_in)
    except oidc.Refused as refused:
        log.warning("Single sign-on refused: %s", refused)
        user_login_failed.send(sender=__name__, credentials={"username": refused.email}, request=request)
        context = {
            "organisation": refused.organisation,
            "email": refused.email,
            "administrators": administrators(refused.organisation),
        }
        return render(request, "accounts/sign_on_refused.html", context, status=403)
    login(request, user, backend=BACKEND)
    request.session[oidc.ORGANISATION_KEY] = signed_in.organisation.pk
    request.session[oidc.ID_TOKEN_KEY] = signed_in.id_token
    return redirect(settings.LOGIN_REDIRECT_URL)
