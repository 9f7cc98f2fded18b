"""The permission matrix, in parts by area; tests/test_permissions.py merges them.

Each part defines ENTRIES: url name -> (kwargs from the `region` fixture, expected status per role),
built with `statuses(...)`, and may define OUTSIDER_CASES like tests/test_permissions.py's.
"""

ROLES = ["anonymous", "coordinator", "secretariat", "steering_group", "administrator"]


def statuses(anonymous, coordinator, secretariat, steering_group, administrator):
    return dict(zip(ROLES, [anonymous, coordinator, secretariat, steering_group, administrator], strict=True))


EVERYONE_LOGGED_IN = statuses(302, 200, 200, 200, 200)
PUBLIC = statuses(200, 200, 200, 200, 200)
ORGANISATION_WIDE = statuses(302, 403, 200, 200, 200)
#: Pages that change data: the steering group reads only.
CHANGING = statuses(302, 200, 200, 403, 200)
