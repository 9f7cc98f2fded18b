"""Reporting periods and evaluation steps from a strategy's rhythm, at the edge dates; a change of rhythm
that keeps what was handed in."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from evaluation.models import (
    EvaluationMilestone,
    Reminder,
    ReportingPeriod,
    ReportingSchedule,
    StatusReport,
    current_period,
    generate_schedule,
)
from evaluation.models.periods import period_dates
from evaluation.reminders import record_due_reminders
from tests.followup import follow_up


@pytest.mark.parametrize(
    "approved_on, expected",
    [
        (
            date(2019, 8, 31),
            [
                (
                    date(2019, 8, 31),
                    date(2020, 2, 28),
                ),  # 2020 is a leap year: the period ends the day before the 29th
                (date(2020, 2, 29), date(2020, 8, 30)),
                (date(2020, 8, 31), date(2021, 2, 27)),
                (date(2021, 2, 28), date(2021, 8, 30)),
            ],
        ),
        (
            date(2024, 2, 29),
            [
                (date(2024, 2, 29), date(2024, 8, 28)),
                (date(2024, 8, 29), date(2025, 2, 27)),
                (date(2025, 2, 28), date(2025, 8, 28)),
                (date(2025, 8, 29), date(2026, 2, 27)),
            ],
        ),
        (
            date(2019, 1, 1),
            [
                (date(2019, 1, 1), date(2019, 6, 30)),
                (date(2019, 7, 1), date(2019, 12, 31)),
                (date(2020, 1, 1), date(2020, 6, 30)),
                (date(2020, 7, 1), date(2020, 12, 31)),
            ],
        ),
    ],
)
def test_half_years_from_approval(approved_on, expected):
    periods = period_dates(approved_on)
    assert periods == expected
    # Back to back: no gap, no overlap.
    for (_start, end), (next_start, _end) in zip(periods, periods[1:], strict=False):
        assert (next_start - end).days == 1


@pytest.mark.parametrize(
    "first_starts, months, count, expected",
    [
        (  # quarters from the end of November: 28 February, then back to the 30th
            date(2026, 11, 30),
            3,
            4,
            [
                (date(2026, 11, 30), date(2027, 2, 27)),
                (date(2027, 2, 28), date(2027, 5, 29)),
                (date(2027, 5, 30), date(2027, 8, 29)),
                (date(2027, 8, 30), date(2027, 11, 29)),
            ],
        ),
        (  # quarters from 31 January: 30 April, 31 July, 31 October
            date(2027, 1, 31),
            3,
            4,
            [
                (date(2027, 1, 31), date(2027, 4, 29)),
                (date(2027, 4, 30), date(2027, 7, 30)),
                (date(2027, 7, 31), date(2027, 10, 30)),
                (date(2027, 10, 31), date(2028, 1, 30)),
            ],
        ),
        (  # years from a leap day: 28 February until the next leap year
            date(2024, 2, 29),
            12,
            4,
            [
                (date(2024, 2, 29), date(2025, 2, 27)),
                (date(2025, 2, 28), date(2026, 2, 27)),
                (date(2026, 2, 28), date(2027, 2, 27)),
                (date(2027, 2, 28), date(2028, 2, 28)),
            ],
        ),
    ],
)
def test_quarters_and_years_at_month_ends(first_starts, months, count, expected):
    periods = period_dates(first_starts, months, count)
    assert periods == expected
    for (_start, end), (next_start, _end) in zip(periods, periods[1:], strict=False):
        assert (next_start - end).days == 1


def test_approval_makes_no_schedule_of_its_own(region):
    """Only a strategy whose secretariat sets up a rhythm is followed up (issue 12)."""
    strategy = region.strategy
    strategy.approve(date(2019, 8, 31), region.body)
    assert not ReportingSchedule.objects.filter(strategy=strategy).exists()
    assert not ReportingPeriod.objects.filter(strategy=strategy).exists()
    assert not EvaluationMilestone.objects.filter(strategy=strategy).exists()


def _rhythm(region, **values):
    strategy = region.strategy
    strategy.approve(date(2027, 1, 1), region.body)
    values = {
        "interval_months": 6,
        "first_period_starts": date(2027, 1, 1),
        "evaluation_months": 24,
        **values,
    }
    schedule = ReportingSchedule.objects.create(strategy=strategy, **values)
    schedule.units.set([region.hospital, region.other_hospital])
    generate_schedule(schedule)
    return schedule


def _periods(strategy):
    return [
        (str(p), p.starts_on, p.ends_on, p.deadline)
        for p in ReportingPeriod.objects.filter(strategy=strategy).order_by("number")
    ]


def _steps(strategy):
    return {m.kind: m.due_on for m in EvaluationMilestone.objects.filter(strategy=strategy)}


def test_half_years_from_the_approval_as_before(region):
    """Seed 000's rhythm: the periods and evaluation steps the approval used to make by itself."""
    schedule = _rhythm(region, first_period_starts=date(2019, 8, 31))
    with translation.override("da"):
        assert _periods(schedule.strategy)[:2] == [
            ("Halvår 1", date(2019, 8, 31), date(2020, 2, 28), date(2020, 3, 29)),
            ("Halvår 2", date(2020, 2, 29), date(2020, 8, 30), date(2020, 9, 29)),
        ]
    assert len(_periods(schedule.strategy)) == 4
    assert _steps(schedule.strategy) == {
        EvaluationMilestone.Kind.QUESTIONNAIRE: date(2021, 6, 30),
        EvaluationMilestone.Kind.RESPONSES_CLOSE: date(2021, 7, 31),
        EvaluationMilestone.Kind.REPORT: date(2021, 8, 31),
    }


def test_quarters_up_to_the_evaluation_and_twice_changes_nothing(region):
    schedule = _rhythm(region, interval_months=3, evaluation_months=18, deadline_days=14)
    strategy = schedule.strategy
    with translation.override("da"):
        periods = _periods(strategy)
    assert [name for name, *_dates in periods] == [f"Kvartal {n}" for n in range(1, 7)]
    assert periods[0] == ("Kvartal 1", date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 14))
    assert periods[-1][1:3] == (date(2028, 4, 1), date(2028, 6, 30))  # ends with the evaluation
    assert _steps(strategy) == {
        EvaluationMilestone.Kind.QUESTIONNAIRE: date(2028, 5, 1),
        EvaluationMilestone.Kind.RESPONSES_CLOSE: date(2028, 6, 1),
        EvaluationMilestone.Kind.REPORT: date(2028, 7, 1),
    }
    rows = list(ReportingPeriod.objects.filter(strategy=strategy).values())
    steps = list(EvaluationMilestone.objects.filter(strategy=strategy).values())
    generate_schedule(schedule)
    assert list(ReportingPeriod.objects.filter(strategy=strategy).values()) == rows
    assert list(EvaluationMilestone.objects.filter(strategy=strategy).values()) == steps


def test_years_without_an_evaluation_cover_two_years(region):
    schedule = _rhythm(region, interval_months=12, evaluation_months=None)
    with translation.override("da"):
        assert [name for name, *_dates in _periods(schedule.strategy)] == ["År 1", "År 2"]
    assert _steps(schedule.strategy) == {}


def test_a_new_rhythm_keeps_the_periods_with_handed_in_reports(region):
    """Half years become quarters after half year 1 was handed in: half year 1 and its reports stay as
    they were; the periods after it follow the quarters, numbered on; a draft follows its period's row."""
    schedule = _rhythm(region)
    strategy = schedule.strategy
    first, second = ReportingPeriod.objects.filter(strategy=strategy).order_by("number")[:2]
    handed_in = StatusReport.objects.create(period=first, unit=region.hospital, summary="Første halvår.")
    with time_machine.travel(date(2027, 7, 2)):
        handed_in.submit(region.users["coordinator"])
    returned = StatusReport.objects.create(period=first, unit=region.other_hospital, status="returned")
    draft = StatusReport.objects.create(period=second, unit=region.hospital, summary="Kladde.")
    before = StatusReport.objects.filter(period=first).values()
    EvaluationMilestone.objects.filter(strategy=strategy, kind="questionnaire").update(
        completed_on=date(2028, 11, 1)
    )

    schedule.interval_months, schedule.evaluation_months = 3, 30
    schedule.save()
    generate_schedule(schedule)
    with translation.override("da"):
        periods = _periods(strategy)
    assert periods[0] == ("Halvår 1", date(2027, 1, 1), date(2027, 6, 30), date(2027, 7, 30))
    assert periods[1] == ("Kvartal 2", date(2027, 7, 1), date(2027, 9, 30), date(2027, 10, 30))
    assert [name for name, *_dates in periods] == ["Halvår 1"] + [f"Kvartal {n}" for n in range(2, 10)]
    assert periods[-1][1:3] == (date(2029, 4, 1), date(2029, 6, 30))
    assert list(StatusReport.objects.filter(period=first).values()) == list(before)
    draft.refresh_from_db()
    assert (draft.period_id, draft.period.number, draft.summary) == (second.pk, 2, "Kladde.")
    steps = _steps(strategy)
    assert steps[EvaluationMilestone.Kind.QUESTIONNAIRE] == date(2028, 11, 1)  # completed: kept
    assert steps[EvaluationMilestone.Kind.REPORT] == date(2029, 7, 1)

    # Then years, from the same first day: the year that overlaps half year 1 starts after it.
    schedule.interval_months, schedule.evaluation_months = 12, 24
    schedule.save()
    generate_schedule(schedule)
    with translation.override("da"):
        assert _periods(strategy) == [
            ("Halvår 1", date(2027, 1, 1), date(2027, 6, 30), date(2027, 7, 30)),
            ("År 2", date(2027, 7, 1), date(2027, 12, 31), date(2028, 1, 30)),
            ("År 3", date(2028, 1, 1), date(2028, 12, 31), date(2029, 1, 30)),
        ]
    assert StatusReport.objects.get(pk=draft.pk).period.number == 2
    assert returned.pk in StatusReport.objects.filter(period=first).values_list("pk", flat=True)


def test_the_current_period(region):
    schedule = _rhythm(region, deadline_days=30)
    strategy = schedule.strategy
    assert current_period(strategy, date(2026, 12, 31)) is None
    assert current_period(strategy, date(2027, 1, 1)).number == 1
    # Half year 2 has begun while half year 1's reports are still due: the later one is current.
    assert current_period(strategy, date(2027, 7, 15)).number == 2
    assert current_period(strategy, date(2029, 1, 31)) is None


def test_the_strategy_page_leads_to_the_follow_up(client, region):
    strategy = region.strategy
    page = reverse("strategies:strategy_detail", args=[strategy.pk])
    client.force_login(region.users["secretariat"])
    assert href("evaluation:dashboard", strategy) not in client.get(page).content.decode()

    follow_up(region)
    html = client.get(page).content.decode()
    for name in ["period_list", "dashboard", "schedule_detail", "questionnaire_create"]:
        assert href(f"evaluation:{name}", strategy) in html, name
    client.force_login(region.users["coordinator"])
    html = client.get(page).content.decode()
    assert href("evaluation:period_list", strategy) in html
    assert href("evaluation:dashboard", strategy) not in html  # not theirs to read


def href(name, strategy):
    return f'href="{reverse(name, args=[strategy.pk])}"'


def test_the_secretariat_marks_an_evaluation_step_completed_and_its_reminders_stop(
    client, region, other_region
):
    strategy = follow_up(region).strategy
    others = follow_up(other_region).strategy.evaluation_milestones.first()
    client.force_login(region.users["secretariat"])
    assert client.post(reverse("evaluation:evaluation_step_done", args=[others.pk])).status_code == 404
    step = strategy.evaluation_milestones.get(kind=EvaluationMilestone.Kind.QUESTIONNAIRE)
    url = reverse("evaluation:evaluation_step_done", args=[step.pk])
    client.force_login(region.users["steering_group"])
    assert client.post(url).status_code == 403
    step.refresh_from_db()
    assert step.completed_on is None

    client.force_login(region.users["secretariat"])
    page = reverse("evaluation:schedule_detail", args=[strategy.pk])
    assert f'action="{url}"' in client.get(page).content.decode()
    assert client.post(url).status_code == 302
    step.refresh_from_db()
    assert step.completed_on == timezone.localdate()
    # A completed step is not chased: the day after its due date, no reminder is recorded for it.
    assert record_due_reminders(step.due_on + timedelta(days=1)) >= 0
    assert not Reminder.objects.filter(milestone=step).exists()

    client.post(url, {"reopen": "1"})
    step.refresh_from_db()
    assert step.completed_on is None
    record_due_reminders(step.due_on + timedelta(days=1))
    assert Reminder.objects.filter(milestone=step, kind=Reminder.Kind.OVERDUE).exists()
