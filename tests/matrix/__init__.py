"""The permission matrix, in parts by area; tests/test_permissions.py merges them.

Each part defines ENTRIES: url name -> (kwargs from the `region` fixture, expected status per role),
built with `statuses(...)`, and may define OUTSIDER_CASES like tests/test_permissions.py's. A kwargs
function may make the object it points at (with tests/factories.py): it runs inside the test's own
transaction, on top of the organisations that test_permissions.py builds once (tests/conftest.py's
module_regions), so the object is gone before the next test.
"""

ROLES = ["anonymous", "coordinator", "secretariat", "steering_group", "administrator"]
#: The roles in the order the page-by-page tests try them: the first that may see a page looks at it.
VIEWERS = ["coordinator", "secretariat", "administrator", "steering_group", "anonymous"]


def statuses(anonymous, coordinator, secretariat, steering_group, administrator):
    return dict(zip(ROLES, [anonymous, coordinator, secretariat, steering_group, administrator], strict=True))


EVERYONE_LOGGED_IN = statuses(302, 200, 200, 200, 200)
PUBLIC = statuses(200, 200, 200, 200, 200)
ORGANISATION_WIDE = statuses(302, 403, 200, 200, 200)
#: Pages that change data: the steering group reads only.
CHANGING = statuses(302, 200, 200, 403, 200)
