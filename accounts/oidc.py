"""Single sign-on through an organisation's own OpenID Connect provider (Entra ID, AD FS, a municipal
identity broker), with Authlib's Django client.

The authorization-code flow with PKCE (S256). Authlib keeps the state, the nonce and the PKCE verifier in
the session under the state; reading them back removes them, so a state works once (a replayed callback
is refused). The ID token's signature is checked against the provider's published keys (jwks_uri), and
its claims: iss (the provider's issuer), aud (must contain our client id: Authlib checks only azp unless
told, so we tell it), exp and iat (with LEEWAY_SECONDS of clock skew, not Authlib's default 120) and the
nonce.

One callback URL serves every organisation: the session remembers, per state, which organisation's
provider the person was sent to.
"""

import logging
from dataclasses import dataclass
from typing import Any

import joserfc.errors
import requests
from authlib.common.errors import AuthlibBaseError  # type: ignore[import-untyped]
from authlib.integrations.django_client import (  # type: ignore[import-untyped]
    DjangoIntegration,
    DjangoOAuth2App,
)
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from volunteers.models import Organisation

from . import secrets
from .models import SignOn

log = logging.getLogger(__name__)

#: Authlib's name for our client: its session keys are ``_state_sign_on_<state>``.
NAME = "sign_on"
SCOPE = "openid email profile"
#: Clock skew allowed on the ID token's exp and iat. Authlib's default is 120 s; a provider's clock and
#: ours (both NTP-synchronised) differ by far less, and a token expired half a minute ago is refused.
LEEWAY_SECONDS = 30
#: The session: {state: organisation id} of sign-ins under way (a few at most: several tabs).
PENDING_KEY = "sign_on_pending"
PENDING_KEPT = 5
#: The session: the organisation whose provider signed the person in, and the ID token (for logout).
ORGANISATION_KEY = "sign_on_organisation"
ID_TOKEN_KEY = "sign_on_id_token"  # nosec B105: a session key's name, not a secret

#: What goes wrong with a provider or its answer: network, HTTP, JSON, OAuth and JOSE errors.
PROVIDER_ERRORS = (
    AuthlibBaseError,
    joserfc.errors.JoseError,
    requests.RequestException,
    RuntimeError,  # Authlib: metadata without jwks_uri or an endpoint
    ValueError,  # a JSON body that is not JSON, a key that cannot be read
    KeyError,
)


class Refused(Exception):
    """The sign-in cannot go on. ``organisation`` when it is known (to name whom to ask), ``email`` when
    the provider named the person (for the failed-login record)."""

    def __init__(self, reason: str, organisation: Organisation | None = None, email: str = ""):
        super().__init__(reason)
        self.organisation = organisation
        self.email = email


@dataclass
class SignedIn:
    sign_on: SignOn
    organisation: Organisation
    claims: dict[str, Any]
    id_token: str


def metadata_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def callback_url() -> str:
    """The redirect URI registered with every provider: on SITE_URL, never taken from the request's Host."""
    return settings.SITE_URL + reverse("accounts:sign_on_callback")


def client(sign_on: SignOn) -> DjangoOAuth2App:
    return DjangoOAuth2App(
        DjangoIntegration(NAME),
        name=NAME,
        client_id=sign_on.client_id,
        client_secret=secrets.decrypt(sign_on.client_secret_encrypted),
        server_metadata_url=metadata_url(sign_on.issuer),
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "default_timeout": settings.SIGN_ON_TIMEOUT_SECONDS,
        },
    )


def _metadata(app: DjangoOAuth2App, sign_on: SignOn) -> dict[str, Any]:
    metadata = app.load_server_metadata()
    # OpenID Connect Discovery: the document's issuer is exactly the one it was fetched for.
    if str(metadata.get("issuer", "")).rstrip("/") != sign_on.issuer.rstrip("/"):
        raise Refused(f"the provider's metadata names the issuer {metadata.get('issuer')!r}")
    return metadata


def start(request: HttpRequest, sign_on: SignOn, login_hint: str = "") -> str:
    """The provider's authorization URL to send the person to (the state, nonce and PKCE verifier kept in
    the session)."""
    app = client(sign_on)
    _metadata(app, sign_on)
    params = {"login_hint": login_hint} if login_hint else {}
    data = app.create_authorization_url(callback_url(), **params)
    app.save_authorize_data(request, redirect_uri=callback_url(), **data)
    pending = dict(request.session.get(PENDING_KEY, {}))
    pending[data["state"]] = sign_on.organisation_id
    request.session[PENDING_KEY] = dict(list(pending.items())[-PENDING_KEPT:])
    return data["url"]


def finish(request: HttpRequest) -> SignedIn:
    """The provider's answer on the callback URL: the validated ID token's claims, or Refused."""
    pending = dict(request.session.get(PENDING_KEY, {}))
    organisation_id = pending.pop(request.GET.get("state", ""), None)
    request.session[PENDING_KEY] = pending
    if organisation_id is None:
        raise Refused("no sign-in under way with this state (replayed, or from another browser)")
    sign_on = SignOn.objects.select_related("organisation").filter(organisation_id=organisation_id).first()
    if sign_on is None:
        raise Refused("the organisation no longer has single sign-on")
    organisation = sign_on.organisation
    app = client(sign_on)
    try:
        metadata = _metadata(app, sign_on)
        token = app.authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "values": [metadata["issuer"]]},
                "aud": {"essential": True, "values": [sign_on.client_id]},
                "exp": {"essential": True},
            },
            leeway=LEEWAY_SECONDS,
        )
        if not token.get("userinfo"):
            raise Refused("the token response holds no ID token", organisation)
        claims = dict(token["userinfo"])
        if sign_on.email_claim not in claims and metadata.get("userinfo_endpoint"):
            claims = _with_userinfo(app, token, claims)
    except Refused as refused:
        refused.organisation = organisation
        raise
    except PROVIDER_ERRORS as error:
        raise Refused(f"{type(error).__name__}: {error}", organisation) from error
    return SignedIn(sign_on=sign_on, organisation=organisation, claims=claims, id_token=token["id_token"])


def _with_userinfo(app: DjangoOAuth2App, token: dict, claims: dict[str, Any]) -> dict[str, Any]:
    """The ID token's claims completed from the userinfo endpoint (some providers put the e-mail only
    there); the userinfo answer counts only if it is about the same subject."""
    userinfo = app.userinfo(token=token)
    if userinfo.get("sub") != claims.get("sub"):
        raise Refused("the userinfo endpoint answered for another subject")
    return {**userinfo, **claims}


def logout_url(request: HttpRequest, organisation_id: int, id_token: str) -> str | None:
    """The provider's end_session_endpoint (RP-initiated logout) for a session that came from single
    sign-on, or None when the provider has none (or cannot be reached: the app's session ends anyway)."""
    sign_on = SignOn.objects.filter(organisation_id=organisation_id).first()
    if sign_on is None:
        return None
    app = client(sign_on)
    try:
        if not _metadata(app, sign_on).get("end_session_endpoint"):
            return None
        return app.create_logout_url(
            post_logout_redirect_uri=settings.SITE_URL + reverse("login"),
            id_token_hint=id_token,
            client_id=sign_on.client_id,
        )["url"]
    except (Refused, *PROVIDER_ERRORS) as error:
        log.warning("Single sign-on logout of organisation %s: %s", organisation_id, error)
        return None
