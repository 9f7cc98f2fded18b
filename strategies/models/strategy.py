"""The volunteer strategy (frivillighedsstrategi): versions, focus areas, effect targets."""

import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.concurrency import lock
from core.fields import DateField, LongTextField
from volunteers.models import SECRETARIAT, Organisation

from ..signals import strategy_approved


class StrategyStatusError(Exception):
    """A status change the strategy's workflow does not allow; the message is for the user."""


class Strategy(models.Model):
    """One version of an organisation's volunteer strategy. A revision is a new version that
    ``replaces`` the one before it (Region Syddanmark's strategy of 2016 and its 2018-19 revision)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("In consultation")
        APPROVED = "approved", _("Approved")
        IMPLEMENTATION = "implementation", _("In implementation")
        EVALUATED = "evaluated", _("Evaluated")
        REPLACED = "replaced", _("Replaced")

    #: status -> the statuses it may change to (approval and replacement have their own methods).
    TRANSITIONS = {
        Status.DRAFT: {Status.CONSULTATION},
        Status.CONSULTATION: {Status.DRAFT},
        Status.APPROVED: {Status.IMPLEMENTATION},
        Status.IMPLEMENTATION: {Status.EVALUATED},
        Status.EVALUATED: set(),
        Status.REPLACED: set(),
    }

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="strategies", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    version = models.CharField(
        _("version"), max_length=40, help_text=_("For example the year it applies from: 2019.")
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revision",
        verbose_name=_("revision of"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_on = DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "meetings.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_strategies",
        verbose_name=_("approved by"),
    )
    vision = LongTextField(_("vision"), blank=True)
    purpose = LongTextField(_("purpose"), blank=True)
    principles = LongTextField(
        _("principles and good advice"), blank=True, help_text=_("One principle per line.")
    )
    attention_points = LongTextField(
        _("attention points"), blank=True, help_text=_("One point per line (the “OBS!” list).")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    scope_organisation = "organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["organisation", "-version", "title"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title", "version"], name="strategy_version_unique_in_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.version})"

    def get_absolute_url(self):
        return reverse("strategies:strategy_detail", args=[self.pk])

    @property
    def is_editable(self):
        """The text can be changed until the strategy is approved."""
        return self.status in {self.Status.DRAFT, self.Status.CONSULTATION}

    def principle_lines(self):
        return _lines(self.principles)

    def attention_point_lines(self):
        return _lines(self.attention_points)

    @transaction.atomic
    def change_status(self, status):
        lock(self)  # the transition is checked against the status as it now is
        if status not in self.TRANSITIONS[self.status]:
            raise StrategyStatusError(
                _("A strategy that is “%(current)s” cannot become “%(new)s”.")
                % {"current": self.get_status_display(), "new": self.Status(status).label}
            )
        self.status = status
        self.save(update_fields=["status", "updated_at"])

    @transaction.atomic
    def approve(self, approved_on, approved_by=None):
        """Approve this version; the version it revises is then replaced."""
        lock(self)
        if self.status not in {self.Status.DRAFT, self.Status.CONSULTATION}:
            raise StrategyStatusError(_("Only a draft or a strategy in consultation can be approved."))
        if not self.focus_areas.exists():
            raise StrategyStatusError(_("A strategy needs at least one focus area before it is approved."))
        self.status = self.Status.APPROVED
        self.approved_on = approved_on
        self.approved_by = approved_by
        self.save(update_fields=["status", "approved_on", "approved_by", "updated_at"])
        if self.replaces_id:
            Strategy.objects.filter(pk=self.replaces_id).update(status=self.Status.REPLACED)
        strategy_approved.send(sender=Strategy, strategy=self)

    @transaction.atomic
    def start_revision(self, version):
        """A new draft version with this version's text, focus areas and effect targets, to be revised."""
        if self.status in {self.Status.DRAFT, self.Status.CONSULTATION, self.Status.REPLACED}:
            raise StrategyStatusError(_("Only an approved strategy can be revised."))
        if Strategy.objects.filter(replaces=self).exists():
            raise StrategyStatusError(_("This strategy is already being revised."))
        draft = Strategy.objects.create(
            organisation=self.organisation,
            title=self.title,
            version=version,
            replaces=self,
            vision=self.vision,
            purpose=self.purpose,
            principles=self.principles,
            attention_points=self.attention_points,
        )
        for area in self.focus_areas.prefetch_related("effect_targets"):
            targets = list(area.effect_targets.all())
            area.pk = None
            area.strategy = draft
            area.save()
            for target in targets:
                target.pk = None
                target.focus_area = area
            EffectTarget.objects.bulk_create(targets)
        return draft


class FocusArea(models.Model):
    """A strand of the strategy (fokusområde / indsatsområde) with its goals."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("strategy")
    )
    position = models.PositiveSmallIntegerField(_("number"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = LongTextField(_("description"), blank=True)
    goals = LongTextField(_("goals"), blank=True, help_text=_("One goal per line."))

    scope_organisation = "strategy__organisation"
    changing_roles = SECRETARIAT
    #: __str__ is this field: lists' filters read the options as (pk, title) pairs (core.filters).
    str_field = "title"

    class Meta:
        ordering = ["strategy", "position", "pk"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self):
        return self.title

    def goal_lines(self):
        return _lines(self.goals)


#: Units of measure that are a share (a percentage, "pct.", "procent", "procentpoint"): never added up.
PERCENT_LIKE = re.compile(r"%|‰|\b(pct|procent|percent)", re.IGNORECASE)


def is_percentage(unit):
    """Whether a unit of measure is a share, so that the units' values cannot be added up."""
    return bool(PERCENT_LIKE.search(unit or ""))


class Aggregation(models.TextChoices):
    """How the units' values of an effect target combine into the figure the steering group sees."""

    SUM = "sum", _("Sum of the units' values")
    AVERAGE = "average", _("Average of the units' values")
    WEIGHTED = "weighted", _("Weighted average of the units' values")
    ORGANISATION = "organisation", _("The organisation's own figure, entered once per period")


class EffectTarget(models.Model):
    """A measurable target of a focus area (effektmål): indicator, baseline and target by a date, and how
    the units' values combine (a count is added up; a percentage is averaged or is the organisation's own
    figure, never a sum)."""

    Aggregation = Aggregation

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="effect_targets", verbose_name=_("focus area")
    )
    indicator = models.CharField(_("indicator"), max_length=300)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        _("unit of measure"), max_length=40, blank=True, help_text=_("For example: persons, %.")
    )
    target_date = DateField(_("target date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    aggregation = models.CharField(
        _("how the units' values combine"),
        max_length=20,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_(
            "A count is added up; a percentage or a rate is averaged, weighted or is the organisation's "
            "own figure."
        ),
    )
    weight_label = models.CharField(
        _("weight"),
        max_length=80,
        blank=True,
        help_text=_(
            "For a weighted average: what each unit states as the weight of its value, e.g. number of new "
            "volunteers."
        ),
    )

    scope_organisation = "focus_area__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["focus_area", "position", "pk"]
        verbose_name = _("effect target")
        verbose_name_plural = _("effect targets")

    def __str__(self):
        return self.indicator

    def clean(self):
        super().clean()
        if self.aggregation == Aggregation.SUM and is_percentage(self.unit):
            raise ValidationError(
                {
                    "aggregation": _(
                        "A percentage cannot be added up across the units. Choose an average, a weighted "
                        "average or the organisation's own figure."
                    )
                }
            )
        if self.aggregation == Aggregation.WEIGHTED and not self.weight_label.strip():
            raise ValidationError(
                {"weight_label": _("Say what the weight is, e.g. number of new volunteers.")}
            )
        if self.aggregation != Aggregation.WEIGHTED:
            self.weight_label = ""  # a weight only means something for a weighted average

    @property
    def aggregation_text(self):
        """The method with its weight: "Vægtet gennemsnit (vægt: antal nye frivillige)"."""
        if self.aggregation == Aggregation.WEIGHTED and self.weight_label:
            return _("%(method)s (weight: %(weight)s)") % {
                "method": self.get_aggregation_display(),
                "weight": self.weight_label,
            }
        return str(self.get_aggregation_display())


def _lines(text):
    return [line.strip().lstrip("-\u2022 ").strip() for line in text.splitlines() if line.strip()]
