"""An import waiting for confirmation: its checked-once table kept in the uploader's session under a
random token (a few per session; older ones are dropped). Used by every import's preview."""

import secrets
from typing import Any

from django.http import Http404, HttpRequest

#: Imports a session keeps waiting for confirmation; older ones are dropped.
KEEP_PENDING = 3


def keep(request: HttpRequest, key: str, data: dict[str, Any]) -> str:
    """Keep `data` (JSON-serialisable) under a new token in the session's `key`; the token."""
    token = secrets.token_urlsafe(16)
    pending = request.session.get(key, {})
    pending[token] = {**data, "user": request.user.pk}
    request.session[key] = dict(list(pending.items())[-KEEP_PENDING:])
    return token


def waiting(request: HttpRequest, key: str, token: str) -> dict[str, Any]:
    """What keep() kept under the token for this user; 404 for anything else."""
    pending: dict[str, Any] | None = request.session.get(key, {}).get(token)
    if pending is None or pending["user"] != request.user.pk:
        raise Http404
    return pending


def forget(request: HttpRequest, key: str, token: str) -> None:
    imports = request.session.get(key, {})
    imports.pop(token, None)
    request.session[key] = imports
