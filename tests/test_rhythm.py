"""The follow-up rhythm of a strategy (issue 12): set up by the secretariat on the schedule page of an
approved strategy (none is made on approval), and the status pack of each period landing on the steering
body's next draft agenda once the period's deadline has passed, exactly once."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from evaluation import status_pack, tasks
from evaluation.models import EvaluationMilestone, ReportingPeriod, ReportingSchedule
from meetings.models import AgendaItem, Attachment, Meeting
from tests.factories import MeetingFactory
from tests.followup import follow_up

APPROVED = date(2027, 1, 4)


@pytest.fixture
def approved(region):
    region.strategy.approve(APPROVED, region.body)
    return region.strategy


def _detail(strategy):
    return reverse("evaluation:schedule_detail", args=[strategy.pk])


def _edit(strategy):
    return reverse("evaluation:schedule_edit", args=[strategy.pk])


def test_an_approved_strategy_without_a_rhythm_says_so(client, region, approved):
    client.force_login(region.users["secretariat"])
    page = client.get(_detail(approved)).content.decode()
    assert "Strategien har endnu ingen opfølgningsrytme" in page
    assert f'href="{_edit(approved)}"' in page
    strategy_page = client.get(approved.get_absolute_url()).content.decode()
    assert f'href="{_edit(approved)}"' in strategy_page and "Opret opfølgningsrytme" in strategy_page

    client.force_login(region.users["steering_group"])
    page = client.get(_detail(approved)).content.decode()
    assert "Strategien har endnu ingen opfølgningsrytme" in page and _edit(approved) not in page
    assert client.get(_edit(approved)).status_code == 403
    client.force_login(region.users["coordinator"])
    assert client.get(_detail(approved)).status_code == 403


def test_the_secretariat_sets_up_a_quarterly_rhythm(client, region, approved):
    client.force_login(region.users["secretariat"])
    form = client.get(_edit(approved))
    assert form.status_code == 200
    assert form.context["form"]["first_period_starts"].value() == APPROVED
    assert form.context["form"]["steering_body"].value() == region.body.pk
    data = {
        "interval_months": 3,
        "first_period_starts": "2027-01-04",
        "units": [region.hospital.pk, region.other_hospital.pk],
        "deadline_days": 21,
        "reminder_days": 7,
        "steering_body": region.body.pk,
        "evaluation_months": 24,
    }
    response = client.post(_edit(approved), data)
    assert response.status_code == 302 and response["Location"] == _detail(approved)
    schedule = ReportingSchedule.objects.get(strategy=approved)
    assert (schedule.interval_months, schedule.steering_body) == (3, region.body)
    periods = list(ReportingPeriod.objects.filter(strategy=approved))
    assert len(periods) == 8
    assert (periods[0].starts_on, periods[0].ends_on, periods[0].deadline) == (
        date(2027, 1, 4),
        date(2027, 4, 3),
        date(2027, 4, 24),
    )
    assert EvaluationMilestone.objects.get(strategy=approved, kind="report").due_on == date(2029, 1, 4)
    page = client.get(response["Location"]).content.decode()
    assert "Kvartal 8" in page and "Opfølgningsrytmen er oprettet." in page
    assert str(region.body) in page


def test_a_body_of_another_organisation_cannot_take_the_status(client, region, other_region, approved):
    client.force_login(region.users["secretariat"])
    data = {
        "interval_months": 6,
        "first_period_starts": "2027-01-04",
        "units": [region.hospital.pk],
        "deadline_days": 30,
        "reminder_days": 7,
        "steering_body": other_region.body.pk,
    }
    response = client.post(_edit(approved), data)
    assert response.status_code == 200 and "steering_body" in response.context["form"].errors
    assert not ReportingSchedule.objects.filter(strategy=approved).exists()
    client.force_login(region.users["steering_group"])
    assert client.post(_edit(approved), data | {"steering_body": region.body.pk}).status_code == 403
    assert not ReportingSchedule.objects.filter(strategy=approved).exists()


# --- the status pack on the steering body's agenda -----------------------------------------------------


def _sweep(capture, today):
    with capture(execute=False):  # the reminders' sending is not what this is about
        tasks.sweep(today=today)


def _packs():
    return AgendaItem.objects.filter(status_pack_period__isnull=False)


def test_the_status_pack_lands_once_on_the_steering_bodys_next_draft_meeting(
    region, django_capture_on_commit_callbacks
):
    followed = follow_up(region)  # half year 1: deadline 30 July 2019; half year 2: 30 January 2020
    followed.schedule.steering_body = region.body
    followed.schedule.save()
    first, second = followed.periods[:2]
    Meeting.objects.filter(body=region.body).update(status=Meeting.Status.PUBLISHED)

    _sweep(django_capture_on_commit_callbacks, date(2019, 7, 30))  # the deadline day itself: not yet
    _sweep(django_capture_on_commit_callbacks, date(2019, 7, 31))  # no draft meeting: waits for one
    assert not _packs().exists()

    september = MeetingFactory(plan=region.plan, date=date(2019, 9, 15))
    october = MeetingFactory(plan=region.plan, date=date(2019, 10, 15))
    AgendaItem.objects.create(meeting=september, position=1, title="Godkendelse af dagsorden")
    _sweep(django_capture_on_commit_callbacks, date(2019, 8, 1))
    item = _packs().get()
    assert (item.meeting, item.position) == (september, 2)
    with translation.override("da"):
        assert item.title == "Status på implementeringen af frivillighedsstrategien, Halvår 1"
    attachment = Attachment.objects.get(item=item)
    assert attachment.filename == status_pack.filename(first)
    assert attachment.file.read().startswith(b"%PDF-")
    first.refresh_from_db()
    assert first.status_pack_item == item

    # The next days' sweeps add nothing: not again on this meeting, nor on the next one.
    _sweep(django_capture_on_commit_callbacks, date(2019, 8, 2))
    _sweep(django_capture_on_commit_callbacks, date(2019, 9, 20))
    assert _packs().count() == 1 and not october.items.exists()

    # Half year 2: its next meeting's agenda is published already, so the pack goes on the one after.
    MeetingFactory(plan=region.plan, date=date(2020, 2, 5), status=Meeting.Status.PUBLISHED)
    march = MeetingFactory(plan=region.plan, date=date(2020, 3, 5))
    _sweep(django_capture_on_commit_callbacks, date(2020, 1, 31))
    assert list(_packs().order_by("meeting__date").values_list("meeting", "status_pack_period")) == [
        (september.pk, first.pk),
        (march.pk, second.pk),
    ]


def test_without_a_steering_body_no_pack_lands(region, django_capture_on_commit_callbacks):
    follow_up(region)
    MeetingFactory(plan=region.plan, date=date(2019, 9, 15))
    _sweep(django_capture_on_commit_callbacks, date(2019, 8, 1))
    assert not _packs().exists()
