"""Collaboration agreements: list, form, detail, workflow steps, PDF and review reminders."""

from tests.matrix import CHANGING, EVERYONE_LOGGED_IN, ROLES, statuses

#: The PDF answers with a redirect: to the document's download, or to the page that waits for it.
REDIRECTS = statuses(302, 302, 302, 302, 302)


def _agreement(r):
    return {"pk": r.agreement.pk}


ENTRIES = {
    "agreements:agreement_list": (lambda r: {}, EVERYONE_LOGGED_IN),
    "agreements:agreement_create": (lambda r: {}, CHANGING),
    "agreements:agreement_detail": (_agreement, EVERYONE_LOGGED_IN),
    "agreements:agreement_edit": (_agreement, CHANGING),
    "agreements:agreement_pdf": (_agreement, REDIRECTS),
    "agreements:agreement_tr_dialogue": (_agreement, CHANGING),
    "agreements:agreement_approve": (_agreement, CHANGING),
    "agreements:agreement_activate": (_agreement, CHANGING),
    "agreements:agreement_review": (_agreement, CHANGING),
    "agreements:agreement_end": (_agreement, CHANGING),
    "agreements:reminder_list": (lambda r: {}, EVERYONE_LOGGED_IN),
}

#: The pages of one agreement.
AGREEMENT_PAGES = [name for name, (kwargs_for, expected) in ENTRIES.items() if kwargs_for is _agreement]

OUTSIDER_CASES = [
    # Another organisation's agreements do not exist for anybody.
    *[(name, lambda r, o: {"pk": o.agreement.pk}, ROLES[1:]) for name in AGREEMENT_PAGES],
    # A coordinator does not see the agreements of a colleague's unit.
    *[(name, lambda r, o: {"pk": r.other_agreement.pk}, ["coordinator"]) for name in AGREEMENT_PAGES],
]
