"""The consultation (høring): the secretariat and administrators change, the steering group reads,
coordinators have no access; the public pages need no login."""

from tests.matrix import ORGANISATION_WIDE, PUBLIC, ROLES, statuses

#: Changes: the steering group reads only, coordinators have no access at all.
SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)
#: POST-only URLs: logged-in users get 405 for a GET (tests/test_consultation.py covers their POSTs).
POST_ONLY = statuses(302, 405, 405, 405, 405)


def _strategy(r):
    return {"pk": r.strategy.pk}


def _consultation(r):
    return {"pk": r.consultation.pk}


def _party(r):
    return {"pk": r.party.pk}


def _response(r):
    return {"pk": r.response.pk}


def _response_with_attachment(r):
    from tests.test_consultation import attach

    return {"pk": attach(r.response).pk}


def _token(r):
    return {"token": r.consultation.public_token}


ENTRIES = {
    "strategies:consultation_create": (_strategy, SECRETARIAT_ONLY),
    "strategies:consultation_detail": (_consultation, ORGANISATION_WIDE),
    "strategies:consultation_edit": (_consultation, SECRETARIAT_ONLY),
    "strategies:party_create": (_consultation, SECRETARIAT_ONLY),
    "strategies:party_edit": (_party, SECRETARIAT_ONLY),
    "strategies:party_delete": (_party, POST_ONLY),
    "strategies:response_moderate": (_response, ORGANISATION_WIDE),
    "strategies:response_attachment": (_response_with_attachment, ORGANISATION_WIDE),
    "strategies:consultation_memo_pdf": (_consultation, statuses(302, 403, 302, 302, 302)),  # to the document
    "strategies:consultation_memo_xlsx": (_consultation, ORGANISATION_WIDE),
    # Without login: anyone with the link reads the draft (the fixture's consultation is closed).
    "strategies:consultation_public": (_token, PUBLIC),
    "strategies:consultation_thanks": (_token, PUBLIC),
}

_OTHER = {_strategy: "strategy", _consultation: "consultation", _party: "party", _response: "response"}

OUTSIDER_CASES = [
    # Another organisation's consultations, parties and responses do not exist for those who read ours.
    *[
        (name, lambda r, o, attribute=_OTHER[kwargs_for]: {"pk": getattr(o, attribute).pk}, ROLES[2:])
        for name, (kwargs_for, expected) in ENTRIES.items()
        if kwargs_for in _OTHER and expected is not POST_ONLY
    ],
    ("strategies:response_attachment", lambda r, o: _response_with_attachment(o), ROLES[2:]),
]
