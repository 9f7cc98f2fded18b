"""The minutes written on one page: the secretariat and administrators write, the steering group reads the
meeting only (403 here), coordinators have no access; another organisation's meeting does not exist."""

from tests.matrix import ROLES, statuses

#: Changes: the steering group reads only, coordinators have no access at all.
SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)


def _held_meeting(r):
    """The fixture's meeting, held, so that its minutes can be written (a draft's page answers 409)."""
    from meetings.models import Meeting

    Meeting.objects.filter(pk=r.meeting.pk).update(status=Meeting.Status.HELD)
    return {"pk": r.meeting.pk}


ENTRIES = {
    "meetings:minutes_write": (_held_meeting, SECRETARIAT_ONLY),
}

OUTSIDER_CASES = [
    ("meetings:minutes_write", lambda r, o: _held_meeting(o), ROLES[2:]),
]
