from .bodies import Body, Membership, SeatCategory
from .meetings import (
    AgendaItem,
    Attachment,
    AttachmentLink,
    Attendance,
    FollowUp,
    FollowUpNote,
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
    "Attendance",
    "Body",
    "FollowUp",
    "FollowUpNote",
    "Meeting",
    "MeetingError",
    "MeetingPlan",
    "MeetingReminder",
    "Membership",
    "MinutesRevision",
    "SeatCategory",
]
