"""Meetings, agendas and minutes: the secretariat and administrators change, the steering group reads,
coordinators have no access."""

from tests.factories import FollowUpFactory
from tests.matrix import ORGANISATION_WIDE, ROLES, statuses

#: Changes: the steering group reads only, coordinators have no access at all.
SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)
#: POST-only URLs: logged-in users get 405 for a GET (test_meetings.py covers their POSTs).
POST_ONLY = statuses(302, 405, 405, 405, 405)
#: Changes the fixture's draft meeting does not allow yet: those who may change get the page that says
#: why (409 Conflict), the others the same 403 as on any change.
LOCKED_FOR_A_DRAFT = statuses(302, 403, 409, 403, 409)


def _body(r):
    return {"pk": r.body.pk}


def _meeting(r):
    return {"pk": r.meeting.pk}


def _item(r):
    return {"pk": r.item.pk}


def _attachment(r):
    from tests.test_meetings import make_attachment

    return {"pk": make_attachment(r.item).pk}


def _task(r):
    return {"pk": FollowUpFactory(item=r.item).pk}


ENTRIES = {
    "meetings:meeting_create": (_body, SECRETARIAT_ONLY),
    "meetings:meeting_detail": (_meeting, ORGANISATION_WIDE),
    "meetings:meeting_edit": (_meeting, SECRETARIAT_ONLY),
    "meetings:meeting_step": (lambda r: {"pk": r.meeting.pk, "step": "publish"}, SECRETARIAT_ONLY),
    "meetings:revision_create": (_meeting, LOCKED_FOR_A_DRAFT),
    "meetings:item_create": (_meeting, SECRETARIAT_ONLY),
    "meetings:item_edit": (_item, SECRETARIAT_ONLY),
    "meetings:item_move": (_item, POST_ONLY),
    "meetings:item_delete": (_item, POST_ONLY),
    "meetings:attachment_add": (_item, SECRETARIAT_ONLY),
    "meetings:link_add": (_item, SECRETARIAT_ONLY),
    "meetings:attachment_download": (_attachment, ORGANISATION_WIDE),
    "meetings:decision_edit": (_item, LOCKED_FOR_A_DRAFT),
    "meetings:task_create": (_item, SECRETARIAT_ONLY),
    "meetings:task_done": (_task, POST_ONLY),
}

_OTHER = {_body: "body", _meeting: "meeting", _item: "item"}

OUTSIDER_CASES = [
    # Another organisation's bodies, meetings and items do not exist for anybody who may read meetings.
    *[
        (name, lambda r, o, attribute=_OTHER[kwargs_for]: {"pk": getattr(o, attribute).pk}, ROLES[2:])
        for name, (kwargs_for, expected) in ENTRIES.items()
        if kwargs_for in _OTHER and expected is not POST_ONLY
    ],
    ("meetings:meeting_step", lambda r, o: {"pk": o.meeting.pk, "step": "publish"}, ROLES[2:]),
    ("meetings:attachment_download", lambda r, o: _attachment(o), ROLES[2:]),
]
