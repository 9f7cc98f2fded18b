"""Single sign-on (issue 13): the login page's e-mail form (POST only), an organisation's own sign-in link
(404 without single sign-on, as the region has in the matrix), the provider's callback (refused without a
sign-in under way, for everybody alike) and the administrators' settings page."""

from tests.matrix import statuses

ENTRIES = {
    "accounts:sign_on": (lambda r: {}, statuses(405, 405, 405, 405, 405)),
    "accounts:sign_on_start": (
        lambda r: {"organisation": r.organisation.pk},
        statuses(404, 404, 404, 404, 404),
    ),
    "accounts:sign_on_callback": (lambda r: {}, statuses(403, 403, 403, 403, 403)),
    "administration:sign_on": (lambda r: {}, statuses(302, 403, 403, 403, 200)),
}
