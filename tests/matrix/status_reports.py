"""Half-year status reports (issue 6): a coordinator sees, writes and submits their own units' reports
(another unit's report is 404 for them); the secretariat and administrators see all, write them too and
accept or return them; the steering group reads everything and gets 403 on every change."""

from tests.factories import StatusReportFactory
from tests.followup import follow_up
from tests.matrix import CHANGING, EVERYONE_LOGGED_IN, ROLES, statuses

#: POST-only URLs: logged-in users get 405 for a GET (tests/test_status_reports.py covers their POSTs).
POST_ONLY = statuses(302, 405, 405, 405, 405)


def _report(r):
    return {"pk": follow_up(r).report.pk}


def _start(r):
    follow = follow_up(r)
    return {"pk": follow.periods[1].pk, "unit": r.hospital.pk}


def _strategy(r):
    return {"pk": follow_up(r).strategy.pk}


def _other_units_report(r):
    """The other hospital's report, in the coordinator's own organisation."""
    return {"pk": StatusReportFactory(period=follow_up(r).periods[0], unit=r.other_hospital).pk}


ENTRIES = {
    "evaluation:report_list": (lambda r: {}, EVERYONE_LOGGED_IN),
    "evaluation:report_start": (_start, POST_ONLY),
    "evaluation:period_list": (_strategy, EVERYONE_LOGGED_IN),
    "evaluation:report_detail": (_report, EVERYONE_LOGGED_IN),
    "evaluation:report_edit": (_report, CHANGING),
    "evaluation:report_submit": (_report, POST_ONLY),
    # The acceptance's confirmation page: the secretariat decides, everyone else reads only.
    "evaluation:report_decide": (_report, statuses(302, 403, 200, 403, 200)),
}

OUTSIDER_CASES = [
    # Another organisation's reports, periods and strategies do not exist for anybody.
    ("evaluation:report_detail", lambda r, o: _report(o), ROLES[1:]),
    ("evaluation:report_edit", lambda r, o: _report(o), ROLES[1:]),
    ("evaluation:report_decide", lambda r, o: _report(o), ROLES[1:]),
    ("evaluation:period_list", lambda r, o: _strategy(o), ROLES[1:]),
    # A coordinator sees their own units' reports, not their colleagues'.
    ("evaluation:report_detail", lambda r, o: _other_units_report(r), ["coordinator"]),
    ("evaluation:report_edit", lambda r, o: _other_units_report(r), ["coordinator"]),
]
