"""Attendance: the secretary's page of apologies and who was there (the steering group reads the attendance
on the meeting page only), and the member's own apologies page behind their private calendar link."""

from tests.matrix import PUBLIC, ROLES, statuses

#: The secretariat and administrators record; the steering group reads only, coordinators not at all.
SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)


def _meeting(r):
    return {"pk": r.meeting.pk}


def _token(r):
    return {"token": r.body.memberships.first().calendar_token}


ENTRIES = {
    "meetings:attendance": (_meeting, SECRETARIAT_ONLY),
    # The member's private link is the key: no login.
    "meetings:apologies": (_token, PUBLIC),
}

OUTSIDER_CASES = [
    # Another organisation's meetings do not exist for anybody who reads ours.
    ("meetings:attendance", lambda r, o: {"pk": o.meeting.pk}, ROLES[2:]),
]
