"""Bodies, members, seats, meeting plans and calendars."""

from tests.matrix import ORGANISATION_WIDE, PUBLIC, statuses

#: The secretariat and administrators change bodies; the steering group reads only, coordinators not at all.
SECRETARIAT = statuses(302, 403, 200, 403, 200)
#: POST-only URLs: logged-in users get 405 for a GET (test_bodies.py covers their POSTs).
POST_ONLY = statuses(302, 405, 405, 405, 405)


def _body(r):
    return {"pk": r.body.pk}


def _membership(r):
    return {"pk": r.body.memberships.first().pk}


def _token(r):
    return {"token": r.body.memberships.first().calendar_token}


ENTRIES = {
    "meetings:body_create": (lambda r: {}, SECRETARIAT),
    "meetings:body_edit": (_body, SECRETARIAT),
    "meetings:membership_create": (_body, SECRETARIAT),
    "meetings:membership_edit": (_membership, SECRETARIAT),
    "meetings:membership_calendar_reset": (_membership, POST_ONLY),
    "meetings:seat_category_create": (_body, SECRETARIAT),
    "meetings:seat_category_edit": (lambda r: {"pk": r.seat_category.pk}, SECRETARIAT),
    "meetings:plan_create": (_body, SECRETARIAT),
    "meetings:plan_detail": (lambda r: {"pk": r.plan.pk}, ORGANISATION_WIDE),
    "meetings:plan_approve": (lambda r: {"pk": r.plan.pk}, POST_ONLY),
    "meetings:meeting_ics": (lambda r: {"pk": r.meeting.pk}, ORGANISATION_WIDE),
    # The member's private link is the key: no login.
    "meetings:body_calendar_feed": (_token, PUBLIC),
}

_WIDE = ["secretariat", "steering_group", "administrator"]

# Another organisation's bodies and everything in them do not exist for anybody who reads ours.
OUTSIDER_CASES = [
    ("meetings:body_edit", lambda r, o: {"pk": o.body.pk}, _WIDE),
    ("meetings:membership_create", lambda r, o: {"pk": o.body.pk}, _WIDE),
    ("meetings:membership_edit", lambda r, o: _membership(o), _WIDE),
    ("meetings:seat_category_create", lambda r, o: {"pk": o.body.pk}, _WIDE),
    ("meetings:seat_category_edit", lambda r, o: {"pk": o.seat_category.pk}, _WIDE),
    ("meetings:plan_create", lambda r, o: {"pk": o.body.pk}, _WIDE),
    ("meetings:plan_detail", lambda r, o: {"pk": o.plan.pk}, _WIDE),
    ("meetings:meeting_ics", lambda r, o: {"pk": o.meeting.pk}, _WIDE),
]
