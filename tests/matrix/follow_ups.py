"""Decisions, recommendations and tasks followed up (issue 14): the secretariat and administrators change,
the steering group reads, coordinators have no access; another organisation's follow-ups, bodies and
meetings do not exist (404)."""

from tests.factories import FollowUpFactory
from tests.matrix import ORGANISATION_WIDE, ROLES
from tests.matrix.meetings import POST_ONLY, SECRETARIAT_ONLY


def _follow_up(r):
    return {"pk": FollowUpFactory(item=r.item).pk}


def _body(r):
    return {"pk": r.body.pk}


def _meeting(r):
    return {"pk": r.meeting.pk}


ENTRIES = {
    "meetings:follow_up_list": (lambda r: {}, ORGANISATION_WIDE),
    "meetings:follow_up_export": (lambda r: {}, ORGANISATION_WIDE),
    "meetings:follow_up_detail": (_follow_up, ORGANISATION_WIDE),
    "meetings:follow_up_edit": (_follow_up, SECRETARIAT_ONLY),
    "meetings:follow_up_status": (_follow_up, POST_ONLY),
    "meetings:follow_up_create": (_body, SECRETARIAT_ONLY),
    "meetings:follow_up_agenda_item": (_meeting, POST_ONLY),
}

OUTSIDER_CASES = [
    ("meetings:follow_up_detail", lambda r, o: _follow_up(o), ROLES[2:]),
    ("meetings:follow_up_edit", lambda r, o: _follow_up(o), ROLES[2:]),
    ("meetings:follow_up_create", lambda r, o: _body(o), ROLES[2:]),
]
