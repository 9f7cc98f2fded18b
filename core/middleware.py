"""Three guards around every request.

Malformed input: a path, query string or cookie holding a NUL character or bytes that are not UTF-8
answers 400 (``MalformedInputMiddleware``), before any of it reaches a view or the database.

Cache: whatever a logged-in user is sent (every page and file: the register, persondata.json, the
exports, agreement PDFs, attachments, documents) is for that user alone. ``PrivateResponsesMiddleware``
marks it ``Cache-Control: no-store, private``, so that neither a shared proxy nor the browser's cache (a
shared computer, the back button after logging out) keeps a copy. A view that asked for no-store itself
(``never_cache``) keeps its own header. Anonymous visitors' public pages keep their caching, and so do
static files, which WhiteNoise answers before this middleware.

"The service is unavailable": a 503 with a Danish page while PostgreSQL or Redis does not answer.

An outage of the database or of Redis is not a bug in the app, and it passes by itself: the answer is a
503 with a Retry-After header, not a 500 (which would also mail/log a traceback per request). The page is
rendered from templates/503.html without the request's context processors, which query the database.

Two ways in, because Django turns an exception into a response in two places:

- ``ServiceUnavailableMiddleware.process_exception`` for an exception raised in a view (or while a
  TemplateResponse renders);
- ``server_error``, the project's handler500, for one raised anywhere else: in a middleware before
  the view (the session is loaded from the database by LoginRequiredMiddleware's process_view) or after
  it (SessionMiddleware saves the session). It answers 503 when the exception is an outage, and
  Django's own 500 page otherwise.
"""

import logging
import re
import sys
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.db import InterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response
from django.views import defaults

logger = logging.getLogger("frivillig.unavailable")

#: Seconds a client is asked to wait before it tries again.
RETRY_AFTER_SECONDS = 30


def readable(raw: bytes) -> bool:
    """Whether raw input is text the app can keep: UTF-8 without a NUL character (PostgreSQL refuses
    NUL in text, so a NUL compared with a column would answer 500 there)."""
    try:
        return "\x00" not in raw.decode()
    except UnicodeDecodeError:
        return False


#: Django re-percent-encodes the bytes of a path that are not UTF-8 ("%FF" in ``request.path_info``,
#: django.utils.encoding.repercent_broken_unicode). A percent sign of the path's own arrives as "%25"
#: and would look the same, but no URL of the app has one.
BROKEN_UNICODE = re.compile(r"%[89A-F][0-9A-F]")


class MalformedInputMiddleware:
    """Answers 400 (templates/400.html) to a request whose path, query string or cookies are not text
    the app can read. Django itself re-percent-encodes bytes that are not UTF-8 in the path and replaces
    them in the query; a NUL passes through to the database, where PostgreSQL refuses it with a 500.
    Form fields need no guard here: every form field refuses a NUL or an unknown value itself.

    Placed before the session and the user are read, so nothing reaches the database first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        # The query as sent: WSGI gives it still percent-encoded, each byte as one Latin-1 character (an
        # ASGI server gives it decoded already; what Latin-1 cannot hold is readable text anyway).
        query = unquote_to_bytes(request.META.get("QUERY_STRING", "").encode("iso-8859-1", "replace"))
        cookies = "".join(request.COOKIES.values())  # the session key is looked up in the database
        if "\x00" in path or BROKEN_UNICODE.search(path) or not readable(query) or "\x00" in cookies:
            # Answered here rather than raised: Django would log a traceback for every such request.
            response = defaults.bad_request(request, BadRequest())
            log_response("Malformed input: %s", request.path, response=response, request=request)
            return response
        return self.get_response(request)


def _outage_types():
    import kombu.exceptions
    import redis.exceptions

    # redis's TimeoutError and ConnectionError; kombu's OperationalError is what Celery's delay() raises
    # when the broker does not answer.
    return (
        DatabaseOperationalError,
        InterfaceError,
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
        kombu.exceptions.OperationalError,
    )


def is_outage(exception):
    """True when the exception (or one it was raised from) says that the database or Redis is away."""
    types = _outage_types()
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, types):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def unavailable_response(request, exception):
    """The 503 page, rendered without touching the database."""
    logger.warning(
        "Service unavailable: %s %s: %s: %s",
        request.method,
        request.path,
        type(exception).__name__,
        str(exception).strip().splitlines()[0] if str(exception).strip() else "",
    )
    # No request passed to render(): the context processors (the user, the navigation) would query.
    content = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class PrivateResponsesMiddleware:
    """``Cache-Control: no-store, private`` on every response to a logged-in user (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store, private"
        return response


class ServiceUnavailableMiddleware:
    """Turns a database or Redis outage in a view into a 503 with the Danish page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            return unavailable_response(request, exception)
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a 503 for an outage raised outside the view, Django's 500 page for anything else."""
    exception = sys.exc_info()[1]
    if is_outage(exception):
        return unavailable_response(request, exception)
    return defaults.server_error(request, template_name)
