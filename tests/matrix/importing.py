"""Import of volunteers: upload, preview and template. The steering group reads only (403)."""

from tests.matrix import CHANGING, statuses

ENTRIES = {
    "volunteers:volunteer_import": (lambda r: {}, CHANGING),
    "volunteers:volunteer_import_template": (lambda r: {}, CHANGING),
    # A made-up token: an import waiting for confirmation lives only in its uploader's session, so
    # for everyone else (and for a token nobody issued) it does not exist: 404 for the roles that
    # may import; the steering group is refused before any lookup (403). tests/test_import.py
    # covers real tokens, and another user's token.
    "volunteers:volunteer_import_preview": (
        lambda r: {"token": "made-up-token"},
        statuses(302, 404, 404, 403, 404),
    ),
}
