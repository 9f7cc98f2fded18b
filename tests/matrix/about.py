"""The accessibility statement and the privacy page (issue 15): public, for every organisation, linked from
every page's footer."""

from tests.matrix import PUBLIC

ENTRIES = {
    "accessibility_statement": (lambda r: {}, PUBLIC),
    "organisation_accessibility": (lambda r: {"organisation": r.organisation.pk}, PUBLIC),
    "privacy_notice": (lambda r: {}, PUBLIC),
    "organisation_privacy": (lambda r: {"organisation": r.organisation.pk}, PUBLIC),
}
