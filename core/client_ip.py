"""The client's address for the login lockout, also behind reverse proxies."""

from django.conf import settings


def client_ip(request):
    """Each trusted proxy appends the address it received the request from to X-Forwarded-For, so the
    client is the TRUSTED_PROXY_COUNT-th entry from the right; anything further left came from the
    client itself and could be forged."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
