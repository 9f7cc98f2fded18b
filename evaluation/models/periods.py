"""Follow-up of an approved strategy: the rhythm the secretariat sets for it (seed 000: half-yearly status
reports from the hospitals and the social area to Koncernledelsesforum, evaluation after two years), the
reporting periods and evaluation milestones made from it, and the period in progress."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import DateField
from meetings.models import Meeting
from strategies.models import Strategy
from volunteers.models import SECRETARIAT

from .reports import StatusReport

#: Strategies that are followed up: reports, reminders and status packs.
FOLLOWED_UP = (Strategy.Status.APPROVED, Strategy.Status.IMPLEMENTATION, Strategy.Status.EVALUATED)

#: Without an evaluation, the periods of two years are made (the secretariat extends the rhythm later).
HORIZON_MONTHS = 24
#: Reports a unit has handed in (a returned one too): their periods survive a change of rhythm.
HANDED_IN = (StatusReport.Status.SUBMITTED, StatusReport.Status.RETURNED, StatusReport.Status.ACCEPTED)


class Interval(models.IntegerChoices):
    QUARTER = 3, _("Quarter")
    HALF_YEAR = 6, _("Half year")
    YEAR = 12, _("Year")


#: A period's name by its length: "Kvartal 3", "Halvår 2", "År 1".
PERIOD_NAMES = {
    Interval.QUARTER: _("Quarter %(number)s"),
    Interval.HALF_YEAR: _("Half year %(number)s"),
    Interval.YEAR: _("Year %(number)s"),
}


class ReportingSchedule(models.Model):
    """How a strategy is followed up (its rhythm): which units report, how often and when, where the status
    goes, and when the strategy is evaluated. Only a strategy whose secretariat set one up has one."""

    Interval = Interval

    strategy = models.OneToOneField(
        "strategies.Strategy", on_delete=models.CASCADE, related_name="reporting", verbose_name=_("strategy")
    )
    interval_months = models.PositiveSmallIntegerField(
        _("reporting interval"), choices=Interval.choices, default=Interval.HALF_YEAR
    )
    first_period_starts = DateField(
        _("first period starts"),
        help_text=_("Usually the day the strategy was approved. The periods are counted from this day."),
    )
    units = models.ManyToManyField(
        "volunteers.Unit",
        blank=True,
        related_name="reporting_schedules",
        verbose_name=_("reporting units"),
        help_text=_("For example the hospitals and the social area, which report every half year."),
    )
    deadline_days = models.PositiveSmallIntegerField(_("deadline (days after the period ends)"), default=30)
    reminder_days = models.PositiveSmallIntegerField(_("remind this many days before a deadline"), default=7)
    steering_body = models.ForeignKey(
        "meetings.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status goes to"),
        help_text=_(
            "After each deadline the status pack is put on the agenda of this body's next meeting, e.g. "
            "Koncernledelsesforum."
        ),
    )
    evaluation_months = models.PositiveSmallIntegerField(
        _("evaluation after (months)"),
        null=True,
        blank=True,
        help_text=_("Months after the first period starts; empty if the strategy is not evaluated."),
    )

    scope_organisation = "strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")

    def __str__(self):
        return str(self.strategy)


class DescendingIndex(models.Index):
    """An index of ``fields``, each descending with empty values last: the order core.lists.Listing sorts a
    column descending in. PostgreSQL reads an index for a sort only in the same NULLS order, so there the
    index says NULLS LAST; SQLite's indexes take no NULLS clause, and a descending one puts them last."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        nulls_last = True if schema_editor.connection.vendor == "postgresql" else None
        columns = [models.F(field).desc(nulls_last=nulls_last) for field in self.fields]
        return models.Index(*columns, name=self.name).create_sql(model, schema_editor, using, **kwargs)


class ReportingPeriod(models.Model):
    strategy = models.ForeignKey(
        "strategies.Strategy", on_delete=models.CASCADE, related_name="periods", verbose_name=_("strategy")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    starts_on = DateField(_("from"))
    ends_on = DateField(_("to"))
    deadline = DateField(_("deadline"))
    #: The interval the period was made with; its name follows it, also after the rhythm changes.
    months = models.PositiveSmallIntegerField(
        _("length"), choices=Interval.choices, default=Interval.HALF_YEAR
    )
    #: The agenda item that took the period's status pack to the steering body (once per period).
    status_pack_item = models.OneToOneField(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_pack_period",
        verbose_name=_("status pack on the agenda"),
    )

    scope_organisation = "strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="one_period_per_number"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
        ]
        # The report list sorted by deadline (either way): PostgreSQL reads the periods in that order and
        # sorts by unit only the reports of the periods a page needs, not every report of the organisation.
        indexes = [
            models.Index(fields=["deadline"], name="period_deadline"),
            DescendingIndex(fields=["deadline"], name="period_deadline_desc"),
        ]

    def __str__(self):
        return PERIOD_NAMES.get(self.months, PERIOD_NAMES[Interval.HALF_YEAR]) % {"number": self.number}


class EvaluationMilestone(models.Model):
    """A step of the two-year evaluation; reminders go to the secretariat."""

    class Kind(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("Evaluation questionnaire sent out")
        RESPONSES_CLOSE = "responses_close", _("Questionnaire closes")
        REPORT = "report", _("Evaluation report to the steering group")

    strategy = models.ForeignKey(
        "strategies.Strategy",
        on_delete=models.CASCADE,
        related_name="evaluation_milestones",
        verbose_name=_("strategy"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_on = DateField(_("due"))
    completed_on = DateField(_("completed on"), null=True, blank=True)

    scope_organisation = "strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["strategy", "due_on"]
        verbose_name = _("evaluation milestone")
        verbose_name_plural = _("evaluation milestones")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "kind"], name="one_evaluation_step_per_kind")
        ]

    def __str__(self):
        return self.get_kind_display()


def period_dates(first_starts, months=Interval.HALF_YEAR, count=HORIZON_MONTHS // Interval.HALF_YEAR):
    """(start, end) of each period from the first start. Counted from the first start each time, so that
    31 August gives 28/29 February and then 31 August again, never drifting to the 28th."""
    starts = [first_starts + relativedelta(months=months * n) for n in range(count + 1)]
    return [(starts[n], starts[n + 1] - timedelta(days=1)) for n in range(count)]


def rhythm_dates(schedule):
    """The periods of the schedule's rhythm: up to the evaluation (the last one may end after it), or
    for two years without one."""
    months = schedule.evaluation_months or HORIZON_MONTHS
    count = -(-months // schedule.interval_months)
    return period_dates(schedule.first_period_starts, schedule.interval_months, count)


#: Evaluation steps, in months before the evaluation (the questionnaire goes out two months before it).
EVALUATION_STEPS = {
    EvaluationMilestone.Kind.QUESTIONNAIRE: 2,
    EvaluationMilestone.Kind.RESPONSES_CLOSE: 1,
    EvaluationMilestone.Kind.REPORT: 0,
}


@transaction.atomic
def generate_schedule(schedule):
    """Make the strategy's periods and evaluation milestones follow the schedule's rhythm; running it again
    changes nothing.

    When the rhythm of a running strategy changes, the periods up to the last one with a handed-in report
    (submitted, returned or accepted) stay exactly as they are, with all their reports: they are the
    history the reports belong to. The periods after it are rebuilt from the rhythm, numbered on from
    the last kept one; a new period that would overlap the kept ones starts the day after them. A
    rebuilt period reuses an old period's row in order, so its draft reports and reminders follow it;
    surplus periods go (with their drafts). Completed evaluation milestones keep their dates.

    Returns the number of the last period kept as it was (0: none)."""
    strategy = schedule.strategy
    periods = list(ReportingPeriod.objects.select_for_update().filter(strategy=strategy).order_by("number"))
    handed_in = StatusReport.objects.filter(period__strategy=strategy, status__in=HANDED_IN)
    last_kept = max(handed_in.values_list("period__number", flat=True), default=0)
    kept = [period for period in periods if period.number <= last_kept]
    rebuilt = [period for period in periods if period.number > last_kept]
    dates = rhythm_dates(schedule)
    if kept:
        after = kept[-1].ends_on + timedelta(days=1)
        dates = [(max(starts_on, after), ends_on) for starts_on, ends_on in dates if ends_on >= after]
    for index, (starts_on, ends_on) in enumerate(dates):
        values = {
            "number": last_kept + 1 + index,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "deadline": ends_on + timedelta(days=schedule.deadline_days),
            "months": schedule.interval_months,
        }
        if index >= len(rebuilt):
            ReportingPeriod.objects.create(strategy=strategy, **values)
            continue
        period = rebuilt[index]
        changed = [name for name, value in values.items() if getattr(period, name) != value]
        if changed:
            # One by one in number order: a number given is never still held by a later period.
            for name in changed:
                setattr(period, name, values[name])
            period.save(update_fields=changed)
    ReportingPeriod.objects.filter(pk__in=[period.pk for period in rebuilt[len(dates) :]]).delete()
    _evaluation_steps(schedule)
    return last_kept


def _evaluation_steps(schedule):
    strategy = schedule.strategy
    due = {}
    if schedule.evaluation_months is not None:
        first, months = schedule.first_period_starts, schedule.evaluation_months
        due = {
            kind: first + relativedelta(months=months - before) for kind, before in EVALUATION_STEPS.items()
        }
    open_steps = EvaluationMilestone.objects.filter(strategy=strategy, completed_on__isnull=True)
    open_steps.exclude(kind__in=list(due)).delete()
    for kind, due_on in due.items():
        milestone, created = EvaluationMilestone.objects.get_or_create(
            strategy=strategy, kind=kind, defaults={"due_on": due_on}
        )
        if not created and milestone.completed_on is None and milestone.due_on != due_on:
            milestone.due_on = due_on
            milestone.save(update_fields=["due_on"])


def current_period(strategy, today=None):
    """The period the strategy's units are reporting on today: of those begun whose deadline has not
    passed, the latest; None if there is none."""
    today = today or timezone.localdate()
    return (
        ReportingPeriod.objects.filter(strategy=strategy, starts_on__lte=today, deadline__gte=today)
        .order_by("-starts_on", "-number")
        .first()
    )


def status_packs_due(today):
    """The status packs that are to land on a steering body's agenda today, as (period, meeting) pairs.

    For each followed-up strategy whose rhythm names the body the status goes to: the latest period whose
    deadline has passed, unless its pack is on an agenda already, goes on the body's next meeting whose
    agenda is still a draft. With no such meeting yet, a later day's sweep finds it once it is planned. A
    period whose pack never landed before the next period's deadline passed is left out: the newer pack
    shows the development over the periods before it."""
    schedules = ReportingSchedule.objects.filter(
        strategy__status__in=FOLLOWED_UP, steering_body__isnull=False
    ).values_list("strategy_id", "steering_body_id")
    due = []
    for strategy_id, body_id in schedules:
        period = (
            ReportingPeriod.objects.filter(strategy_id=strategy_id, deadline__lt=today)
            .select_related("strategy")
            .order_by("-deadline", "-number")
            .first()
        )
        if period is None or period.status_pack_item_id is not None:
            continue
        meeting = (
            Meeting.objects.filter(body_id=body_id, date__gte=today, status=Meeting.Status.DRAFT)
            .order_by("date", "start_time", "pk")
            .first()
        )
        if meeting is not None:
            due.append((period, meeting))
    return due
