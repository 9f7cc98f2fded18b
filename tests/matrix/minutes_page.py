"""The minutes written on one page: the secretariat and administrators write, the steering group reads the
meeting only (403 here), coordinators have no access; another organisation's meeting does not exist."""

from tests.matrix import ROLES, statuses

#: Changes: the steering group reads only, coordinators have no access at all.
SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)


def _held_meeting(r):
    """A held meeting of the fixture's body with an item, so that its minutes can be written (a draft's
    page answers 409); the fixture's own meeting stays a draft for the other entries."""
    from datetime import date

    from meetings.models import Meeting
    from tests.factories import AgendaItemFactory

    item = AgendaItemFactory(
        meeting__plan=r.meeting.plan, meeting__body=r.meeting.body, meeting__date=date(2026, 9, 8)
    )
    Meeting.objects.filter(pk=item.meeting_id).update(status=Meeting.Status.HELD)
    return {"pk": item.meeting_id}


ENTRIES = {
    "meetings:minutes_write": (_held_meeting, SECRETARIAT_ONLY),
}

OUTSIDER_CASES = [
    ("meetings:minutes_write", lambda r, o: _held_meeting(o), ROLES[2:]),
]
