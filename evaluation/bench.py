"""Fill a strategy's follow-up with many reports, for the benchmark (`manage.py bench`) and the query-count
test: ``units`` x ``periods`` status reports with ``actions`` action statuses each, in bulk; and its
evaluation questionnaire answered by many units, for the evaluation report's PDF."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from itertools import cycle

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from strategies.models import Action, EffectTarget, FocusArea, ImplementationPlan, PlanPart
from volunteers.models import Unit

from .forms.questionnaire import add_standard_questions
from .models import (
    ActionReport,
    Answer,
    AnswerLink,
    Question,
    Questionnaire,
    ReportingPeriod,
    ReportingSchedule,
    StatusReport,
    Submission,
    TargetReport,
)

BATCH = 5000
#: Report statuses in turn; most reports are accepted, some still in the workflow.
REPORT_STATUSES = ["accepted"] * 6 + ["submitted", "submitted", "draft", "returned"]
ACTION_STATUSES = ["on_track", "on_track", "done", "at_risk", "behind", "on_track", "done", ""]


@transaction.atomic
def fill_dashboard(organisation, units, strategy, periods=20, actions=10):
    """Reports for ``units`` (a number of new units to make, or the units themselves) over the strategy's
    first ``periods`` half years (made if missing), each with ``actions`` actions of its plan (made if
    missing) and one value per effect target. Returns the reporting units."""
    if isinstance(units, int):
        units = Unit.objects.bulk_create(
            Unit(organisation=organisation, name=f"Bench-enhed {n:04}", kind=Unit.Kind.DEPARTMENT)
            for n in range(1, units + 1)
        )
    units = list(units)
    schedule, _created = ReportingSchedule.objects.get_or_create(
        strategy=strategy, defaults={"first_period_starts": strategy.approved_on or timezone.localdate()}
    )
    schedule.units.add(*units)
    chosen_periods = _periods(strategy, periods, schedule.deadline_days)
    chosen_actions = _actions(strategy, actions)
    targets = list(EffectTarget.objects.filter(focus_area__strategy=strategy))
    if not targets:
        area = chosen_actions[0].focus_area
        targets = [
            EffectTarget.objects.create(
                focus_area=area, indicator="Antal frivillige", baseline=100, target=300
            )
        ]

    existing = set(
        StatusReport.objects.filter(period__in=chosen_periods, unit__in=units).values_list(
            "period_id", "unit_id"
        )
    )
    reports = []
    for p_index, period in enumerate(chosen_periods):
        for u_index, unit in enumerate(units):
            if (period.pk, unit.pk) in existing:
                continue
            status = REPORT_STATUSES[(p_index + u_index) % len(REPORT_STATUSES)]
            submitted = None
            if status != "draft":
                day = period.deadline - timedelta(days=5) + timedelta(days=(u_index % 10))
                submitted = timezone.make_aware(datetime.combine(day, time(10)))
            reports.append(
                StatusReport(
                    period=period,
                    unit=unit,
                    status=status,
                    submitted_at=submitted,
                    summary="Arbejdet går efter planen.",
                    active_volunteers=20 + u_index % 30,
                )
            )
    made = StatusReport.objects.bulk_create(reports, batch_size=BATCH)
    report_ids = [
        (report.pk, index) for index, report in enumerate(made)
    ]  # PostgreSQL and SQLite return keys
    _bulk(
        ActionReport,
        (
            ActionReport(
                report_id=pk,
                action=action,
                status=ACTION_STATUSES[(index + a_index) % len(ACTION_STATUSES)],
                narrative="Det går efter planen.",
            )
            for pk, index in report_ids
            for a_index, action in enumerate(chosen_actions)
        ),
    )
    _bulk(
        TargetReport,
        (
            TargetReport(report_id=pk, effect_target=target, actual=Decimal(10 + index % 7))
            for pk, index in report_ids
            for target in targets
        ),
    )
    return units


#: The evaluation report's scale: units answering, submissions per unit; with the standard questions and
#: two more, 10 questions (2 of them free text): 800 free-text answers.
QUESTIONNAIRE_UNITS = 40
SUBMISSIONS_PER_UNIT = 10
SUGGESTIONS = [
    "Flere faste kontaktpersoner for de frivillige på afsnittet.",
    "Bedre introduktion til nye medarbejdere om, hvad de frivillige må og ikke må.",
    "Strategien kunne med fordel formidles på personalemøderne.",
    "Vi mangler et lokale, hvor de frivillige kan holde pause.",
]


@transaction.atomic
def answered_questionnaire(strategy, units=QUESTIONNAIRE_UNITS, submissions=SUBMISSIONS_PER_UNIT):
    """The strategy's questionnaire, answered `submissions` times by each of `units` of its reporting
    units (made the first time, returned as it is after)."""
    existing = Questionnaire.objects.filter(strategy=strategy).first()
    if existing:
        return existing
    today = timezone.localdate()
    questionnaire = Questionnaire.objects.create(
        strategy=strategy,
        title="Evaluering af frivillighedsstrategien",
        introduction="Vi vil gerne høre, hvordan strategien bruges.",
        opens_on=today - timedelta(days=30),
        closes_on=today,
    )
    add_standard_questions(questionnaire)
    for position in (9, 10):
        Question.objects.create(
            questionnaire=questionnaire,
            position=position,
            topic=Question.Topic.SPREAD,
            text=f"Ekstra {position}",
        )
    questions = list(questionnaire.questions.all())
    chosen = Unit.objects.filter(organisation=strategy.organisation).order_by("pk")[:units]
    links = AnswerLink.objects.bulk_create(
        AnswerLink(questionnaire=questionnaire, unit=unit, audience=AnswerLink.Audience.STAFF, invited=12)
        for unit in chosen
    )
    made = Submission.objects.bulk_create(
        Submission(link=link, submitted_on=today) for link in links for _ in range(submissions)
    )
    _bulk(
        Answer,
        (
            Answer(submission=submission, question=question, score=(s_index + q_index) % 5 + 1)
            if question.kind == Question.Kind.SCALE
            else Answer(submission=submission, question=question, text=suggestion)
            for s_index, (submission, suggestion) in enumerate(zip(made, cycle(SUGGESTIONS)))
            for q_index, question in enumerate(questions)
        ),
    )
    return questionnaire


def _bulk(model, objects):
    batch = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def _periods(strategy, count, deadline_days):
    periods = list(ReportingPeriod.objects.filter(strategy=strategy).order_by("number"))
    start = (
        periods[-1].ends_on + timedelta(days=1) if periods else strategy.approved_on or timezone.localdate()
    )
    new = []
    for number in range(len(periods) + 1, count + 1):
        ends = start + relativedelta(months=6) - timedelta(days=1)
        new.append(
            ReportingPeriod(
                strategy=strategy,
                number=number,
                starts_on=start,
                ends_on=ends,
                deadline=ends + timedelta(days=deadline_days),
            )
        )
        start = ends + timedelta(days=1)
    ReportingPeriod.objects.bulk_create(new)
    return list(ReportingPeriod.objects.filter(strategy=strategy).order_by("number"))[:count]


def _actions(strategy, count):
    actions = list(Action.objects.filter(part__plan__strategy=strategy).select_related("focus_area")[:count])
    if len(actions) >= count:
        return actions
    plan, _created = ImplementationPlan.objects.get_or_create(strategy=strategy)
    part, _created = PlanPart.objects.get_or_create(plan=plan, name="Benchmark-del")
    areas = list(FocusArea.objects.filter(strategy=strategy))
    if not areas:
        areas = [
            FocusArea.objects.create(strategy=strategy, position=n, title=f"Fokusområde {n}")
            for n in (1, 2, 3)
        ]
    Action.objects.bulk_create(
        Action(part=part, focus_area=areas[n % len(areas)], title=f"Handling {n}", position=n)
        for n in range(len(actions) + 1, count + 1)
    )
    return list(Action.objects.filter(part__plan__strategy=strategy).select_related("focus_area")[:count])
