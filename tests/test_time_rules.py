"""Rules of time (issue 12): a meeting is held only once it has begun, minutes are approved on or after
the meeting, an agreement is approved on or after its TR dialogue, and seat quotas count the members
whose terms overlap, so that a successor can be entered ahead. The messages name the dates."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from agreements.models import Agreement, AgreementError
from meetings.models import Meeting, MeetingError, Membership, SeatCategory
from meetings.seats import check_seats


def at(day, hour=12, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def meeting(region):
    Meeting.objects.filter(pk=region.meeting.pk).update(
        date=date(2027, 1, 14), start_time=time(10), end_time=time(12), status=Meeting.Status.PUBLISHED
    )
    region.meeting.refresh_from_db()
    return region.meeting


def test_a_meeting_is_not_held_before_it_begins(meeting):
    with time_machine.travel(at(date(2026, 12, 4)), tick=False), pytest.raises(MeetingError) as error:
        meeting.mark_held()
    assert error.value.messages == [
        "Mødet begynder først 14. januar 2027 kl. 10.00; det kan ikke markeres som afholdt før."
    ]
    with time_machine.travel(at(date(2027, 1, 14), 9, 59), tick=False), pytest.raises(MeetingError):
        meeting.mark_held()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    with time_machine.travel(at(date(2027, 1, 14), 10, 0), tick=False):
        meeting.mark_held()
    assert meeting.status == Meeting.Status.HELD


def test_a_meeting_is_marked_held_on_a_given_moment(meeting):
    """The demo walks its meetings on its own day, not the clock's."""
    with time_machine.travel(at(date(2026, 12, 4)), tick=False):
        meeting.mark_held(now=at(date(2027, 1, 14), 10, 0))
    assert meeting.status == Meeting.Status.HELD


def test_the_held_step_page_says_when_the_meeting_begins(client, region, meeting):
    client.force_login(region.users["secretariat"])
    with time_machine.travel(at(date(2026, 12, 4)), tick=False):
        response = client.post(reverse("meetings:meeting_step", args=[meeting.pk, "held"]))
    assert response.status_code == 200
    assert escape("Mødet begynder først 14. januar 2027 kl. 10.00") in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED


def test_minutes_are_approved_on_or_after_the_meeting(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
    meeting.refresh_from_db()
    # Drafted too early (imported data): still not before the meeting has begun.
    with time_machine.travel(at(date(2026, 12, 4)), tick=False), pytest.raises(MeetingError) as error:
        meeting.approve_minutes("Formanden", date(2026, 12, 4))
    assert error.value.messages == [
        "Mødet begynder først 14. januar 2027 kl. 10.00; referatet kan ikke godkendes før."
    ]
    with time_machine.travel(at(date(2027, 1, 20)), tick=False):
        with pytest.raises(MeetingError) as error:
            meeting.approve_minutes("Formanden", date(2027, 1, 13))
        assert error.value.messages == [
            "Mødet blev holdt 14. januar 2027; referatet kan ikke godkendes før, den 13. januar 2027."
        ]
        with pytest.raises(MeetingError) as error:
            meeting.approve_minutes("Formanden", date(2027, 1, 21))
        assert error.value.messages == [
            "Referatet kan ikke godkendes den 21. januar 2027: den dag er ikke kommet endnu."
        ]
        meeting.approve_minutes("Formanden", date(2027, 1, 14))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert meeting.minutes_approved_on == date(2027, 1, 14)


def test_a_meeting_outside_the_bodys_term_names_the_term(region):
    region.body.term_start, region.body.term_end = date(2018, 3, 1), date(2019, 6, 30)
    region.body.save()
    meeting = Meeting(body=region.body, date=date(2019, 7, 1), start_time=time(9), end_time=time(10))
    with pytest.raises(Exception) as error:
        meeting.full_clean()
    assert error.value.message_dict["date"] == [
        "Datoen ligger uden for organets periode (1. marts 2018 – 30. juni 2019)."
    ]


@pytest.fixture
def agreement(region):
    return Agreement.objects.create(
        organisation=region.hospital.organisation,
        unit=region.hospital,
        volunteer_organisation=region.volunteer_organisation,
        title="Patient- og pårørendecafé",
        kind=Agreement.Kind.VOLUNTEER_CENTRE,
        purpose="Et mødested.",
        target_group="Patienter.",
        volunteer_tasks="Værtskab",
        professional_tasks="Information",
        start_date=date(2026, 2, 1),
        review_date=date(2027, 2, 1),
    )


def test_an_agreement_is_not_approved_before_its_tr_dialogue(agreement):
    agreement.record_tr_dialogue(date(2026, 1, 10), "Hanne Møller (TR)", "Enige")
    with pytest.raises(AgreementError) as error:
        agreement.approve("Jens Østergaard, direktør", date(2026, 1, 9))
    assert error.value.messages == [
        "TR-dialogen blev holdt 10. januar 2026; godkendelsen kan ikke dateres før, den 9. januar 2026."
    ]
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.TR_DIALOGUE
    agreement.approve("Jens Østergaard, direktør", date(2026, 1, 10))
    assert agreement.status == Agreement.Status.APPROVED


def test_neither_the_tr_dialogue_nor_the_approval_lies_ahead(agreement):
    with time_machine.travel(at(date(2026, 12, 4)), tick=False):
        with pytest.raises(AgreementError) as error:
            agreement.record_tr_dialogue(date(2027, 6, 1), "Hanne Møller (TR)", "Enige")
        assert error.value.messages == [
            "TR-dialogen kan ikke registreres som holdt 1. juni 2027: den dag er ikke kommet endnu."
        ]
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.DRAFT and agreement.tr_dialogue_on is None
        agreement.record_tr_dialogue(date(2026, 12, 4), "Hanne Møller (TR)", "Enige")
        with pytest.raises(AgreementError) as error:
            agreement.approve("Jens Østergaard, direktør", date(2026, 12, 5))
        assert error.value.messages == [
            "Godkendelsen kan ikke dateres 5. december 2026: den dag er ikke kommet endnu."
        ]
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.TR_DIALOGUE


def test_an_agreements_review_date_is_not_before_its_start(region):
    agreement = Agreement(start_date=date(2026, 2, 1), review_date=date(2026, 1, 31))
    with pytest.raises(Exception) as error:
        agreement.clean()
    assert error.value.message_dict["review_date"] == [
        "Revisionsdatoen, 31. januar 2026, ligger før startdatoen, 1. februar 2026."
    ]


# --- seat quotas over time -----------------------------------------------------------------------------


@pytest.fixture
def volunteers_seats(region):
    category = SeatCategory.objects.create(body=region.body, name="Frivilligrepræsentanter", required=2)
    for name, end in [("Anne Holm", date(2027, 5, 31)), ("Bo Kristensen", None)]:
        Membership.objects.create(
            body=region.body,
            name=name,
            role="member",
            seat_category=category,
            start=date(2026, 1, 1),
            end=end,
        )
    return category


def add_member(client, region, category, **fields):
    data = {"name": "Mette Lauridsen", "role": "member", "seat_category": category.pk, **fields}
    return client.post(reverse("meetings:membership_create", args=[region.body.pk]), data)


def test_a_successor_is_entered_ahead_of_the_day_the_member_leaves(client, region, volunteers_seats):
    client.force_login(region.users["secretariat"])
    with time_machine.travel(at(date(2026, 12, 4)), tick=False):
        response = add_member(client, region, volunteers_seats, start="2027-06-01")
    assert response.status_code == 302
    assert volunteers_seats.memberships.count() == 3
    # The body's page counts the seats held today: the successor is not a member too many.
    categories, memberships = [volunteers_seats], list(volunteers_seats.memberships.all())
    quota = check_seats(categories, memberships, date(2026, 12, 4)).quotas[0]
    assert (quota.filled, quota.extra) == (2, 0)
    assert check_seats(categories, memberships, date(2027, 6, 1)).quotas[0].filled == 2


def test_overlapping_members_beyond_the_seats_are_refused_naming_the_days(client, region, volunteers_seats):
    client.force_login(region.users["secretariat"])
    with time_machine.travel(at(date(2026, 12, 4)), tick=False):
        response = add_member(client, region, volunteers_seats, start="2027-05-01", end="2027-12-31")
    assert response.status_code == 200
    assert (
        escape(
            "»Frivilligrepræsentanter« har allerede alle sine 2 pladser besat (1. maj 2027 – 31. maj 2027)."
        )
        in response.content.decode()
    )
    assert 'value="2027-05-01"' in response.content.decode()
    assert volunteers_seats.memberships.count() == 2
    # Without a start date the new member takes a seat from today, until Anne Holm leaves.
    with time_machine.travel(at(date(2026, 12, 4)), tick=False):
        response = add_member(client, region, volunteers_seats)
    assert escape("(4. december 2026 – 31. maj 2027)") in response.content.decode()
    assert volunteers_seats.memberships.count() == 2
