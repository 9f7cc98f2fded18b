"""Half-year periods and evaluation steps from a strategy's approval, at the edge dates."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import EvaluationMilestone, Reminder, ReportingPeriod, generate_schedule
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


def test_approval_creates_periods_and_evaluation_steps_once(region):
    strategy = region.strategy
    strategy.approve(date(2019, 8, 31), region.body)

    periods = list(ReportingPeriod.objects.filter(strategy=strategy))
    assert [(p.number, p.starts_on, p.ends_on, p.deadline) for p in periods][:2] == [
        (1, date(2019, 8, 31), date(2020, 2, 28), date(2020, 3, 29)),
        (2, date(2020, 2, 29), date(2020, 8, 30), date(2020, 9, 29)),
    ]
    steps = {m.kind: m.due_on for m in EvaluationMilestone.objects.filter(strategy=strategy)}
    assert steps == {
        EvaluationMilestone.Kind.QUESTIONNAIRE: date(2021, 6, 30),
        EvaluationMilestone.Kind.RESPONSES_CLOSE: date(2021, 7, 31),
        EvaluationMilestone.Kind.REPORT: date(2021, 8, 31),
    }
    generate_schedule(strategy)
    assert ReportingPeriod.objects.filter(strategy=strategy).count() == 4
    assert EvaluationMilestone.objects.filter(strategy=strategy).count() == 3


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
