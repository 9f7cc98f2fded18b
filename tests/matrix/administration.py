"""The administration in the app (issue 13): the organisation's settings, unit tree and audit log, for its
administrators only; another organisation's units do not exist for them."""

from datetime import date

from tests.factories import UnitFactory
from tests.matrix import statuses
from volunteers.models import Unit

#: Only the administrator role.
ADMINISTRATORS = statuses(302, 403, 403, 403, 200)


def _closed_unit(r):
    unit = UnitFactory(
        organisation=r.organisation, parent=r.hospital, name="Lukket afsnit", closed_on=date(2024, 1, 31)
    )
    return {"pk": unit.pk}


def _other_closed_unit(r, o):
    unit = Unit.objects.create(
        organisation=o.organisation,
        name="Andet lukket afsnit",
        kind=Unit.Kind.DEPARTMENT,
        closed_on=date(2024, 1, 31),
    )
    return {"pk": unit.pk}


ENTRIES = {
    "administration:index": (lambda r: {}, ADMINISTRATORS),
    "administration:organisation": (lambda r: {}, ADMINISTRATORS),
    "administration:unit_tree": (lambda r: {}, ADMINISTRATORS),
    "administration:unit_create": (lambda r: {}, ADMINISTRATORS),
    "administration:unit_edit": (lambda r: {"pk": r.hospital.pk}, ADMINISTRATORS),
    # The other hospital has no units below it: it can be closed.
    "administration:unit_close": (lambda r: {"pk": r.other_hospital.pk}, ADMINISTRATORS),
    "administration:unit_reopen": (_closed_unit, ADMINISTRATORS),
    "administration:audit_log": (lambda r: {}, ADMINISTRATORS),
}

OUTSIDER_CASES = [
    # Another organisation's units do not exist for an administrator (nor for anyone else: 403 comes first).
    ("administration:unit_edit", lambda r, o: {"pk": o.hospital.pk}, ["administrator"]),
    ("administration:unit_close", lambda r, o: {"pk": o.other_hospital.pk}, ["administrator"]),
    ("administration:unit_reopen", _other_closed_unit, ["administrator"]),
]
