"""Strategies, versions, focus areas and effect targets: every logged-in role of the organisation reads
(coordinators implement the strategy); the secretariat and administrators change; the steering group
and coordinators get 403 on every change."""

from tests.matrix import EVERYONE_LOGGED_IN, ROLES, statuses

SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)
#: POST-only URLs: logged-in users get 405 for a GET (tests/test_strategies.py covers their POSTs).
POST_ONLY = statuses(302, 405, 405, 405, 405)


def _strategy(r):
    return {"pk": r.strategy.pk}


def _approved_strategy(r):
    return {"pk": r.approved_strategy.pk}


def _focus_area(r):
    return {"pk": r.focus_area.pk}


ENTRIES = {
    "strategies:strategy_list": (lambda r: {}, EVERYONE_LOGGED_IN),
    "strategies:strategy_create": (lambda r: {}, SECRETARIAT_ONLY),
    "strategies:strategy_detail": (_strategy, EVERYONE_LOGGED_IN),
    "strategies:strategy_edit": (_strategy, SECRETARIAT_ONLY),
    "strategies:strategy_status": (_strategy, POST_ONLY),
    "strategies:strategy_approve": (_strategy, SECRETARIAT_ONLY),
    "strategies:strategy_revise": (_approved_strategy, SECRETARIAT_ONLY),
    "strategies:strategy_compare": (_strategy, EVERYONE_LOGGED_IN),
    "strategies:focus_area_create": (_strategy, SECRETARIAT_ONLY),
    "strategies:focus_area_edit": (_focus_area, SECRETARIAT_ONLY),
    "strategies:focus_area_delete": (_focus_area, SECRETARIAT_ONLY),
}

_OTHER = {_strategy: "strategy", _approved_strategy: "approved_strategy", _focus_area: "focus_area"}

OUTSIDER_CASES = [
    # Another organisation's strategies and focus areas do not exist for anybody, whatever their role.
    (name, lambda r, o, attribute=_OTHER[kwargs_for]: {"pk": getattr(o, attribute).pk}, ROLES[1:])
    for name, (kwargs_for, expected) in ENTRIES.items()
    if kwargs_for in _OTHER and expected is not POST_ONLY
]
