"""The revision process: the commission (kommissorium) and its time and process plan with variants."""

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import DateField, LongTextField
from volunteers.models import SECRETARIAT

from .strategy import Strategy


class Commission(models.Model):
    """The mandate for revising a strategy (seed 000): background and purpose, organisation, time and
    process plan, implementation and evaluation. It belongs to the draft version it produces."""

    strategy = models.OneToOneField(
        Strategy, on_delete=models.CASCADE, related_name="commission", verbose_name=_("strategy")
    )
    title = models.CharField(_("title"), max_length=200)
    background = LongTextField(_("background and purpose"), blank=True)
    organisation_text = LongTextField(_("organisation"), blank=True)
    bodies = models.ManyToManyField(
        "meetings.Body",
        blank=True,
        related_name="commissions",
        verbose_name=_("bodies"),
        help_text=_("The steering group, the working group and other bodies of the revision."),
    )
    secretariat = models.CharField(_("secretariat"), max_length=200, blank=True)
    external_partners = LongTextField(
        _("external partners"), blank=True, help_text=_("One partner per line.")
    )
    implementation = LongTextField(_("implementation"), blank=True)
    evaluation = LongTextField(_("evaluation"), blank=True)
    chosen_variant = models.OneToOneField(
        "ProcessVariant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen process"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    scope_organisation = "strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategies:commission_detail", args=[self.pk])

    @transaction.atomic
    def choose(self, variant):
        """Make ``variant`` the plan of the revision."""
        if variant.commission_id != self.pk:
            raise ValueError("The variant belongs to another commission.")
        self.chosen_variant = variant
        self.save(update_fields=["chosen_variant", "updated_at"])


class ProcessVariant(models.Model):
    """One way of running the revision, e.g. seed 000's standard process and the more inclusive one."""

    commission = models.ForeignKey(
        Commission, on_delete=models.CASCADE, related_name="variants", verbose_name=_("commission")
    )
    name = models.CharField(_("name"), max_length=200)
    description = LongTextField(_("description"), blank=True)
    ready_by = DateField(_("strategy ready by"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    scope_organisation = "commission__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["commission", "position", "pk"]
        verbose_name = _("process variant")
        verbose_name_plural = _("process variants")
        constraints = [
            models.UniqueConstraint(fields=["commission", "name"], name="variant_name_unique_in_commission")
        ]

    def __str__(self):
        return self.name

    @property
    def is_chosen(self):
        return self.commission.chosen_variant_id == self.pk


class Milestone(models.Model):
    """A dated step of a process variant, with the body involved."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Inspiration seminar")
        CONSULTATION = "consultation", _("Consultation period")
        APPROVAL = "approval", _("Political approval")
        IMPLEMENTATION = "implementation", _("Implementation start")
        OTHER = "other", _("Other")

    variant = models.ForeignKey(
        ProcessVariant, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = DateField(_("date"))
    end_date = DateField(
        _("until"), null=True, blank=True, help_text=_("For periods such as a consultation.")
    )
    body = models.ForeignKey(
        "meetings.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("body"),
    )
    forum = models.CharField(
        _("forum"), max_length=200, blank=True, help_text=_("When the forum is not a body in the app.")
    )
    completed_on = DateField(_("completed on"), null=True, blank=True)

    scope_organisation = "variant__commission__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["variant", "date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("date")),
                name="milestone_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.completed_on is None and (self.end_date or self.date) < today
