"""Limits on the public forms (consultation responses, evaluation answers, password resets) per client
address, and per e-mail address where a form sends mail to the one typed in: a fixed window counted in the
cache (Redis in production, shared by all web processes)."""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .client_ip import client_ip


@dataclass
class RateLimit:
    name: str
    limit: int
    seconds: int = 60 * 60

    def key(self, request, scope):
        """The counter of this client for `scope` (e.g. one consultation)."""
        return self.key_for(client_ip(request), scope)

    def email_key(self, email, scope):
        """The counter of an e-mail address (however it is capitalised) for `scope`."""
        return self.key_for(email.strip().lower(), scope)

    def key_for(self, value, scope):
        """The counter of `value` for `scope`. The value is kept only as a keyed hash, so that not even the
        cache holds the address."""
        digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]
        return f"ratelimit:{self.name}:{scope}:{digest}"

    def exceeded(self, key):
        return (cache.get(key) or 0) >= self.limit

    def count(self, key):
        if not cache.add(key, 1, self.seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, self.seconds)
