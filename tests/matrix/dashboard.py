"""The steering group's dashboard of a strategy's follow-up, its exports and the status pack: the
organisation-wide roles read, coordinators have no access; only the secretariat puts the pack on an agenda
(a POST; tests/test_dashboard.py covers it)."""

from django.apps import apps

from tests.followup import follow_up
from tests.matrix import ORGANISATION_WIDE, ROLES, statuses

#: The organisation's own figures: the secretariat enters them.
SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)
#: POST-only: logged-in users get 405 for a GET.
POST_ONLY = statuses(302, 405, 405, 405, 405)
#: The status pack: with the documents app, readers are sent on to the page that waits for it.
PACK = statuses(302, 403, 302, 302, 302) if apps.is_installed("documents") else ORGANISATION_WIDE


def _strategy(r):
    return {"pk": follow_up(r).strategy.pk}


def _period(r):
    return {"pk": follow_up(r).periods[0].pk}


ENTRIES = {
    "evaluation:dashboard": (_strategy, ORGANISATION_WIDE),
    "evaluation:dashboard_xlsx": (_strategy, ORGANISATION_WIDE),
    "evaluation:dashboard_csv": (_strategy, ORGANISATION_WIDE),
    "evaluation:status_pack_pdf": (_period, PACK),
    "evaluation:status_pack_agenda": (_period, POST_ONLY),
    "evaluation:organisation_figures": (_period, SECRETARIAT_ONLY),
}

OUTSIDER_CASES = [
    (name, lambda r, o, kwargs_for=kwargs_for: kwargs_for(o), ROLES[2:])
    for name, (kwargs_for, expected) in ENTRIES.items()
    if expected is ORGANISATION_WIDE or expected is PACK
] + [
    (
        "evaluation:organisation_figures",
        lambda r, o: _period(o),
        ["secretariat", "administrator"],
    )
]
