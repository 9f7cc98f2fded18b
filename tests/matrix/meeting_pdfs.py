"""The agenda and minutes PDFs: read organisation-wide, like the meeting itself; readers are sent on to
the documents app's page that waits for the PDF."""

from tests.matrix import ROLES, statuses

REDIRECTS = statuses(302, 403, 302, 302, 302)


def _meeting(r):
    return {"pk": r.meeting.pk}


ENTRIES = {
    "meetings:agenda_pdf": (_meeting, REDIRECTS),
    "meetings:minutes_pdf": (_meeting, REDIRECTS),
}

OUTSIDER_CASES = [
    # Another organisation's meetings do not exist for anybody who may read meetings.
    (name, lambda r, o: {"pk": o.meeting.pk}, ROLES[2:])
    for name in ENTRIES
]
