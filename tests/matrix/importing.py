"""Import of volunteers: upload, the waiting page and preview, and the template. The steering group
reads only (403)."""

from django.utils import timezone

from tests.matrix import CHANGING, statuses
from volunteers.models import Import, Role


def _coordinators_import(r):
    """An import the coordinator uploaded, still being read: its page is theirs alone."""
    upload = Import.objects.create(
        organisation=r.organisation,
        kind=Import.Kind.VOLUNTEERS,
        uploaded_by=r.users[Role.COORDINATOR],
        unit=r.hospital,
        file_name="frivillige.xlsx",
        language="da",
        queued_at=timezone.now(),
    )
    return {"pk": upload.pk}


ENTRIES = {
    "volunteers:volunteer_import": (lambda r: {}, CHANGING),
    "volunteers:volunteer_import_template": (lambda r: {}, CHANGING),
    # Only its uploader sees an import: everyone else who may import gets 404 (tests/test_import.py
    # covers a colleague at the same unit); the steering group is refused before any lookup (403).
    "volunteers:volunteer_import_preview": (_coordinators_import, statuses(302, 200, 404, 403, 404)),
}

# Another organisation's import does not exist for anybody.
OUTSIDER_CASES = [
    (
        "volunteers:volunteer_import_preview",
        lambda r, o: _coordinators_import(o),
        ["coordinator", "secretariat", "administrator"],
    ),
]
