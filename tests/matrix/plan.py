"""The implementation plan, its budget and the PDFs: every logged-in role of the organisation reads,
the secretariat and administrators change (the steering group and coordinators: 403)."""

from tests.matrix import EVERYONE_LOGGED_IN, ROLES, statuses

SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)
#: The PDFs answer with a redirect: to the document's download, or to the page that waits for it.
REDIRECTS = statuses(302, 302, 302, 302, 302)


def _plan(r):
    return {"pk": r.implementation_plan.pk}


def _part(r):
    return {"pk": r.part.pk}


def _action(r):
    return {"pk": r.action.pk}


def _line(r):
    return {"pk": r.budget_line.pk}


def _strategy(r):
    return {"pk": r.strategy.pk}


def _without_plan(r):
    return {"pk": r.approved_strategy.pk}  # the 2016 version has no plan yet


ENTRIES = {
    "strategies:plan_create": (_without_plan, SECRETARIAT_ONLY),
    "strategies:plan_detail": (_plan, EVERYONE_LOGGED_IN),
    "strategies:plan_edit": (_plan, SECRETARIAT_ONLY),
    "strategies:part_create": (_plan, SECRETARIAT_ONLY),
    "strategies:part_edit": (_part, SECRETARIAT_ONLY),
    "strategies:part_delete": (_part, SECRETARIAT_ONLY),
    "strategies:action_create": (_part, SECRETARIAT_ONLY),
    "strategies:action_edit": (_action, SECRETARIAT_ONLY),
    "strategies:action_delete": (_action, SECRETARIAT_ONLY),
    "strategies:budget_line_create": (_plan, SECRETARIAT_ONLY),
    "strategies:budget_line_edit": (_line, SECRETARIAT_ONLY),
    "strategies:budget_line_delete": (_line, SECRETARIAT_ONLY),
    "strategies:strategy_pdf": (_strategy, REDIRECTS),
    "strategies:plan_pdf": (_plan, REDIRECTS),
}

#: Pages that check the role before they look up the object: only the changing roles get as far as 404.
_ROLE_FIRST = {
    "strategies:plan_create",
    "strategies:part_create",
    "strategies:action_create",
    "strategies:budget_line_create",
}

OUTSIDER_CASES = [
    # Another organisation's plans, parts, actions, budget lines and strategies do not exist.
    (
        name,
        lambda r, o, kwargs_for=kwargs_for: kwargs_for(o),
        ["secretariat", "administrator"] if name in _ROLE_FIRST else ROLES[1:],
    )
    for name, (kwargs_for, _expected) in ENTRIES.items()
]
