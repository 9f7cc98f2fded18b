"""The coordinators' register: volunteers, activities and volunteer organisations."""

from tests.matrix import CHANGING, EVERYONE_LOGGED_IN, ROLES, statuses

#: POST-only URLs: logged-in users get 405 for a GET (test_register.py covers their POSTs).
POST_ONLY = statuses(302, 405, 405, 405, 405)
SECRETARIAT_CHANGES = statuses(302, 403, 200, 403, 200)

ENTRIES = {
    "volunteers:volunteer_list": (lambda r: {}, EVERYONE_LOGGED_IN),
    "volunteers:volunteer_export": (lambda r: {"fmt": "xlsx"}, EVERYONE_LOGGED_IN),
    "volunteers:volunteer_create": (lambda r: {}, CHANGING),
    "volunteers:volunteer_detail": (lambda r: {"pk": r.volunteer.pk}, EVERYONE_LOGGED_IN),
    "volunteers:volunteer_edit": (lambda r: {"pk": r.volunteer.pk}, CHANGING),
    "volunteers:volunteer_training_add": (lambda r: {"pk": r.volunteer.pk}, POST_ONLY),
    "volunteers:volunteer_end": (lambda r: {"pk": r.volunteer.pk}, CHANGING),
    "volunteers:volunteer_data": (lambda r: {"pk": r.volunteer.pk}, EVERYONE_LOGGED_IN),
    "volunteers:volunteer_data_json": (lambda r: {"pk": r.volunteer.pk}, EVERYONE_LOGGED_IN),
    "volunteers:anonymisation_list": (lambda r: {}, CHANGING),
    "volunteers:volunteer_anonymise": (lambda r: {"pk": r.volunteer.pk}, POST_ONLY),
    "volunteers:diversity": (lambda r: {}, EVERYONE_LOGGED_IN),
    "volunteers:activity_list": (lambda r: {}, EVERYONE_LOGGED_IN),
    # The secretariat keeps the list of activities (they decide the checks in every unit).
    "volunteers:activity_create": (lambda r: {}, SECRETARIAT_CHANGES),
    "volunteers:activity_edit": (lambda r: {"pk": r.activity.pk}, SECRETARIAT_CHANGES),
    "volunteers:volunteer_organisation_create": (lambda r: {}, CHANGING),
    "volunteers:volunteer_organisation_detail": (
        lambda r: {"pk": r.volunteer_organisation.pk},
        EVERYONE_LOGGED_IN,
    ),
    "volunteers:volunteer_organisation_edit": (lambda r: {"pk": r.volunteer_organisation.pk}, CHANGING),
}

_VOLUNTEER_PAGES = [
    "volunteers:volunteer_detail",
    "volunteers:volunteer_edit",
    "volunteers:volunteer_end",
    "volunteers:volunteer_data",
    "volunteers:volunteer_data_json",
]

OUTSIDER_CASES = [
    # Another organisation's volunteers, activities and volunteer organisations do not exist for anybody.
    *[(name, lambda r, o: {"pk": o.volunteer.pk}, ROLES[1:]) for name in _VOLUNTEER_PAGES],
    ("volunteers:activity_edit", lambda r, o: {"pk": o.activity.pk}, ROLES[1:]),
    ("volunteers:volunteer_organisation_detail", lambda r, o: {"pk": o.volunteer_organisation.pk}, ROLES[1:]),
    ("volunteers:volunteer_organisation_edit", lambda r, o: {"pk": o.volunteer_organisation.pk}, ROLES[1:]),
    # A coordinator does not see the volunteers of a colleague's unit.
    *[(name, lambda r, o: {"pk": r.other_volunteer.pk}, ["coordinator"]) for name in _VOLUNTEER_PAGES],
]
