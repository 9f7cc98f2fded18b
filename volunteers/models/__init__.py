from .imports import Import
from .notifications import EmailOptOut, HandOff, Notification, NotificationKind
from .organisation import (
    ADMINISTRATION,
    NOBODY,
    ORGANISATION_WIDE,
    SECRETARIAT,
    UNIT_STAFF,
    Organisation,
    Role,
    Unit,
    User,
    descendant_ids,
    unit_tree,
)
from .register import (
    Activity,
    ContactPerson,
    TrainingRecord,
    Volunteer,
    VolunteerOrganisation,
    missing_checks_of,
)

__all__ = [
    "ADMINISTRATION",
    "NOBODY",
    "ORGANISATION_WIDE",
    "SECRETARIAT",
    "UNIT_STAFF",
    "Activity",
    "ContactPerson",
    "EmailOptOut",
    "HandOff",
    "Import",
    "Notification",
    "NotificationKind",
    "Organisation",
    "Role",
    "TrainingRecord",
    "Unit",
    "User",
    "Volunteer",
    "VolunteerOrganisation",
    "descendant_ids",
    "missing_checks_of",
    "unit_tree",
]
