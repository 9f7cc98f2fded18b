"""The revision process: the commission, its process variants and their milestones. The secretariat
and administrators change; the steering group reads; coordinators have no access."""

from tests.factories import StrategyFactory
from tests.matrix import ORGANISATION_WIDE, ROLES, statuses

#: Changes: the steering group reads only, coordinators have no access at all.
SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)
#: POST-only URLs: logged-in users get 405 for a GET (tests/test_revision.py covers their POSTs).
POST_ONLY = statuses(302, 405, 405, 405, 405)


def _new_draft(r):
    """A draft version without a commission (the fixture's draft already has one)."""
    return {"pk": StrategyFactory(organisation=r.organisation, version="2027").pk}


def _commission(r):
    return {"pk": r.commission.pk}


def _variant(r):
    return {"pk": r.variant.pk}


def _milestone(r):
    return {"pk": r.milestone.pk}


ENTRIES = {
    "strategies:commission_create": (_new_draft, SECRETARIAT_ONLY),
    "strategies:commission_detail": (_commission, ORGANISATION_WIDE),
    "strategies:commission_edit": (_commission, SECRETARIAT_ONLY),
    "strategies:variant_create": (_commission, SECRETARIAT_ONLY),
    "strategies:variant_edit": (_variant, SECRETARIAT_ONLY),
    "strategies:variant_choose": (lambda r: {"pk": r.commission.pk, "variant_pk": r.variant.pk}, POST_ONLY),
    "strategies:milestone_create": (_variant, SECRETARIAT_ONLY),
    "strategies:milestone_edit": (_milestone, SECRETARIAT_ONLY),
    "strategies:milestone_delete": (_milestone, POST_ONLY),
    "strategies:milestone_complete": (_milestone, POST_ONLY),
}

OUTSIDER_CASES = [
    # Another organisation's strategies, commissions, processes and milestones do not exist for anybody
    # who may read the revision (test_revision.py covers the POST-only URLs).
    ("strategies:commission_create", lambda r, o: _new_draft(o), ROLES[2:]),
    ("strategies:commission_create", lambda r, o: {"pk": o.strategy.pk}, ROLES[2:]),
    ("strategies:commission_detail", lambda r, o: _commission(o), ROLES[2:]),
    ("strategies:commission_edit", lambda r, o: _commission(o), ROLES[2:]),
    ("strategies:variant_create", lambda r, o: _commission(o), ROLES[2:]),
    ("strategies:variant_edit", lambda r, o: _variant(o), ROLES[2:]),
    ("strategies:milestone_create", lambda r, o: _variant(o), ROLES[2:]),
    ("strategies:milestone_edit", lambda r, o: _milestone(o), ROLES[2:]),
]
