"""Reminders about status report deadlines and the evaluation milestones (issue 6): the daily sweep with
time travel (each day passed as `today`), run twice, interrupted half way and run again: every
reminder exactly once. Also the reporting schedule page and the list of reminders.

The `follow_up` fixture approves the region's strategy on 1 January 2019: half year 1 runs to 30 June
2019 with its deadline 30 days later, 30 July 2019; reminders 7 days before, from 23 July. The
evaluation questionnaire is due on 1 November 2020.
"""

from datetime import date, timedelta
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone, translation

from evaluation import tasks
from evaluation.models import EvaluationMilestone, Reminder, ReportingPeriod, StatusReport
from evaluation.reminders import kind_due
from evaluation.reporting import key_figures
from frivillig.celery import app
from tests.followup import follow_up
from volunteers.models import Notification, Role, Unit, User

UPCOMING, DUE_TODAY, OVERDUE = Reminder.Kind.UPCOMING, Reminder.Kind.DUE_TODAY, Reminder.Kind.OVERDUE
DEADLINE = date(2019, 7, 30)  # half year 1
WINDOW = date(2019, 7, 23)  # 7 days before


class FlakyBackend(EmailBackend):
    """The mail server: refuses the addresses in `refuse` (always) and the next `failures` messages."""

    refuse = set()
    failures = 0

    def send_messages(self, messages):
        for message in messages:
            if FlakyBackend.failures or set(message.to) & FlakyBackend.refuse:
                FlakyBackend.failures = max(0, FlakyBackend.failures - 1)
                raise SMTPException("421 Service not available")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "tests.test_evaluation_reminders.FlakyBackend"
    FlakyBackend.refuse, FlakyBackend.failures = set(), 0
    yield FlakyBackend
    FlakyBackend.refuse, FlakyBackend.failures = set(), 0


def danish(message):
    """What the pages show for a message (once the lead has translated it: until then, the English)."""
    with translation.override("da"):
        return translation.gettext(message)


def make_user(region, username, role=Role.COORDINATOR, units=(), **fields):
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        organisation=region.organisation,
        role=role,
        **fields,
    )
    user.units.set(units)
    return user


@pytest.fixture
def followed(region, other_region):
    """The region's strategy followed up by the hospital and the other hospital, with a coordinator for
    each, one for the region's hospitals above the hospital, one for a department below it, a second
    secretariat user; and the other region's strategy followed up as well."""
    hospitals = Unit.objects.create(
        organisation=region.organisation, name="Sygehusene", kind=Unit.Kind.HOSPITAL
    )
    Unit.objects.filter(pk=region.hospital.pk).update(parent=hospitals)
    people = {
        "hospital": region.users[Role.COORDINATOR],
        "other": make_user(region, "other.coordinator", units=[region.other_hospital]),
        "above": make_user(region, "above.coordinator", units=[hospitals]),
        "below": make_user(region, "below.coordinator", units=[region.department]),
        "inactive": make_user(region, "inactive.coordinator", units=[region.hospital], is_active=False),
        "secretariat": region.users[Role.SECRETARIAT],
        "secretariat2": make_user(region, "second.secretariat", role=Role.SECRETARIAT),
    }
    follow = follow_up(region)
    follow.people = people
    follow.other = follow_up(other_region)
    return follow


def sweep(capture, today):
    with capture(execute=True):
        return tasks.sweep(today=today)


def sent_to():
    """Addresses of the e-mails sent, sorted."""
    return sorted(address for message in mail.outbox for address in message.to)


def emails(*users):
    return sorted(user.email for user in users)


def reminders(**filters):
    return sorted(
        Reminder.objects.filter(**filters).values_list("recipient__username", "kind", "report__unit__name")
    )


# --- what is due, day by day -------------------------------------------------------------------------


def test_one_kind_is_due_a_day():
    deadline = date(2019, 7, 30)
    assert kind_due(deadline, date(2019, 7, 22), 7) is None
    assert kind_due(deadline, date(2019, 7, 23), 7) == UPCOMING
    assert kind_due(deadline, date(2019, 7, 29), 7) == UPCOMING
    assert kind_due(deadline, deadline, 7) == DUE_TODAY
    assert kind_due(deadline, date(2019, 7, 31), 7) == OVERDUE
    assert kind_due(deadline, date(2019, 7, 29), 0) is None  # no reminder before, only on the day


def test_before_the_window_drafts_appear_but_nobody_is_reminded(
    followed, region, eager_celery, django_capture_on_commit_callbacks
):
    assert sweep(django_capture_on_commit_callbacks, WINDOW - timedelta(days=1)) == 0
    assert mail.outbox == [] and not Reminder.objects.exists()
    # Half year 1 has ended: each reporting unit has its draft (the hospital's existed already).
    assert sorted(followed.periods[0].reports.values_list("unit", "status")) == sorted(
        [(region.hospital.pk, "draft"), (region.other_hospital.pk, "draft")]
    )
    assert not StatusReport.objects.filter(period=followed.periods[1]).exists()
    # Pre-filled with the register's key figures, as a report started by hand is.
    draft = StatusReport.objects.get(period=followed.periods[0], unit=region.other_hospital)
    figures = key_figures(region.other_hospital, WINDOW - timedelta(days=1))
    assert {name: getattr(draft, name) for name in figures} == figures
    assert None not in figures.values()


def test_coordinators_are_reminded_once_before_and_on_the_day_then_the_secretariat(
    followed, region, other_region, eager_celery, django_capture_on_commit_callbacks
):
    p = followed.people
    elsewhere = other_region.users[Role.COORDINATOR]  # the other region's hospital reports too
    assert sweep(django_capture_on_commit_callbacks, WINDOW) == 4
    # The hospital's coordinator and the one of the unit above it, the other hospital's; not the
    # department's (below the hospital), not the inactive one, not the secretariat.
    assert sent_to() == emails(p["hospital"], p["above"], p["other"], elsewhere)
    message = next(m for m in mail.outbox if m.to == [p["hospital"].email])
    assert region.hospital.name in message.subject
    report = StatusReport.objects.get(period=followed.periods[0], unit=region.hospital)
    path = reverse("evaluation:report_detail", args=[report.pk])
    assert f"{settings.SITE_URL}{path}" in message.body
    assert Notification.objects.filter(user=p["hospital"], url=path).count() == 1

    # The same day again, a restart, the rest of the window: nothing twice.
    for day in (WINDOW, WINDOW, WINDOW + timedelta(days=3), DEADLINE - timedelta(days=1)):
        assert sweep(django_capture_on_commit_callbacks, day) == 0
    assert len(mail.outbox) == 4

    assert sweep(django_capture_on_commit_callbacks, DEADLINE) == 4
    assert sweep(django_capture_on_commit_callbacks, DEADLINE) == 0
    assert len(mail.outbox) == 8
    coordinators = [
        ("above.coordinator", region.hospital.name),
        ("coordinator.syd", region.hospital.name),
        ("other.coordinator", region.other_hospital.name),
    ]
    assert reminders(kind=UPCOMING, organisation=region.organisation) == [
        (user, UPCOMING, unit) for user, unit in coordinators
    ]
    assert reminders(kind=DUE_TODAY, organisation=region.organisation) == [
        (user, DUE_TODAY, unit) for user, unit in coordinators
    ]

    # The day after: both reports are late; every secretariat user of the organisation is told, once
    # per report (the other region's secretariat has its own strategy, reminded the same days).
    assert sweep(django_capture_on_commit_callbacks, DEADLINE + timedelta(days=1)) == 4 + 2
    for day in (1, 2, 30):
        assert sweep(django_capture_on_commit_callbacks, DEADLINE + timedelta(days=day)) == 0
    assert reminders(kind=OVERDUE, organisation=region.organisation) == sorted(
        (user, OVERDUE, unit)
        for user in ("secretariat.syd", "second.secretariat")
        for unit in (region.hospital.name, region.other_hospital.name)
    )
    assert (
        len(mail.outbox) == Reminder.objects.filter(sent_at__isnull=False).count() == Reminder.objects.count()
    )
    assert sent_to().count(p["secretariat"].email) == 2
    assert sent_to().count(p["hospital"].email) == 2
    assert all(m.subject for m in mail.outbox)


def test_a_sweep_that_did_not_run_on_the_first_day_of_the_window_still_reminds(
    followed, eager_celery, django_capture_on_commit_callbacks
):
    p = followed.people
    assert sweep(django_capture_on_commit_callbacks, DEADLINE - timedelta(days=2)) == 4
    assert set(emails(p["hospital"], p["above"], p["other"])) <= set(sent_to())
    assert set(Reminder.objects.values_list("kind", flat=True)) == {UPCOMING}


def test_submitted_reports_are_neither_reminded_nor_escalated(
    followed, region, eager_celery, django_capture_on_commit_callbacks
):
    p = followed.people
    followed.report.submit(p["hospital"])
    sweep(django_capture_on_commit_callbacks, WINDOW)
    sweep(django_capture_on_commit_callbacks, DEADLINE)
    sweep(django_capture_on_commit_callbacks, DEADLINE + timedelta(days=1))
    mine = Reminder.objects.filter(organisation=region.organisation)
    assert not mine.filter(report=followed.report).exists()
    assert sorted(mine.values_list("recipient__username", "kind")) == [
        ("other.coordinator", DUE_TODAY),
        ("other.coordinator", UPCOMING),
        ("second.secretariat", OVERDUE),
        ("secretariat.syd", OVERDUE),
    ]
    assert p["hospital"].email not in sent_to() and p["above"].email not in sent_to()


def test_a_returned_report_is_reminded_and_escalated_like_a_draft(
    followed, region, eager_celery, django_capture_on_commit_callbacks
):
    followed.report.submit(followed.people["hospital"])
    followed.report.decide(followed.people["secretariat"], accept=False, comment="Mangler nøgletal.")
    sweep(django_capture_on_commit_callbacks, DEADLINE + timedelta(days=1))
    assert Reminder.objects.filter(report=followed.report, kind=OVERDUE).count() == 2


def test_a_report_submitted_before_its_recorded_reminder_is_sent_is_not_reminded(
    followed, region, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        tasks.sweep(today=WINDOW)
    followed.report.submit(followed.people["hospital"])
    for send in queued:
        send()
    assert followed.people["hospital"].email not in sent_to()
    assert not Reminder.objects.filter(report=followed.report).exists()
    assert sent_to() == sorted(
        [followed.people["other"].email, region.users[Role.COORDINATOR].email.replace("syd", "midt")]
    )


# --- interrupted, failed and retried: exactly once ---------------------------------------------------


def test_a_sweep_interrupted_half_way_and_run_again_sends_every_reminder_once(
    followed, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert tasks.sweep(today=WINDOW) == 4
    assert len(queued) == 4 and mail.outbox == []
    for send in queued[:2]:  # the worker stopped after two
        send()
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 2

    # Beat and the worker restart; the next morning's sweep records nothing new and sends the rest.
    assert sweep(django_capture_on_commit_callbacks, WINDOW + timedelta(days=1)) == 0
    assert len(mail.outbox) == 4 == len(set(sent_to()))
    assert Notification.objects.count() == 4
    # A task queued twice (the old message redelivered after a restart) sends nothing.
    for send in queued:
        send()
    assert len(mail.outbox) == 4 and not Reminder.objects.filter(sent_at__isnull=True).exists()


def test_a_send_that_fails_half_way_is_retried_and_every_reminder_is_sent_once(
    followed, flaky_mail, eager_celery, django_capture_on_commit_callbacks
):
    p = followed.people
    flaky_mail.refuse = {p["above"].email}  # the second of the four, in the order they are queued
    assert sweep(django_capture_on_commit_callbacks, WINDOW) == 4
    assert p["above"].email not in sent_to() and len(mail.outbox) == 3
    failed = Reminder.objects.get(recipient=p["above"])
    # Celery retried it (eagerly, here) until it gave up; each attempt is counted, nothing half sent.
    assert failed.sent_at is None and failed.attempts == 1 + tasks.send_evaluation_reminder.max_retries
    assert failed.last_error == "SMTPException: 421 Service not available"
    assert not Notification.objects.filter(user=p["above"]).exists()

    flaky_mail.refuse = set()  # the mail server is back; the next sweep sends what is left, once
    assert sweep(django_capture_on_commit_callbacks, WINDOW + timedelta(days=1)) == 0
    assert sorted(sent_to()) == sorted(set(sent_to())) and len(mail.outbox) == 4
    assert Notification.objects.filter(user=p["above"]).count() == 1
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()


def test_a_failed_send_is_retried_by_celery_and_then_sent(
    followed, flaky_mail, eager_celery, django_capture_on_commit_callbacks
):
    flaky_mail.failures = 1
    with django_capture_on_commit_callbacks(execute=False):
        tasks.sweep(today=WINDOW)
    reminder = Reminder.objects.filter(recipient=followed.people["hospital"]).get()
    assert tasks.send_evaluation_reminder.apply(args=[reminder.pk]).get() is True
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and reminder.attempts == 2
    assert reminder.last_error.startswith("SMTPException")
    assert sent_to() == [followed.people["hospital"].email]
    assert Notification.objects.filter(user=followed.people["hospital"]).count() == 1


def test_the_task_records_a_failure_and_raises_it_for_celery(
    followed, flaky_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        tasks.sweep(today=WINDOW)
    reminder = Reminder.objects.filter(recipient=followed.people["hospital"]).get()
    flaky_mail.failures = 1
    with pytest.raises(SMTPException):
        tasks.send_evaluation_reminder(reminder.pk)
    reminder.refresh_from_db()
    assert (reminder.sent_at, reminder.attempts) == (None, 1) and "421" in reminder.last_error
    assert not Notification.objects.exists() and mail.outbox == []
    assert tasks.send_evaluation_reminder(reminder.pk) is True
    assert tasks.send_evaluation_reminder(reminder.pk) is False  # already sent
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


# --- evaluation milestones ---------------------------------------------------------------------------


def test_the_secretariat_is_reminded_of_the_evaluation_steps_until_they_are_completed(
    followed, region, eager_celery, django_capture_on_commit_callbacks
):
    # The reports are all in, so that only the evaluation is reminded.
    StatusReport.objects.update(status=StatusReport.Status.ACCEPTED)
    mine = Reminder.objects.filter(organisation=region.organisation, milestone__isnull=False)
    steps = {m.kind: m for m in EvaluationMilestone.objects.filter(strategy=followed.strategy)}
    questionnaire = steps[EvaluationMilestone.Kind.QUESTIONNAIRE]
    assert questionnaire.due_on == date(2020, 11, 1)

    sweep(django_capture_on_commit_callbacks, date(2020, 10, 25))
    assert sorted(mine.values_list("recipient__username", "kind", "milestone")) == [
        ("second.secretariat", UPCOMING, questionnaire.pk),
        ("secretariat.syd", UPCOMING, questionnaire.pk),
    ]
    message = next(m for m in mail.outbox if m.to == [followed.people["secretariat"].email])
    schedule_url = reverse("evaluation:schedule_detail", args=[followed.strategy.pk])
    assert f"{settings.SITE_URL}{schedule_url}" in message.body
    assert str(questionnaire.get_kind_display()) in message.subject

    EvaluationMilestone.objects.filter(pk=questionnaire.pk).update(completed_on=date(2020, 10, 30))
    sweep(django_capture_on_commit_callbacks, date(2020, 11, 1))
    assert mine.count() == 2  # completed: no reminder on the day
    # Questionnaire closes on 1 December 2020; the sweep did not run in its window nor on the day.
    sweep(django_capture_on_commit_callbacks, date(2020, 12, 3))
    closes = steps[EvaluationMilestone.Kind.RESPONSES_CLOSE]
    assert sorted(mine.filter(milestone=closes).values_list("recipient__username", "kind")) == [
        ("second.secretariat", OVERDUE),
        ("secretariat.syd", OVERDUE),
    ]
    sweep(django_capture_on_commit_callbacks, date(2020, 12, 4))
    assert len(mail.outbox) == Reminder.objects.count()
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()


def test_a_reminder_recorded_before_the_deadline_moved_is_recorded_again(
    followed, region, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        tasks.sweep(today=WINDOW)
    ReportingPeriod.objects.filter(pk=followed.periods[0].pk).update(deadline=DEADLINE + timedelta(days=14))
    sweep(django_capture_on_commit_callbacks, WINDOW + timedelta(days=1))  # nothing due any more here
    assert not Reminder.objects.filter(organisation=region.organisation).exists()
    sweep(django_capture_on_commit_callbacks, DEADLINE + timedelta(days=7))
    again = Reminder.objects.filter(organisation=region.organisation)
    assert sorted(again.values_list("kind", "due_on")) == [(UPCOMING, DEADLINE + timedelta(days=14))] * 3
    assert again.filter(sent_at__isnull=False).count() == 3


# --- a real worker, and beat ---------------------------------------------------------------------------


def test_the_sweep_is_scheduled_every_morning():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.send_evaluation_reminders.name
    )
    assert entry["schedule"].hour == {6}


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sweep_and_sends_the_reminders(region):
    """Through a Celery worker on the configured broker, as beat would start it (today's date)."""
    from celery.contrib.testing.worker import start_worker

    from tests.test_tasks import wait_for

    followed = follow_up(region)
    today = timezone.localdate()
    ReportingPeriod.objects.filter(pk=followed.periods[0].pk).update(deadline=today)
    ReportingPeriod.objects.exclude(pk=followed.periods[0].pk).update(deadline=today + timedelta(days=400))
    EvaluationMilestone.objects.update(due_on=today + timedelta(days=400))
    coordinator = region.users[Role.COORDINATOR]
    with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
        tasks.send_evaluation_reminders.delay()
        assert wait_for(lambda: Reminder.objects.filter(sent_at__isnull=False).exists())
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.kind, reminder.report) == (coordinator, DUE_TODAY, followed.report)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


# --- the reporting schedule page ---------------------------------------------------------------------


#: Seed 000's rhythm, as `follow_up` sets it, in the schedule form.
RHYTHM = {"interval_months": 6, "first_period_starts": "2019-01-01", "evaluation_months": 24}


def test_the_secretariat_sets_the_units_and_deadlines_and_periods_without_reports_move(client, region):
    """Half year 1 has a report handed in and keeps its deadline; 2, 3 and 4 follow the new deadline."""
    followed = follow_up(region)
    followed.report.status = StatusReport.Status.SUBMITTED
    followed.report.save()
    client.force_login(region.users[Role.SECRETARIAT])
    url = reverse("evaluation:schedule_edit", args=[followed.strategy.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"units": [region.hospital.pk, region.department.pk], "deadline_days": 45, "reminder_days": 10}
        | RHYTHM,
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:schedule_detail", args=[followed.strategy.pk])
    schedule = followed.schedule
    schedule.refresh_from_db()
    assert (schedule.deadline_days, schedule.reminder_days) == (45, 10)
    assert set(schedule.units.all()) == {region.hospital, region.department}
    assert [(p.ends_on, p.deadline) for p in ReportingPeriod.objects.filter(strategy=followed.strategy)] == [
        (date(2019, 6, 30), date(2019, 7, 30)),
        (date(2019, 12, 31), date(2020, 2, 14)),
        (date(2020, 6, 30), date(2020, 8, 14)),
        (date(2020, 12, 31), date(2021, 2, 14)),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "14. februar 2020" in page
    assert "Periode 1 beholder sine datoer, da der er afleveret en rapport for den." in page


@pytest.mark.parametrize(
    "data, field",
    [
        ({"units": [], "deadline_days": 30, "reminder_days": 7}, "units"),
        ({"deadline_days": 400, "reminder_days": 7}, "deadline_days"),
        ({"deadline_days": -1, "reminder_days": 7}, "deadline_days"),
        ({"deadline_days": 30, "reminder_days": 91}, "reminder_days"),
        ({"deadline_days": "tredive", "reminder_days": 7}, "deadline_days"),
        ({"deadline_days": 30, "reminder_days": 7, "interval_months": 5}, "interval_months"),
        ({"deadline_days": 30, "reminder_days": 7, "first_period_starts": ""}, "first_period_starts"),
        ({"deadline_days": 30, "reminder_days": 7, "evaluation_months": 2}, "evaluation_months"),
        ({"deadline_days": 30, "reminder_days": 7, "steering_body": 0}, "steering_body"),
    ],
)
def test_bad_schedule_input_is_refused_and_kept(client, region, other_region, data, field):
    followed = follow_up(region)
    data = RHYTHM | {"units": [region.hospital.pk]} | data
    client.force_login(region.users[Role.SECRETARIAT])
    response = client.post(reverse("evaluation:schedule_edit", args=[followed.strategy.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["form"].data.get("deadline_days") == str(data["deadline_days"])
    followed.schedule.refresh_from_db()
    assert followed.schedule.deadline_days == 30
    assert ReportingPeriod.objects.get(strategy=followed.strategy, number=2).deadline == date(2020, 1, 30)


def test_units_of_another_organisation_cannot_be_chosen(client, region, other_region):
    followed = follow_up(region)
    client.force_login(region.users[Role.SECRETARIAT])
    response = client.post(
        reverse("evaluation:schedule_edit", args=[followed.strategy.pk]),
        {"units": [other_region.hospital.pk], "deadline_days": 30, "reminder_days": 7} | RHYTHM,
    )
    assert response.status_code == 200 and "units" in response.context["form"].errors
    assert set(followed.schedule.units.all()) == {region.hospital, region.other_hospital}


def test_the_steering_group_reads_the_schedule_but_cannot_change_it(client, region):
    followed = follow_up(region)
    client.force_login(region.users[Role.STEERING_GROUP])
    detail = client.get(reverse("evaluation:schedule_detail", args=[followed.strategy.pk]))
    assert detail.status_code == 200
    assert reverse("evaluation:schedule_edit", args=[followed.strategy.pk]) not in detail.content.decode()
    response = client.post(
        reverse("evaluation:schedule_edit", args=[followed.strategy.pk]),
        {"units": [region.hospital.pk], "deadline_days": 60, "reminder_days": 7} | RHYTHM,
    )
    assert response.status_code == 403
    followed.schedule.refresh_from_db()
    assert followed.schedule.deadline_days == 30 and followed.schedule.units.count() == 2


def test_a_replaced_strategys_schedule_is_not_changed(client, region):
    followed = follow_up(region)
    type(followed.strategy).objects.filter(pk=followed.strategy.pk).update(status="replaced")
    client.force_login(region.users[Role.SECRETARIAT])
    url = reverse("evaluation:schedule_edit", args=[followed.strategy.pk])
    data = {"units": [region.hospital.pk], "deadline_days": 60, "reminder_days": 7} | RHYTHM
    response = client.post(url, data)
    assert response.status_code == 302
    followed.schedule.refresh_from_db()
    assert followed.schedule.deadline_days == 30


def test_the_schedule_page_shows_periods_and_milestones_in_few_queries(
    client, region, django_assert_max_num_queries
):
    followed = follow_up(region)
    client.force_login(region.users[Role.SECRETARIAT])
    url = reverse("evaluation:schedule_detail", args=[followed.strategy.pk])
    with django_assert_max_num_queries(12) as small:
        page = client.get(url).content.decode()
    for number in range(5, 21):
        unit = Unit.objects.create(
            organisation=region.organisation, name=f"Enhed {number}", kind="department"
        )
        followed.schedule.units.add(unit)
        StatusReport.objects.create(period=followed.periods[0], unit=unit, status="submitted")
    with django_assert_max_num_queries(len(small)):
        page = client.get(url).content.decode()
    assert page.count("<tr>") == 1 + 4 + 1 + 3
    assert danish("%(submitted)s of %(total)s") % {"submitted": 16, "total": 18} in page
    assert danish("Evaluation questionnaire sent out") in page


# --- the list of reminders ---------------------------------------------------------------------------


@pytest.fixture
def recorded(followed, flaky_mail, eager_celery, django_capture_on_commit_callbacks):
    """Reminders about half year 1, up to the day after its deadline; one could not be sent."""
    flaky_mail.refuse = {followed.people["other"].email}
    for day in (WINDOW, DEADLINE, DEADLINE + timedelta(days=1)):
        sweep(django_capture_on_commit_callbacks, day)
    return followed


def test_the_secretariat_and_the_steering_group_see_every_reminder_newest_first(client, region, recorded):
    mine = Reminder.objects.filter(organisation=region.organisation)
    for role in (Role.SECRETARIAT, Role.STEERING_GROUP, Role.ADMINISTRATOR):
        client.force_login(region.users[role])
        response = client.get(reverse("evaluation:reminder_list"))
        assert response.status_code == 200
        shown = list(response.context["listing"].page)
        assert shown == list(mine.order_by("-created_at", "-pk"))
        page = response.content.decode()
        assert danish("Not sent yet") in page
        assert "SMTPException: 421 Service not available" in page
        assert "Region Midtjylland" not in page


def test_a_coordinator_sees_only_the_reminders_to_themself(client, region, recorded):
    coordinator = recorded.people["hospital"]
    client.force_login(coordinator)
    response = client.get(reverse("evaluation:reminder_list"))
    shown = list(response.context["listing"].page)
    assert len(shown) == 2 and {r.recipient for r in shown} == {coordinator}
    assert "other.coordinator" not in response.content.decode()


def test_the_reminder_list_is_paginated_in_a_fixed_number_of_queries(
    client, region, recorded, django_assert_max_num_queries
):
    client.force_login(region.users[Role.SECRETARIAT])
    url = reverse("evaluation:reminder_list")
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    report = recorded.report
    Reminder.objects.bulk_create(
        Reminder(
            organisation=region.organisation,
            kind=UPCOMING,
            recipient=make_user(region, f"extra{n}", units=[region.hospital]),
            report=report,
            due_on=DEADLINE,
        )
        for n in range(60)
    )
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["listing"].page) == 50
    assert (
        response.context["listing"].page.paginator.count
        == Reminder.objects.filter(organisation=region.organisation).count()
    )
    assert client.get(url, {"page": 2}).status_code == 200
