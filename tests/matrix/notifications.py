"""Notifications (issue 12): everybody logged in reads their own and chooses which kinds are also
e-mailed; following a notification's link marks it read, and only its owner can (another's is a 404)."""

from tests.matrix import EVERYONE_LOGGED_IN, statuses
from volunteers.models import Notification, Role


def _coordinators_notification(r):
    notification = Notification.objects.create(
        user=r.users[Role.COORDINATOR], message="Statusrapporten er sendt retur", url="/"
    )
    return {"pk": notification.pk}


ENTRIES = {
    "volunteers:notification_settings": (lambda r: {}, EVERYONE_LOGGED_IN),
    "volunteers:notification_open": (_coordinators_notification, statuses(302, 302, 404, 404, 404)),
}
