"""Who is invited to a meeting, who sent apologies (afbud) and who was there.

The body's members on the meeting's date are invited (`invite_members`): when the meeting is created or
its date changes, when a member is added or changed, when the agenda is published and whenever the
secretary opens the attendance page, until the minutes are approved. Before the meeting begins a member
sends apologies, through the secretary or their own private link; once it has begun the secretary marks
each one present or absent and adds the guests. Approved minutes lock it all.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from volunteers.models import NotificationKind, User
from volunteers.notifications import hand_off

from .models import Attendance, Meeting, MeetingError, Membership

Status = Attendance.Status


def members_on(meeting):
    """The body's memberships that hold on the meeting's date, in the body's order."""
    return meeting.body.memberships.filter(
        models.Q(start__isnull=True) | models.Q(start__lte=meeting.date),
        models.Q(end__isnull=True) | models.Q(end__gte=meeting.date),
    ).order_by("pk")


def has_started(meeting, now=None):
    return (now or timezone.now()) >= meeting.starts_at


def invite_members(meeting, now=None):
    """Bring the invitations in step with the body's members on the meeting's date; idempotent.

    Members without an invitation are invited. Before the meeting begins, the invitations of those who are
    no longer members on that date are withdrawn and names and affiliations follow the member's record;
    once it has begun they stay as they were (the minutes keep who was invited). Approved minutes: nothing
    changes."""
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        return
    members = list(members_on(meeting))
    invited = {a.membership_id: a for a in meeting.attendances.filter(membership__isnull=False)}
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, membership=m, name=m.name, represents=m.represents)
        for m in members
        if m.pk not in invited
    )
    if has_started(meeting, now):
        return
    current = {m.pk: m for m in members}
    gone = [a.pk for membership_id, a in invited.items() if membership_id not in current]
    if gone:
        Attendance.objects.filter(pk__in=gone).delete()
    renamed = []
    for membership_id, attendance in invited.items():
        member = current.get(membership_id)
        if member and (attendance.name, attendance.represents) != (member.name, member.represents):
            attendance.name, attendance.represents = member.name, member.represents
            renamed.append(attendance)
    if renamed:
        Attendance.objects.bulk_update(renamed, ["name", "represents"])
    # Members whose invitation was lost with a deleted membership: nothing to keep before the meeting.
    meeting.attendances.filter(membership__isnull=True, is_guest=False).delete()


def invite_to_coming_meetings(body):
    """After a change to the body's members: its meetings from today on are brought in step."""
    for meeting in body.meetings.filter(date__gte=timezone.localdate()).select_related("body"):
        invite_members(meeting)


# --- apologies ---------------------------------------------------------------------------------------------


def require_before_start(meeting, now):
    if meeting.status == Meeting.Status.MINUTES_APPROVED or has_started(meeting, now):
        raise MeetingError(
            _(
                "The meeting began on %(date)s at %(time)s; apologies are sent before it begins. "
                "The secretary records who was absent."
            )
            % _when(meeting)
        )


def send_apologies(attendance, *, by_member=False, now=None):
    """Apologies (afbud) for the meeting, before it begins; the member's own are told to the secretary."""
    meeting = attendance.meeting
    now = now or timezone.now()
    require_before_start(meeting, now)
    if attendance.status == Status.APOLOGISED:
        return
    attendance.status, attendance.apologised_at = Status.APOLOGISED, now
    attendance.save(update_fields=["status", "apologised_at"])
    if by_member:
        _tell_secretaries(
            attendance,
            f"apologies:{attendance.pk}:{now.isoformat()}",
            _("%(name)s has sent apologies for %(meeting)s on %(date)s."),
        )


def withdraw_apologies(attendance, *, by_member=False, now=None):
    """The member comes after all (before the meeting begins)."""
    meeting = attendance.meeting
    now = now or timezone.now()
    require_before_start(meeting, now)
    if attendance.status != Status.APOLOGISED:
        return
    attendance.status, attendance.apologised_at = Status.INVITED, None
    attendance.save(update_fields=["status", "apologised_at"])
    if by_member:
        _tell_secretaries(
            attendance,
            f"apologies:{attendance.pk}:withdrawn:{now.isoformat()}",
            _("%(name)s has withdrawn their apologies for %(meeting)s on %(date)s and will attend."),
        )


def secretaries(meeting):
    """(users, addresses) told about a member's apologies: the body's secretaries, else the secretariat."""
    users, addresses = [], []
    for secretary in meeting.body.memberships.filter(role=Membership.Role.SECRETARY).select_related("user"):
        if secretary.user and secretary.user.is_active:
            users.append(secretary.user)
        elif secretary.email:
            addresses.append(secretary.email)
    if not (users or addresses):
        return list(User.objects.secretariat(meeting.body.organisation_id)), []
    return users, addresses


def _tell_secretaries(attendance, key, message):
    meeting = attendance.meeting
    users, addresses = secretaries(meeting)
    # No kind of its own (a new kind is a migration of the volunteers app): the meeting notices' kind.
    hand_off(
        meeting.body.organisation,
        NotificationKind.MEETING_REMINDER,
        key,
        reverse("meetings:attendance", args=[meeting.pk]),
        message,
        {"name": attendance.name, "meeting": meeting.body, "date": date_format(meeting.date)},
        users=users,
        addresses=addresses,
    )


# --- on the day ----------------------------------------------------------------------------------------


def _require_started(meeting, now):
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise MeetingError(_("The minutes are approved; the attendance can no longer be changed."))
    if not has_started(meeting, now):
        raise MeetingError(
            _("The meeting begins on %(date)s at %(time)s; who was present is recorded from then on.")
            % _when(meeting)
        )


def _when(meeting):
    # "kl. 9.00": the Danish way of writing the time of day in a sentence.
    return {"date": date_format(meeting.date), "time": time_format(meeting.start_time)}


def apologised_in_time(attendance):
    """Apologies sent before the meeting began: only those are “afbud” in the minutes."""
    at = attendance.apologised_at
    return attendance.status == Status.APOLOGISED and at is not None and at < attendance.meeting.starts_at


def record(meeting, statuses, now=None):
    """``statuses``: attendance -> its new status. Before the meeting: invited or apologies; from its start
    until the minutes are approved: present or absent (apologies stay for those who sent them in time)."""
    now = now or timezone.now()
    started = has_started(meeting, now)
    if started:
        _require_started(meeting, now)
    changed = []
    with transaction.atomic():
        for attendance, status in statuses.items():
            if status == attendance.status:
                continue
            if not started:
                if status not in (Status.INVITED, Status.APOLOGISED):
                    _require_started(meeting, now)
                if status == Status.APOLOGISED:
                    send_apologies(attendance, now=now)
                else:
                    withdraw_apologies(attendance, now=now)
                continue
            if status == Status.APOLOGISED and not apologised_in_time(attendance):
                raise MeetingError(
                    _("Apologies are sent before the meeting begins; mark %(name)s as absent.")
                    % {"name": attendance.name}
                )
            if status == Status.INVITED:
                continue
            attendance.status = status
            changed.append(attendance)
        Attendance.objects.bulk_update(changed, ["status"])
    return changed


def add_guest(meeting, name, represents="", now=None):
    _require_started(meeting, now)
    return Attendance.objects.create(
        meeting=meeting, name=name, represents=represents, is_guest=True, status=Status.PRESENT
    )


def remove_guest(guest, now=None):
    _require_started(guest.meeting, now)
    guest.delete()


# --- as shown -----------------------------------------------------------------------------------------------


@dataclass
class Summary:
    """The names in each group, in the order of the invitation (the body's order), then the guests."""

    invited: list = field(default_factory=list)
    present: list = field(default_factory=list)
    apologised: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    guests: list = field(default_factory=list)

    def __bool__(self):
        return any((self.invited, self.present, self.apologised, self.absent, self.guests))

    @property
    def recorded(self):
        """Whether anyone is marked present or absent (the meeting has been held)."""
        return bool(self.present or self.absent or self.guests)


def display_name(attendance):
    """“Erik Vinther (V)”, “Jakob Olesen (Koncern HR)”: what the person represents in parentheses, so that
    the names stay apart in a list separated by commas."""
    represents = attendance.represents.strip()
    if not represents:
        return attendance.name
    if not (represents.startswith("(") and represents.endswith(")")):
        represents = f"({represents})"
    return f"{attendance.name} {represents}"


def summary(meeting, attendances=None):
    """The meeting's attendance in groups of names for the meeting page, the minutes and the PDFs."""
    result = Summary()
    rows = attendances if attendances is not None else meeting.attendances.all()
    groups = {
        Status.INVITED: result.invited,
        Status.PRESENT: result.present,
        Status.APOLOGISED: result.apologised,
        Status.ABSENT: result.absent,
    }
    for attendance in sorted(rows, key=lambda a: (a.is_guest, a.pk)):
        (result.guests if attendance.is_guest else groups[attendance.status]).append(display_name(attendance))
    return result
