"""Start pages that show what is due now (issue 12): the steering group's follow-up of the strategy in
force, the secretariat's waiting work, each only from the organisation's own data."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.models import StatusReport, TargetReport
from meetings.models import AgendaItem, FollowUp, Meeting
from strategies.models import Consultation, ConsultationResponse
from tests.factories import MeetingFactory, StatusReportFactory, UnitFactory
from tests.followup import follow_up
from volunteers.models import Unit

#: A day in the third half year of the fixture's strategy (approved 1 January 2019).
TODAY = date(2020, 2, 10)


@pytest.fixture
def today():
    with time_machine.travel(timezone.make_aware(datetime.combine(TODAY, time(9))), tick=False):
        yield TODAY


def page_of(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def section(page, element_id):
    """The HTML of the <section> with the given id or aria-labelledby."""
    start = page.index(f'"{element_id}"')
    return page[start : page.index("</section>", start)]


def test_the_steering_group_sees_the_follow_up_of_the_strategy_in_force(client, region, other_region, today):
    followed = follow_up(region)
    strategy, periods = followed.strategy, followed.periods
    followed.schedule.steering_body = region.body
    followed.schedule.save()
    third = periods[2]  # 1 January – 30 June 2020, deadline 30 July 2020
    StatusReportFactory(period=third, unit=region.hospital, status=StatusReport.Status.SUBMITTED)
    target = region.effect_target
    target.unit, target.aggregation, target.target = "%", "average", Decimal(80)
    target.save()
    second = periods[1]
    for unit, value in [(region.hospital, "57"), (region.other_hospital, "74.5")]:
        report = StatusReportFactory(period=second, unit=unit, status=StatusReport.Status.ACCEPTED)
        TargetReport.objects.create(report=report, effect_target=target, actual=Decimal(value))
    meeting = MeetingFactory(plan=region.plan, date=TODAY + timedelta(days=20))
    AgendaItem.objects.create(meeting=meeting, position=1, title="Status på implementeringen")
    follow_up(other_region)

    page = section(page_of(client, region.users["steering_group"]), "follow-up-now")
    assert reverse("evaluation:dashboard", args=[strategy.pk]) in page
    assert "Halvår 3 (1. januar 2020 – 30. juni 2020), frist 30. juli 2020" in page
    assert '<span class="fw-semibold">1</span> <span class="report-status report-status-submitted">' in page
    assert "65,75 %" in page and "80 %" in page  # the average of 57 and 74,5, not their sum 131,5
    assert "131,5" not in page
    assert reverse("evaluation:status_pack_pdf", args=[second.pk]) in page  # the latest ended half year
    assert meeting.get_absolute_url() in page and "Status på implementeringen" in page
    assert other_region.organisation.name not in page


def test_the_steering_group_is_told_when_nothing_is_followed_up(client, region, today):
    page = section(page_of(client, region.users["steering_group"]), "follow-up-now")
    assert "Ingen godkendt strategi følges op endnu" in page


def test_the_secretariat_sees_what_waits_for_it(client, region, other_region, today):
    followed = follow_up(region)
    follow_up(other_region)
    report = followed.report
    report.status, report.submitted_at = StatusReport.Status.SUBMITTED, timezone.now()
    report.save()
    held = MeetingFactory(plan=region.plan, date=TODAY - timedelta(days=7), status=Meeting.Status.HELD)
    soon = MeetingFactory(plan=region.plan, date=TODAY + timedelta(days=30))
    later = MeetingFactory(plan=region.plan, date=TODAY + timedelta(days=60))
    FollowUp.objects.create(item=region.item, title="Send referatet", owner="Sekretariatet", deadline=TODAY)
    FollowUp.objects.create(
        item=region.item,
        title="Ring til frivilligcentret",
        owner="Sekretariatet",
        deadline=TODAY - timedelta(1),
    )
    consultation = Consultation.objects.create(
        strategy=region.strategy, opens_on=TODAY - timedelta(days=10), closes_on=TODAY + timedelta(days=10)
    )
    waiting = ConsultationResponse.objects.create(consultation=consultation, name="Ældresagen", text="Godt.")
    ConsultationResponse.objects.create(
        consultation=consultation, name="Afvist", text="Spam", status=ConsultationResponse.Status.REJECTED
    )

    client.force_login(region.users["secretariat"])
    with CaptureQueriesContext(connection) as queries:
        page = page_of(client, region.users["secretariat"])
    # Each list's rows read with what they show: nothing deferred is read row by row.
    ConsultationResponse.objects.update(status=ConsultationResponse.Status.ACCEPTED)
    StatusReport.objects.update(status=StatusReport.Status.ACCEPTED)
    Meeting.objects.all().delete()
    FollowUp.objects.all().delete()
    cache.clear()  # the organisation's count of active volunteers, kept a few minutes
    with CaptureQueriesContext(connection) as empty:
        page_of(client, region.users["secretariat"])
    assert len(queries) == len(empty), [q["sql"][:120] for q in queries.captured_queries]
    upcoming = section(page, "upcoming-title")
    assert soon.get_absolute_url() in upcoming and later.get_absolute_url() not in upcoming  # 6 weeks
    assert held.get_absolute_url() in section(page, "minutes-title")
    assert reverse("evaluation:report_detail", args=[report.pk]) in section(page, "review-title")
    moderate = section(page, "moderate-title")
    assert reverse("strategies:response_moderate", args=[waiting.pk]) in moderate and "Afvist" not in moderate
    overdue = section(page, "tasks-title")
    assert "1 beslutning, anbefaling eller opgave har overskredet fristen." in overdue
    assert "Ring til frivilligcentret" in overdue and "Send referatet" not in overdue  # due today: not yet
    assert other_region.organisation.name not in page


def test_the_secretariats_lists_say_when_they_are_empty(client, region, today):
    ConsultationResponse.objects.update(status=ConsultationResponse.Status.ACCEPTED)  # all moderated
    page = page_of(client, region.users["secretariat"])
    assert "Ingen statusrapporter venter på behandling." in page
    assert "Ingen høringssvar venter på at blive behandlet." in page


def test_the_coordinator_sees_the_reports_their_units_have_not_handed_in(client, region, other_region, today):
    """Per period begun, each of the coordinator's reporting units whose report is not handed in (not
    started, a draft or returned), the open period first: the first ten, and how many there are."""
    followed = follow_up(region)
    follow_up(other_region)
    departments = [
        UnitFactory(
            organisation=region.organisation,
            parent=region.hospital,
            name=f"Afsnit {i}",
            kind=Unit.Kind.DEPARTMENT,
        )
        for i in range(10)
    ]
    followed.schedule.units.add(*departments)
    _first, second, third = followed.periods[:3]  # begun by TODAY; the fourth has not
    returned = StatusReportFactory(period=third, unit=region.hospital, status=StatusReport.Status.RETURNED)
    for unit in departments[:4]:
        StatusReportFactory(period=third, unit=unit, status=StatusReport.Status.SUBMITTED)
    StatusReportFactory(period=second, unit=region.hospital, status=StatusReport.Status.ACCEPTED)

    client.force_login(region.users["coordinator"])
    response = client.get(reverse("home"))

    # 11 units (the other hospital is not the coordinator's) in 3 periods, less 5 handed in.
    assert response.context["owed_report_count"] == 28
    third_owed = sorted([region.hospital, *departments[4:]], key=lambda unit: unit.name)
    shown = [(owed.period, owed.unit, owed.report) for owed in response.context["owed_reports"]]
    assert shown == [(third, unit, returned if unit == region.hospital else None) for unit in third_owed] + [
        (second, unit, None) for unit in departments[:3]
    ]
    page = section(response.content.decode(), "reports-title")
    assert "Viser 10 af 28." in page
    assert reverse("evaluation:report_detail", args=[returned.pk]) in page
