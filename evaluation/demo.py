"""Demo data for the follow-up (seed 000): two years of half-year reports from Region Syddanmark's
hospitals and social area on its 2019 strategy, with varied statuses and one late unit, and the answers
to its two-year evaluation.

`seed_demo` calls `create()` after strategies.demo; a period that already has reports is left alone.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from strategies.models import Action, EffectTarget, Strategy
from volunteers.models import Role, Unit, User

from .forms.questionnaire import STANDARD_INTRODUCTION, STANDARD_TITLE, add_standard_questions
from .models import (
    ActionReport,
    Answer,
    AnswerLink,
    EvaluationMilestone,
    Question,
    Questionnaire,
    ReportingPeriod,
    StatusReport,
    Submission,
    TargetReport,
    generate_schedule,
)

REPORTING_UNITS = [
    "Odense Universitetshospital",
    "Sygehus Lillebælt",
    "Sydvestjysk Sygehus",
    "Sygehus Sønderjylland",
    "Socialområdet",
]
#: The unit whose last report never came.
LATE_UNIT = "Sygehus Sønderjylland"

# Per period: the statuses of the actions, in turn, and how far along the effect targets are (share of the
# way from baseline to target).
PROGRESS = {
    n: (status, Decimal(share))
    for n, (status, share) in enumerate(
        [("on_track", "0.2"), ("at_risk", "0.45"), ("on_track", "0.7"), ("done", "0.9")], start=1
    )
}
NARRATIVES = {
    "on_track": "Arbejdet går efter planen.",
    "at_risk": "Rekrutteringen går langsommere end ventet; en ekstra indsats er aftalt med frivilligcentret.",
    "behind": "Indsatsen er forsinket, fordi frivilligkoordinatoren har været på orlov.",
    "done": "Handlingen er gennemført.",
}


@transaction.atomic
def create():
    # The older strategies' evaluations are long done; their steps are not to be chased now.
    EvaluationMilestone.objects.filter(
        completed_on__isnull=True, strategy__organisation__name__in=["Region Midtjylland", "Aarhus Kommune"]
    ).update(completed_on=F("due_on"))
    strategy = Strategy.objects.filter(
        organisation__name="Region Syddanmark", status=Strategy.Status.IMPLEMENTATION, version="2019"
    ).first()
    if strategy is None:
        return
    schedule = generate_schedule(strategy)
    units = list(Unit.objects.filter(organisation=strategy.organisation, name__in=REPORTING_UNITS))
    schedule.units.set(units)
    secretariat = User.objects.filter(organisation=strategy.organisation, role=Role.SECRETARIAT).first()
    actions = list(Action.objects.filter(part__plan__strategy=strategy).select_related("part", "owner_unit"))
    targets = list(EffectTarget.objects.filter(focus_area__strategy=strategy))
    for period in ReportingPeriod.objects.filter(strategy=strategy):
        if period.reports.exists():
            continue
        for index, unit in enumerate(sorted(units, key=lambda unit: unit.name)):
            _report(period, unit, index, actions, targets, secretariat)
    if not Questionnaire.objects.filter(strategy=strategy).exists():
        _evaluation(strategy, sorted(units, key=lambda unit: unit.name))


#: Suggestions written in the demo's free-text answers.
SUGGESTIONS = [
    "Mere om samarbejdet med kommunerne ved udskrivelse.",
    "En fælles introduktion til nye frivillige på tværs af sygehusene.",
    "Strategien kunne sige mere om de frivilliges egne ønsker.",
    "Bedre kendskab til strategien blandt afdelingssygeplejerskerne.",
]


def _evaluation(strategy, units):
    """The two-year evaluation: answers from staff and volunteer representatives of each reporting unit
    (the questionnaire has closed; the report to the steering group is the step still open)."""
    steps = dict(EvaluationMilestone.objects.filter(strategy=strategy).values_list("kind", "due_on"))
    questionnaire = Questionnaire.objects.create(
        strategy=strategy,
        title=STANDARD_TITLE % {"strategy": strategy},
        introduction=STANDARD_INTRODUCTION,
        opens_on=steps[EvaluationMilestone.Kind.QUESTIONNAIRE],
        closes_on=steps[EvaluationMilestone.Kind.RESPONSES_CLOSE],
    )
    add_standard_questions(questionnaire)
    questions = list(questionnaire.questions.all())
    EvaluationMilestone.objects.filter(
        strategy=strategy,
        kind__in=[EvaluationMilestone.Kind.QUESTIONNAIRE, EvaluationMilestone.Kind.RESPONSES_CLOSE],
    ).update(completed_on=F("due_on"))
    for index, unit in enumerate(units):
        for audience, invited in ((AnswerLink.Audience.STAFF, 40), (AnswerLink.Audience.VOLUNTEERS, 12)):
            link = AnswerLink.objects.create(
                questionnaire=questionnaire, unit=unit, audience=audience, invited=invited
            )
            # Unit by unit a different response rate; one unit's volunteers too few to be shown.
            count = (
                2 if (index, audience) == (3, AnswerLink.Audience.VOLUNTEERS) else invited // (2 + index % 3)
            )
            for number in range(count):
                submission = Submission.objects.create(
                    link=link, submitted_on=questionnaire.opens_on + timedelta(days=number % 20)
                )
                Answer.objects.bulk_create(
                    Answer(
                        submission=submission, question=question, score=1 + (number + index + position) % 5
                    )
                    if question.kind == Question.Kind.SCALE
                    else Answer(
                        submission=submission, question=question, text=SUGGESTIONS[(number + index) % 4]
                    )
                    for position, question in enumerate(questions)
                    if question.kind == Question.Kind.SCALE or number % 5 == 0
                )


def _report(period, unit, index, actions, targets, secretariat):
    last = period.number == 4
    if last and unit.name == LATE_UNIT:
        StatusReport.objects.create(period=period, unit=unit)  # a draft, never submitted: late
        return
    status, progress = PROGRESS[period.number]
    if (period.number + index) % 4 == 0:
        status = "behind"
    submitted_on = period.deadline - timedelta(days=3 + index)
    submitted_at = timezone.make_aware(datetime.combine(submitted_on, time(10)))
    report = StatusReport.objects.create(
        period=period,
        unit=unit,
        status=StatusReport.Status.SUBMITTED if last else StatusReport.Status.ACCEPTED,
        summary=f"Status for {unit.name}: {NARRATIVES[status]}",
        active_volunteers=40 + 10 * period.number + 5 * index,
        active_agreements=3 + period.number + index % 3,
        agreements_due_for_review=index % 2,
        submitted_at=submitted_at,
        decided_at=None if last else submitted_at + timedelta(days=7),
        decided_by=None if last else secretariat,
    )
    mine = [
        action for action in actions if action.owner_unit_id == unit.pk or unit in action.part.units.all()
    ]
    ActionReport.objects.bulk_create(
        ActionReport(
            report=report,
            action=action,
            status=status,
            narrative=NARRATIVES[status],
            next_steps="Opfølgning på næste møde i styregruppen.",
        )
        for action in mine
    )
    TargetReport.objects.bulk_create(
        TargetReport(
            report=report,
            effect_target=target,
            actual=round(
                (target.baseline + (target.target - target.baseline) * progress) / len(REPORTING_UNITS)
            ),
        )
        for target in targets
        if target.baseline is not None and target.target is not None
    )
