"""The implementation plan (implementeringsplan): actions per part of the organisation, and budget."""

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import DateField, LongTextField
from volunteers.models import SECRETARIAT, User

from .strategy import FocusArea, Strategy


class ImplementationPlan(models.Model):
    """The action-oriented plan that goes with a strategy when it is sent out for implementation."""

    strategy = models.OneToOneField(
        Strategy, on_delete=models.CASCADE, related_name="implementation_plan", verbose_name=_("strategy")
    )
    introduction = LongTextField(_("introduction"), blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    scope_organisation = "strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")

    def __str__(self):
        return str(_("Implementation plan for %(strategy)s") % {"strategy": self.strategy})

    def get_absolute_url(self):
        return reverse("strategies:plan_detail", args=[self.pk])


class PlanPart(models.Model):
    """A part of the organisation that works with the strategy in its own way (seed 000: the
    hospitals, psychiatry, the social area; in a municipality its areas), with guidance for it."""

    plan = models.ForeignKey(
        ImplementationPlan, on_delete=models.CASCADE, related_name="parts", verbose_name=_("plan")
    )
    name = models.CharField(_("name"), max_length=200)
    guidance = LongTextField(_("guidance for this part"), blank=True)
    units = models.ManyToManyField(
        "volunteers.Unit", blank=True, related_name="plan_parts", verbose_name=_("units")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    scope_organisation = "plan__strategy__organisation"
    changing_roles = SECRETARIAT
    #: __str__ is this field: lists' filters read the options as (pk, name) pairs (core.filters).
    str_field = "name"

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("part of the organisation")
        verbose_name_plural = _("parts of the organisation")
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="plan_part_name_unique_in_plan")]

    def __str__(self):
        return self.name


class ActionQuerySet(models.QuerySet):
    def row_values(self):
        """What a table of actions shows (the plan page's, the plan PDF's), as values for ActionRow.of:
        hundreds of actions as objects, each with its focus area, unit and responsible, cost the plan page
        and asking for its PDF more than their queries."""
        return self.values_list(
            "pk",
            "part_id",
            "title",
            "description",
            "focus_area__title",
            "owner_unit__name",
            "start",
            "deadline",
            "status",
            "responsible_id",
            "responsible__first_name",
            "responsible__last_name",
            "responsible__username",
        )


class ActionRow(NamedTuple):
    """An action as a table of actions shows it (ActionQuerySet.row_values)."""

    pk: int
    part_id: int
    title: str
    description: str
    focus_area: str
    owner_unit: str | None
    start: date | None
    deadline: date | None
    status: str
    responsible: User | None
    overdue: bool

    @classmethod
    def of(cls, values: Iterable[tuple[Any, ...]], today: date) -> list["ActionRow"]:
        """The rows of row_values' values; each responsible made once, of the columns that name a user."""
        users: dict[int, User] = {}
        rows = []
        for *shown, user_id, first_name, last_name, username in values:
            responsible = None
            if user_id is not None:
                responsible = users.setdefault(
                    user_id, User(pk=user_id, first_name=first_name, last_name=last_name, username=username)
                )
            row = cls._make([*shown, responsible, False])
            rows.append(row._replace(overdue=Action.is_overdue_on(row.deadline, row.status, today)))
        return rows

    def get_status_display(self) -> str:
        return str(Action.Status(self.status).label)


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    #: Done with: never overdue.
    CLOSED = (Status.DONE, Status.CANCELLED)

    part = models.ForeignKey(
        PlanPart, on_delete=models.CASCADE, related_name="actions", verbose_name=_("part")
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.PROTECT, related_name="actions", verbose_name=_("focus area")
    )
    title = models.CharField(_("action"), max_length=300)
    description = LongTextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        "volunteers.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("owner unit"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("responsible"),
    )
    start = DateField(_("start"), null=True, blank=True)
    deadline = DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ActionQuerySet.as_manager()

    scope_organisation = "part__plan__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["part", "position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(deadline__isnull=True)
                | models.Q(deadline__gte=models.F("start")),
                name="action_deadline_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None):
        return self.is_overdue_on(self.deadline, self.status, today or timezone.localdate())

    @classmethod
    def is_overdue_on(cls, deadline, status, today):
        return deadline is not None and status not in cls.CLOSED and deadline < today


class BudgetLine(models.Model):
    """A line of the budget, e.g. seed 004's "Drift af Klyngen", with its funding source."""

    plan = models.ForeignKey(
        ImplementationPlan, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("plan")
    )
    title = models.CharField(_("budget line"), max_length=200)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    scope_organisation = "plan__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.UniqueConstraint(fields=["plan", "title"], name="budget_line_unique_in_plan")]

    def __str__(self):
        return self.title


class BudgetAmount(models.Model):
    """The amount of a budget line in one year, in whole kroner."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("line")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveBigIntegerField(_("amount (kr.)"))

    scope_organisation = "line__plan__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["line", "year"]
        verbose_name = _("budget amount")
        verbose_name_plural = _("budget amounts")
        constraints = [models.UniqueConstraint(fields=["line", "year"], name="budget_amount_one_per_year")]

    def __str__(self):
        return f"{self.line} {self.year}: {self.amount}"
