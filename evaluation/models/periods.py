"""Follow-up of an approved strategy (seed 000): half-year reporting periods from its approval, and the
evaluation two years after it."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from volunteers.models import SECRETARIAT

#: Half-year periods until the evaluation, two years after approval.
PERIOD_MONTHS, EVALUATION_MONTHS = 6, 24


class ReportingSchedule(models.Model):
    """How a strategy is followed up: which units report, and when."""

    strategy = models.OneToOneField(
        "strategies.Strategy", on_delete=models.CASCADE, related_name="reporting", verbose_name=_("strategy")
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

    scope_organisation = "strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")

    def __str__(self):
        return str(self.strategy)


class ReportingPeriod(models.Model):
    strategy = models.ForeignKey(
        "strategies.Strategy", on_delete=models.CASCADE, related_name="periods", verbose_name=_("strategy")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    deadline = models.DateField(_("deadline"))

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

    def __str__(self):
        return _("Half year %(number)s") % {"number": self.number}


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
    due_on = models.DateField(_("due"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

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


def period_dates(approved_on, count=EVALUATION_MONTHS // PERIOD_MONTHS):
    """(start, end) of each half year from the approval. Counted from the approval date each time, so
    that 31 August gives 28/29 February and then 31 August again, never drifting to the 28th."""
    starts = [approved_on + relativedelta(months=PERIOD_MONTHS * n) for n in range(count + 1)]
    return [(starts[n], starts[n + 1] - timedelta(days=1)) for n in range(count)]


#: Evaluation steps, in months after approval (the questionnaire goes out two months before the report).
EVALUATION_STEPS = {
    EvaluationMilestone.Kind.QUESTIONNAIRE: EVALUATION_MONTHS - 2,
    EvaluationMilestone.Kind.RESPONSES_CLOSE: EVALUATION_MONTHS - 1,
    EvaluationMilestone.Kind.REPORT: EVALUATION_MONTHS,
}


@transaction.atomic
def generate_schedule(strategy):
    """The periods and evaluation steps of an approved strategy. Running it again adds nothing."""
    schedule, _created = ReportingSchedule.objects.get_or_create(strategy=strategy)
    for number, (starts_on, ends_on) in enumerate(period_dates(strategy.approved_on), start=1):
        ReportingPeriod.objects.get_or_create(
            strategy=strategy,
            number=number,
            defaults={
                "starts_on": starts_on,
                "ends_on": ends_on,
                "deadline": ends_on + timedelta(days=schedule.deadline_days),
            },
        )
    for kind, months in EVALUATION_STEPS.items():
        EvaluationMilestone.objects.get_or_create(
            strategy=strategy,
            kind=kind,
            defaults={"due_on": strategy.approved_on + relativedelta(months=months)},
        )
    return schedule
