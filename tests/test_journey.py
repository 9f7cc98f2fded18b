"""Thirty months in the life of a strategy (issue 12), on a controlled clock.

The region's strategy is approved on 4 January 2027 and the secretariat sets its rhythm: half-yearly
status reports from the hospital and the other hospital, 30 days after each half year, to the body (the
steering group's forum), evaluation after two years. The clock then moves a day at a time for 30
months; each morning every task of Celery beat's schedule runs, as beat runs them, with the tasks they
queue after commit running at once (eager). On the way the people act as they would:

- the hospital's coordinator hands in each half year's report a few days before the deadline, except
  the third, handed in a week late; the other hospital never reports (late every time);
- the secretariat returns the first report with a comment, the coordinator hands it in again, and the
  secretariat accepts it and every later one three days after it comes in;
- the secretariat plans a meeting of the steering body every quarter, as a draft.

At every month's end the test asserts each role's start page and everybody's notifications and
e-mails: reminders once each, hand-offs once each, late reports flagged, the status pack on the steering
body's next meeting once per half year, the evaluation's steps announced when they fall due.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string

from evaluation.models import (
    EvaluationMilestone,
    Reminder,
    ReportingPeriod,
    ReportingSchedule,
    StatusReport,
    generate_schedule,
)
from meetings.models import AgendaItem, Meeting, Membership
from tests.factories import MeetingFactory
from volunteers.models import Notification

APPROVED = date(2027, 1, 4)
END = APPROVED + relativedelta(months=30)
MORNING = time(6, 30)


def on(day, at=MORNING):
    return timezone.make_aware(datetime.combine(day, at))


def danish_date(day):
    with translation.override("da"):
        return formats.date_format(day)


def run_beat(capture):
    """Every task on Celery beat's schedule, once, as beat runs them each morning; what they queue after
    commit runs at once."""
    with capture(execute=True):
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            import_string(entry["task"]).apply().get()


@pytest.fixture
def year_in_the_life(region, eager_celery):
    strategy = region.strategy
    strategy.approve(APPROVED, region.body)
    strategy.change_status(strategy.Status.IMPLEMENTATION)
    schedule = ReportingSchedule.objects.create(
        strategy=strategy,
        interval_months=6,
        first_period_starts=APPROVED,
        deadline_days=30,
        reminder_days=7,
        steering_body=region.body,
        evaluation_months=24,
    )
    schedule.units.set([region.hospital, region.other_hospital])
    generate_schedule(schedule)
    # The steering group's member sits in the body the status goes to.
    Membership.objects.create(
        body=region.body, name="Styregruppens medlem", user=region.users["steering_group"], start=APPROVED
    )
    return schedule


def test_thirty_months_of_follow_up(client, region, year_in_the_life, django_capture_on_commit_callbacks):
    schedule = year_in_the_life
    strategy = schedule.strategy
    secretariat = region.users["secretariat"]
    steering = region.users["steering_group"]
    periods = list(ReportingPeriod.objects.filter(strategy=strategy).order_by("number"))
    assert len(periods) == 4 and periods[0].starts_on == APPROVED
    assert [p.deadline for p in periods] == [p.ends_on + timedelta(days=30) for p in periods]
    hand_in_on = {
        period.number: period.deadline + (timedelta(days=7) if period.number == 3 else -timedelta(days=4))
        for period in periods
    }
    mail.outbox.clear()
    day = APPROVED
    with time_machine.travel(on(day), tick=False) as clock:
        while day <= END:
            clock.move_to(on(day))
            if day.day == 1 and day.month % 3 == 1:  # a quarterly meeting of the steering body, planned ahead
                meeting = MeetingFactory(plan=region.plan, date=day + relativedelta(months=2, day=15))
                AgendaItem.objects.create(meeting=meeting, position=1, title="Godkendelse af dagsorden")
            run_beat(django_capture_on_commit_callbacks)
            _people_act(day, periods, hand_in_on, region)
            if (day + timedelta(days=1)).day == 1:
                _month_end(client, day, schedule, periods, hand_in_on, region)
            day += timedelta(days=1)

    # --- After 30 months ------------------------------------------------------------------------------
    # Each reminder once: no person got the same reminder about the same report or step twice.
    keys = Counter(Reminder.objects.values_list("recipient", "kind", "report", "milestone"))
    assert keys and max(keys.values()) == 1
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    # Every e-mail once, except the first report's hand-in: handed in twice (after its return), told twice.
    sent = Counter((tuple(message.to), message.subject) for message in mail.outbox)
    twice = [(to, subject) for (to, subject), count in sent.items() if count > 1]
    assert len(twice) == 1 and sent[twice[0]] == 2, twice
    assert twice[0][0] == (secretariat.email,) and str(periods[0]) in twice[0][1]
    # The other hospital never reported: each half year flagged late to the secretariat, once.
    overdue = Reminder.objects.filter(kind=Reminder.Kind.OVERDUE, recipient=secretariat)
    assert sorted(
        overdue.filter(report__isnull=False).values_list("report__period__number", "report__unit")
    ) == sorted([(p.number, region.other_hospital.pk) for p in periods] + [(3, region.hospital.pk)])
    # The status pack of each half year on the steering body's next meeting, once.
    for period in periods:
        items = AgendaItem.objects.filter(meeting__body=region.body, status_pack_period=period)
        assert items.count() == 1, period
        assert items.get().meeting.date > period.deadline
    # The evaluation opened at its milestone: the secretariat was told once per step.
    steps = EvaluationMilestone.objects.filter(strategy=strategy)
    assert steps.count() == 3
    for step in steps:
        assert Reminder.objects.filter(milestone=step, recipient=secretariat).exists()
    # The steering group's member was told of every agenda sent out, once each, with its status pack.
    published = Meeting.objects.filter(body=region.body, published_at__isnull=False)
    assert published.count() == 9  # quarterly from 15 June 2027 to 15 June 2029
    told = Counter(steering.notifications.values_list("url", flat=True))
    assert told == {meeting.get_absolute_url(): 1 for meeting in published}


def _people_act(day, periods, hand_in_on, region):
    coordinator, secretariat = region.users["coordinator"], region.users["secretariat"]
    # The secretariat sends each agenda to the members a week before the meeting.
    for meeting in Meeting.objects.filter(
        body=region.body, status=Meeting.Status.DRAFT, date=day + timedelta(days=7)
    ):
        meeting.publish()
    for period in periods:
        report = StatusReport.objects.filter(period=period, unit=region.hospital).first()
        if day == hand_in_on[period.number]:
            report = report or StatusReport.objects.create(period=period, unit=region.hospital)
            report.summary = f"Halvår {period.number}: arbejdet går efter planen."
            report.save(update_fields=["summary"])
            report.submit(coordinator)
        if report is None or report.submitted_at is None:
            continue
        submitted = timezone.localdate(report.submitted_at)
        if report.status == StatusReport.Status.SUBMITTED and day == submitted + timedelta(days=3):
            first_time = period.number == 1 and not report.return_comment and report.decided_at is None
            report.decide(secretariat, accept=not first_time, comment="Uddyb venligst handlingerne.")
        elif report.status == StatusReport.Status.RETURNED and day == timezone.localdate(
            report.decided_at
        ) + timedelta(days=1):
            report.submit(coordinator)


def _month_end(client, day, schedule, periods, hand_in_on, region):
    """Each role's start page and notifications at the end of a month."""
    coordinator, secretariat = region.users["coordinator"], region.users["secretariat"]
    steering = region.users["steering_group"]
    # The period reported on now: the latest begun whose deadline has not passed.
    current = next((p for p in reversed(periods) if p.starts_on <= day <= p.deadline), None)

    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    owed = [
        p
        for p in periods
        if p.starts_on <= day
        and not StatusReport.objects.filter(
            period=p,
            unit=region.hospital,
            status__in=[StatusReport.Status.SUBMITTED, StatusReport.Status.ACCEPTED],
        ).exists()
    ]
    for period in owed:
        assert danish_date(period.deadline) in page, (day, period)

    client.force_login(secretariat)
    page = client.get(reverse("home")).content.decode()
    awaiting = StatusReport.objects.filter(
        period__strategy=schedule.strategy, status=StatusReport.Status.SUBMITTED
    ).select_related("unit")
    for report in awaiting:
        assert reverse("evaluation:report_detail", args=[report.pk]) in page, day

    client.force_login(steering)
    page = client.get(reverse("home")).content.decode()
    assert reverse("evaluation:dashboard", args=[schedule.strategy.pk]) in page
    if current is not None:
        assert str(current) in page, day

    # Notifications: the coordinator was told of each decision on the hospital's reports, once each.
    decided = StatusReport.objects.filter(unit=region.hospital, decided_at__isnull=False)
    for report in decided:
        path = reverse("evaluation:report_detail", args=[report.pk])
        assert Notification.objects.filter(user=coordinator, url=path).exists(), (day, report)
    # Nobody outside the organisation was ever told anything.
    assert not Notification.objects.exclude(user__organisation=region.organisation).exists()
