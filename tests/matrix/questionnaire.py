"""The two-year evaluation questionnaire: the secretariat and administrators set it up, the steering group
reads its results and report, coordinators have no access; the answer pages need no login."""

from tests.matrix import ORGANISATION_WIDE, PUBLIC, ROLES, statuses

#: Changes: the steering group reads only, coordinators have no access at all.
SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)
#: The report PDF: readers are sent on to the documents app's page that waits for it.
REPORT = statuses(302, 403, 302, 302, 302)


def _strategy(r):
    from tests.followup import follow_up

    return {"pk": follow_up(r).strategy.pk}


def _questionnaire(r):
    from tests.test_questionnaire import make_questionnaire

    return {"pk": make_questionnaire(r).pk}


def _token(r):
    from tests.test_questionnaire import make_questionnaire

    return {"token": make_questionnaire(r).links.first().token}


ENTRIES = {
    "evaluation:questionnaire_create": (_strategy, SECRETARIAT_ONLY),
    "evaluation:questionnaire_detail": (_questionnaire, ORGANISATION_WIDE),
    "evaluation:questionnaire_edit": (_questionnaire, SECRETARIAT_ONLY),
    "evaluation:questions_edit": (_questionnaire, SECRETARIAT_ONLY),
    "evaluation:links_add": (_questionnaire, SECRETARIAT_ONLY),
    "evaluation:invited_edit": (_questionnaire, SECRETARIAT_ONLY),
    "evaluation:questionnaire_results": (_questionnaire, ORGANISATION_WIDE),
    "evaluation:evaluation_report_pdf": (_questionnaire, REPORT),
    # Without login: anyone with a unit's link answers (the fixture's questionnaire is open today).
    "evaluation:answer": (_token, PUBLIC),
    "evaluation:answer_thanks": (_token, PUBLIC),
}

_READ = [
    "evaluation:questionnaire_detail",
    "evaluation:questionnaire_results",
    "evaluation:evaluation_report_pdf",
]
_CHANGE = [
    "evaluation:questionnaire_edit",
    "evaluation:questions_edit",
    "evaluation:links_add",
    "evaluation:invited_edit",
]

OUTSIDER_CASES = [
    # Another organisation's questionnaires and strategies do not exist for those who read ours.
    *[(name, lambda r, o: _questionnaire(o), ROLES[2:]) for name in _READ + _CHANGE],
    ("evaluation:questionnaire_create", lambda r, o: _strategy(o), ROLES[2:]),
]
