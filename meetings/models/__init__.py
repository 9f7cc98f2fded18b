from .bodies import Body, Membership, SeatCategory
from .meetings import (
    AgendaItem,
    Attachment,
    AttachmentLink,
    FollowUpTask,
    Meeting,
    MeetingError,
    MeetingPlan,
    MeetingReminder,
    MinutesRevision,
)

__all__ = [
    "AgendaItem",
    "Attachment",
    "AttachmentLink",
    "Body",
    "FollowUpTask",
    "Meeting",
    "MeetingError",
    "MeetingPlan",
    "MeetingReminder",
    "Membership",
    "MinutesRevision",
    "SeatCategory",
]
