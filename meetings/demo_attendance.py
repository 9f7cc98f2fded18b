"""Demo attendance: seed 003's first meeting and the meetings around the demo day.

Seed 003's minutes name no apologies or absences, and open with "a presentation of the committee's
members", so its seven members are recorded as present; item 2's decision says that Jakob Olesen (Koncern
HR) presented, so he is its guest. The meetings around the demo day are invented: the members on their
dates are invited, those held have their attendance recorded with one member's apologies, and one coming
meeting has apologies sent already. Running it twice changes nothing.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .attendance import invite_members, members_on, send_apologies
from .models import Attendance, Body, Meeting

Status = Attendance.Status

#: Seed 003, item 2: "Kontorchef Jakob Olesen præsenterede status og erfaringer ..."
COMMITTEE_GUESTS = [("Jakob Olesen", "Koncern HR")]

#: Invented: (organisation, body) -> the member who sends apologies for the body's meetings around the
#: demo day (held: sent the day before; coming: sent on the demo day).
APOLOGIES = {
    ("Aarhus Kommune", "Chefteamet i Sundhed og Omsorg"): "Henriette Andersen",
}


def create(today):
    _seed_003()
    end_of_day = timezone.make_aware(datetime.combine(today, time(23, 59)))
    for (organisation, name), member in APOLOGIES.items():
        body = Body.objects.get(organisation__name=organisation, name=name)
        for meeting in body.meetings.filter(date__gte=today - timedelta(days=60)).select_related("body"):
            _live(meeting, member, today, end_of_day)
    held = Meeting.objects.filter(
        status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED], date__gte=today - timedelta(days=60)
    ).select_related("body")
    for meeting in held:
        _live(meeting, None, today, end_of_day)


def _seed_003():
    from .demo import COMMITTEE, FIRST_MEETING  # meetings.demo calls this module

    body = Body.objects.get(organisation__name=COMMITTEE[0], name=COMMITTEE[1])
    meeting = body.meetings.get(date=FIRST_MEETING["date"])
    for membership in members_on(meeting):
        Attendance.objects.get_or_create(
            meeting=meeting,
            membership=membership,
            defaults={"name": membership.name, "represents": membership.represents, "status": Status.PRESENT},
        )
    for name, represents in COMMITTEE_GUESTS:
        Attendance.objects.get_or_create(
            meeting=meeting,
            name=name,
            is_guest=True,
            defaults={"represents": represents, "status": Status.PRESENT},
        )


def _live(meeting, apologising, today, end_of_day):
    """Invite the members; a held meeting whose attendance is not recorded yet gets it recorded."""
    invite_members(meeting, now=end_of_day)
    rows = list(meeting.attendances.filter(is_guest=False))
    if meeting.date > today:
        for row in rows:
            if row.name == apologising and row.status == Status.INVITED:
                row.meeting = meeting
                send_apologies(row, now=timezone.make_aware(datetime.combine(today, time(8))))
        return
    if meeting.status not in (Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED):
        return
    if any(row.status != Status.INVITED for row in rows):
        return  # recorded already
    day_before = meeting.starts_at - timedelta(days=1)
    for row in rows:
        if row.name == apologising:
            row.status, row.apologised_at = Status.APOLOGISED, day_before
        else:
            row.status = Status.PRESENT
    Attendance.objects.bulk_update(rows, ["status", "apologised_at"])
