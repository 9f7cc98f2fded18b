"""Demo data for the follow-up of seed 000, the only seed that asks for a rhythm (so Region Syddanmark is
the only organisation with one): half-yearly status from the hospitals and the social area to
Koncernledelsesforum, and an evaluation two years after the approval.

- The 2019 strategy at its real dates: four half years from its approval (2019-21), every report
  accepted but one unit's last, which never came, and its two-year evaluation's answers; all done.
- The demo's own continuation (strategies.demo, approved about 22 months before the demo day): the past
  half years accepted; in the one in progress, reports drafted, handed in, returned with a comment and
  accepted, and one unit not started; the previous half year's status pack on Koncernledelsesforum's next
  meeting (as the daily sweep puts it there); and the two-year evaluation's questionnaire open on the
  demo day, with the answers so far.

Everything is dated from the demo day (``create(today)``), never from the clock. `seed_demo` calls it
after meetings.demo and strategies.demo; running it twice changes nothing.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from meetings.models import Body
from strategies.models import Action, EffectTarget, Strategy
from volunteers.demo import settle_hand_offs
from volunteers.models import Organisation, Role, Unit, User

from . import status_pack
from .forms.questionnaire import STANDARD_INTRODUCTION, STANDARD_TITLE, add_standard_questions
from .models import (
    ActionReport,
    Answer,
    AnswerLink,
    EvaluationMilestone,
    Question,
    Questionnaire,
    ReportingPeriod,
    ReportingSchedule,
    StatusReport,
    Submission,
    TargetReport,
    generate_schedule,
)
from .reporting import key_figures

ORGANISATION = "Region Syddanmark"
STEERING_BODY = "Koncernledelsesforum"
#: Seed 000's rhythm: half-yearly status, evaluation two years after the approval.
RHYTHM = {"interval_months": 6, "evaluation_months": 24}
REPORTING_UNITS = [
    "Odense Universitetshospital",
    "Sygehus Lillebælt",
    "Sydvestjysk Sygehus",
    "Sygehus Sønderjylland",
    "Socialområdet",
]
#: The unit whose last report on the 2019 strategy never came.
LATE_UNIT = "Sygehus Sønderjylland"
#: The reports of the half year in progress; a unit not named (Socialområdet) has not started its report.
#: Sygehus Lillebælt is the demo coordinator's unit: its report is back with the secretariat's comment.
CURRENT = {
    "Odense Universitetshospital": StatusReport.Status.ACCEPTED,
    "Sydvestjysk Sygehus": StatusReport.Status.SUBMITTED,
    "Sygehus Lillebælt": StatusReport.Status.RETURNED,
    "Sygehus Sønderjylland": StatusReport.Status.DRAFT,
}
RETURN_COMMENT = (
    "Tak for rapporten. Udskrivelsesvennerne mangler en status, og tallet for nye frivillige med "
    "introduktion ser ud til at dække hele året. Ret venligst og aflever igen."
)

# Each unit's part of the organisation's counts (they add up to the whole) and, for a percentage, its
# distance from the organisation's figure and its weight (new volunteers in the half year).
SHARES = {
    "Odense Universitetshospital": (Decimal("0.32"), 4, 24),
    "Sygehus Lillebælt": (Decimal("0.22"), -3, 15),
    "Sydvestjysk Sygehus": (Decimal("0.16"), -7, 9),
    "Sygehus Sønderjylland": (Decimal("0.14"), 2, 8),
    "Socialområdet": (Decimal("0.16"), -1, 6),
}

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

#: Suggestions written in the demo's free-text answers.
SUGGESTIONS = [
    "Mere om samarbejdet med kommunerne ved udskrivelse.",
    "En fælles introduktion til nye frivillige på tværs af sygehusene.",
    "Strategien kunne sige mere om de frivilliges egne ønsker.",
    "Bedre kendskab til strategien blandt afdelingssygeplejerskerne.",
]
#: How the answers lean per topic (added to a score of 1-5): spread and compliance fare worse than
#: awareness, so that the results have something to say.
TOPIC_LEAN = {"spread": -1, "awareness": 1, "compliance": 0}


@transaction.atomic
def create(today):
    organisation = Organisation.objects.get(name=ORGANISATION)
    first = Strategy.objects.filter(organisation=organisation, version="2019").first()
    if first is None:
        return
    context = _Context(organisation, today)
    _follow_up(first, context, evaluation_done=True)
    continuation = Strategy.objects.filter(replaces=first).first()
    if continuation is not None:
        _follow_up(continuation, context, evaluation_done=False)
        # What the morning sweep does: the last half year's status pack onto Koncernledelsesforum's agenda.
        status_pack.land_due_packs(today)


class _Context:
    def __init__(self, organisation, today):
        self.today = today
        self.units = sorted(
            Unit.objects.filter(organisation=organisation, name__in=REPORTING_UNITS), key=lambda u: u.name
        )
        self.body = Body.objects.get(organisation=organisation, name=STEERING_BODY)
        users = User.objects.filter(organisation=organisation, is_active=True).prefetch_related("units")
        self.secretariat = users.filter(role=Role.SECRETARIAT).order_by("pk").first()
        self.coordinators = {
            unit.pk: user for user in users.filter(role=Role.COORDINATOR) for unit in user.units.all()
        }


def _follow_up(strategy, context, evaluation_done):
    schedule, created = ReportingSchedule.objects.get_or_create(
        strategy=strategy,
        defaults={**RHYTHM, "first_period_starts": strategy.approved_on, "steering_body": context.body},
    )
    if created:
        schedule.units.set(context.units)
        generate_schedule(schedule)
    actions = list(Action.objects.filter(part__plan__strategy=strategy).prefetch_related("part__units"))
    targets = list(EffectTarget.objects.filter(focus_area__strategy=strategy, baseline__isnull=False))
    periods = list(ReportingPeriod.objects.filter(strategy=strategy, starts_on__lte=context.today))
    register = {unit.pk: key_figures(unit, context.today) for unit in context.units}
    for period in periods:
        if period.reports.exists():
            continue
        current = period.deadline >= context.today
        for index, unit in enumerate(context.units):
            if current:
                status = CURRENT.get(unit.name)
            elif period.number == len(periods) and evaluation_done and unit.name == LATE_UNIT:
                status = StatusReport.Status.DRAFT  # never handed in: late
            else:
                status = StatusReport.Status.ACCEPTED
            if status is not None:
                figures = _figures_then(register[unit.pk], len(periods) - period.number)
                _report(period, unit, index, status, actions, targets, figures, context)
    if not Questionnaire.objects.filter(strategy=strategy).exists():
        _evaluation(strategy, context, evaluation_done)


def _figures_then(on_demo_day, periods_back):
    """The key figures a report gave ``periods_back`` periods ago: the register's of the demo's day for
    the period in progress, a little fewer people and agreements the further back (the register keeps
    no history of its counts)."""
    agreements = max(0, on_demo_day["active_agreements"] - periods_back // 2)
    return {
        "active_volunteers": max(1, on_demo_day["active_volunteers"] - 3 * periods_back),
        "active_agreements": agreements,
        "agreements_due_for_review": min(agreements, on_demo_day["agreements_due_for_review"]),
    }


def _report(period, unit, index, status, actions, targets, figures, context):
    """A unit's report walked through submit and decide, its times on the demo's calendar: handed in
    shortly before the deadline (or before the demo day, in the half year in progress)."""
    progress_status, progress = PROGRESS[period.number]
    if (period.number + index) % 4 == 0:
        progress_status = "behind"
    report = StatusReport.objects.create(
        period=period,
        unit=unit,
        summary=f"Status for {unit.name}: {NARRATIVES[progress_status]}",
        **figures,
    )
    mine = [a for a in actions if a.owner_unit_id == unit.pk or unit in a.part.units.all()]
    # A draft is half written: the first actions have their status, the rest are still to do.
    done = len(mine) // 2 if status == StatusReport.Status.DRAFT else len(mine)
    ActionReport.objects.bulk_create(
        ActionReport(
            report=report,
            action=action,
            status=progress_status,
            narrative=NARRATIVES[progress_status],
            next_steps="Opfølgning på næste møde i styregruppen.",
        )
        for action in mine[:done]
    )
    TargetReport.objects.bulk_create(_target_values(report, unit, progress, targets))
    if status == StatusReport.Status.DRAFT:
        return
    if period.deadline < context.today:
        submitted_on = period.deadline - timedelta(days=3 + index)
    else:
        submitted_on = max(period.starts_on, context.today - timedelta(days=12 - index))
    # A unit without a coordinator of its own has its report handed in by the secretariat.
    report.submit(context.coordinators.get(unit.pk, context.secretariat), now=_at(submitted_on, time(10)))
    decided_on = min(context.today, submitted_on + timedelta(days=7 if status == "accepted" else 4))
    if status in {StatusReport.Status.ACCEPTED, StatusReport.Status.RETURNED}:
        accept = status == StatusReport.Status.ACCEPTED
        report.decide(context.secretariat, accept, "" if accept else RETURN_COMMENT)
    StatusReport.objects.filter(pk=report.pk).update(
        submitted_at=_at(submitted_on, time(10)),
        decided_at=_at(decided_on, time(14)) if report.decided_at else None,
    )
    if period.deadline < context.today:
        settle_hand_offs(key__startswith=f"report:{report.pk}:")


def _target_values(report, unit, progress, targets):
    """The unit's values: its share of a count, so that the units add up to the organisation's figure;
    for a percentage its own figure near the organisation's, with the weight it carries."""
    share, distance, weight = SHARES[unit.name]
    for target in targets:
        reached = target.baseline + (target.target - target.baseline) * progress
        if target.unit == "%":
            yield TargetReport(
                report=report,
                effect_target=target,
                actual=min(Decimal(100), round(reached + distance, 1)),
            )
        else:
            yield TargetReport(report=report, effect_target=target, actual=round(reached * share))


def _evaluation(strategy, context, done):
    """The two-year evaluation's questionnaire, from its milestones: answers from staff and volunteer
    representatives of each reporting unit on the days it has been open by the demo day. Done, all its
    steps are completed; open, the questionnaire is sent out and the rest is to come."""
    steps = dict(EvaluationMilestone.objects.filter(strategy=strategy).values_list("kind", "due_on"))
    opens_on = steps[EvaluationMilestone.Kind.QUESTIONNAIRE]
    if opens_on > context.today:
        return
    questionnaire = Questionnaire.objects.create(
        strategy=strategy,
        title=STANDARD_TITLE % {"strategy": strategy},
        introduction=STANDARD_INTRODUCTION,
        opens_on=opens_on,
        closes_on=steps[EvaluationMilestone.Kind.RESPONSES_CLOSE],
    )
    add_standard_questions(questionnaire)
    questions = list(questionnaire.questions.all())
    completed = list(steps) if done else [EvaluationMilestone.Kind.QUESTIONNAIRE]
    for kind in completed:
        EvaluationMilestone.objects.filter(strategy=strategy, kind=kind).update(completed_on=steps[kind])
    last_day = min(questionnaire.closes_on, context.today)
    days = (last_day - opens_on).days + 1
    # Seeded for the same answers on every run (made-up demo data, nothing secret).
    draw = random.Random(f"evaluation-{strategy.version}")  # nosec B311
    for index, unit in enumerate(context.units):
        for audience, invited in ((AnswerLink.Audience.STAFF, 40), (AnswerLink.Audience.VOLUNTEERS, 12)):
            link = AnswerLink.objects.create(
                questionnaire=questionnaire, unit=unit, audience=audience, invited=invited
            )
            # Unit by unit a different response rate (fewer while it is still open); one unit's
            # volunteers too few to be shown.
            count = (
                2 if (index, audience) == (3, AnswerLink.Audience.VOLUNTEERS) else invited // (2 + index % 3)
            )
            if not done:
                count = count * days // max(1, (questionnaire.closes_on - opens_on).days + 1) + 1
            lean = 1 if index % 2 == 0 else 0  # some units know the strategy better than others
            for number in range(count):
                submission = Submission.objects.create(
                    link=link, submitted_on=opens_on + timedelta(days=number * days // count)
                )
                Answer.objects.bulk_create(
                    Answer(
                        submission=submission,
                        question=question,
                        score=min(5, max(1, draw.randint(2, 4) + TOPIC_LEAN.get(question.topic, 0) + lean)),
                    )
                    if question.kind == Question.Kind.SCALE
                    else Answer(
                        submission=submission, question=question, text=SUGGESTIONS[(number + index) % 4]
                    )
                    for question in questions
                    if question.kind == Question.Kind.SCALE or number % 5 == 0
                )


def _at(day, clock):
    return timezone.make_aware(datetime.combine(day, clock))
