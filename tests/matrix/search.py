"""Search across the app (issue 15): everyone logged in searches what they may see (tests/test_search.py
holds the scoping); the page asks for a login first."""

from tests.matrix import EVERYONE_LOGGED_IN

ENTRIES = {
    "search": (lambda r: {}, EVERYONE_LOGGED_IN),
}
