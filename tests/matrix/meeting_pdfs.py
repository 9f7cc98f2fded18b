"""The agenda and minutes PDFs: read organisation-wide, like the meeting itself."""

from tests.matrix import ORGANISATION_WIDE, ROLES


def _meeting(r):
    return {"pk": r.meeting.pk}


ENTRIES = {
    "meetings:agenda_pdf": (_meeting, ORGANISATION_WIDE),
    "meetings:minutes_pdf": (_meeting, ORGANISATION_WIDE),
}

OUTSIDER_CASES = [
    # Another organisation's meetings do not exist for anybody who may read meetings.
    (name, lambda r, o: {"pk": o.meeting.pk}, ROLES[2:])
    for name in ENTRIES
]
