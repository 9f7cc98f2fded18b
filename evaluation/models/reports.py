"""Semi-annual status reports (halvårlig status): one per reporting unit and period."""

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.fields import LongTextField
from volunteers.models import SECRETARIAT, UNIT_STAFF, NotificationKind, Role, User
from volunteers.notifications import hand_off


class ReportStatusError(Exception):
    """A step the report's workflow does not allow; the message is for the user."""


class StatusReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    period = models.ForeignKey(
        "evaluation.ReportingPeriod",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("period"),
    )
    unit = models.ForeignKey(
        "volunteers.Unit", on_delete=models.CASCADE, related_name="status_reports", verbose_name=_("unit")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = LongTextField(_("summary"), blank=True)
    active_volunteers = models.PositiveIntegerField(_("active volunteers"), null=True, blank=True)
    active_agreements = models.PositiveIntegerField(_("active agreements"), null=True, blank=True)
    agreements_due_for_review = models.PositiveIntegerField(
        _("agreements due for review"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_comment = LongTextField(_("comment on return"), blank=True)
    decided_at = models.DateTimeField(_("accepted or returned"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    scope_organisation = "period__strategy__organisation"
    scope_unit = "unit"
    changing_roles = UNIT_STAFF
    #: Who accepts or returns a handed-in report: a decision on it, not a change of what the unit wrote.
    deciding_roles = SECRETARIAT

    class Meta:
        ordering = ["period", "unit__name"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_report_per_unit_and_period")
        ]

    def __str__(self):
        return f"{self.unit}, {self.period}"

    def get_absolute_url(self):
        return reverse("evaluation:report_detail", args=[self.pk])

    def is_late(self, today=None):
        today = today or timezone.localdate()
        if self.submitted_at:
            return timezone.localdate(self.submitted_at) > self.period.deadline
        return today > self.period.deadline

    @transaction.atomic
    def unit_coordinators(self):
        """The active coordinators whose units include the report's unit, and the submitter too, if
        active and not already among them."""
        coordinators = list(self.unit.staff.filter(role=Role.COORDINATOR, is_active=True))
        submitter = self.submitted_by
        if submitter and submitter.is_active and submitter not in coordinators:
            coordinators.append(submitter)
        return coordinators

    def submit(self, user, now=None):
        """Hand the report in, at ``now`` (the clock's by default; the demo's day for seed_demo)."""
        now = now or timezone.now()
        if self.status not in {self.Status.DRAFT, self.Status.RETURNED}:
            raise ReportStatusError(_("Only a draft or a returned report can be submitted."))
        if self.period.starts_on > timezone.localdate(now):
            raise ReportStatusError(
                _("The period begins on %(date)s; its report can be handed in from that day.")
                % {"date": date_format(self.period.starts_on)}
            )
        self.status, self.submitted_at, self.submitted_by = self.Status.SUBMITTED, now, user
        self.save(update_fields=["status", "submitted_at", "submitted_by"])
        self._hand_off(
            NotificationKind.REPORT_SUBMITTED,
            self.submitted_at,
            _("%(user)s handed in the status report of %(unit)s, %(period)s."),
            users=User.objects.secretariat(self.period.strategy.organisation_id),
            user=user,
        )

    @transaction.atomic
    def decide(self, user, accept, comment=""):
        if self.status != self.Status.SUBMITTED:
            raise ReportStatusError(_("Only a submitted report can be accepted or returned."))
        if not accept and not comment.strip():
            raise ReportStatusError(_("Say why the report is returned."))
        self.status = self.Status.ACCEPTED if accept else self.Status.RETURNED
        self.return_comment = "" if accept else comment
        self.decided_at, self.decided_by = timezone.now(), user
        self.save(update_fields=["status", "return_comment", "decided_at", "decided_by"])
        if accept:
            kind = NotificationKind.REPORT_ACCEPTED
            message = _("The status report of %(unit)s, %(period)s was accepted.")
        else:
            kind = NotificationKind.REPORT_RETURNED
            message = _("The status report of %(unit)s, %(period)s was returned: %(comment)s")
        self._hand_off(kind, self.decided_at, message, users=self.unit_coordinators(), comment=comment)

    def _hand_off(self, kind, moment, message, users, **params):
        """Tell the users of this step; the moment names the event (a report handed in again is told
        again)."""
        hand_off(
            self.period.strategy.organisation,
            kind,
            f"report:{self.pk}:{moment.isoformat()}",
            self.get_absolute_url(),
            message,
            {"unit": self.unit, "period": self.period, **params},
            users=users,
        )


class ActionReport(models.Model):
    """The status of one action of the implementation plan in a unit's report."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        BEHIND = "behind", _("Behind")
        DONE = "done", _("Done")

    report = models.ForeignKey(
        StatusReport, on_delete=models.CASCADE, related_name="actions", verbose_name=_("report")
    )
    action = models.ForeignKey(
        "strategies.Action", on_delete=models.CASCADE, related_name="reports", verbose_name=_("action")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    narrative = LongTextField(_("what has happened"), blank=True)
    next_steps = LongTextField(_("next steps"), blank=True)

    scope_organisation = "report__period__strategy__organisation"
    scope_unit = "report__unit"
    changing_roles = UNIT_STAFF

    class Meta:
        ordering = ["report", "action__part__position", "action__position", "action_id"]
        verbose_name = _("action status")
        verbose_name_plural = _("action statuses")
        constraints = [
            models.UniqueConstraint(fields=["report", "action"], name="one_status_per_action_and_report")
        ]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"


class TargetReport(models.Model):
    """A unit's measured value of an effect target in its report (with its weight, for a weighted average);
    the dashboard combines the units' values as the target says (evaluation.dashboard.combined_value)."""

    report = models.ForeignKey(
        StatusReport, on_delete=models.CASCADE, related_name="targets", verbose_name=_("report")
    )
    effect_target = models.ForeignKey(
        "strategies.EffectTarget",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("effect target"),
    )
    actual = models.DecimalField(_("actual"), max_digits=12, decimal_places=2, null=True, blank=True)
    #: The weight of the value in a weighted average (e.g. the number of new volunteers a percentage is of).
    weight = models.DecimalField(_("weight"), max_digits=12, decimal_places=2, null=True, blank=True)

    scope_organisation = "report__period__strategy__organisation"
    scope_unit = "report__unit"
    changing_roles = UNIT_STAFF

    class Meta:
        ordering = ["report", "effect_target__focus_area__position", "effect_target__position"]
        verbose_name = _("effect target value")
        verbose_name_plural = _("effect target values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "effect_target"], name="one_value_per_target_and_report"
            )
        ]

    def __str__(self):
        return f"{self.effect_target}: {self.actual}"


class OrganisationFigure(models.Model):
    """The organisation's own figure of an effect target for a period, entered once by the secretariat
    (for a target whose figure is not made from the units' values)."""

    period = models.ForeignKey(
        "evaluation.ReportingPeriod",
        on_delete=models.CASCADE,
        related_name="organisation_figures",
        verbose_name=_("period"),
    )
    effect_target = models.ForeignKey(
        "strategies.EffectTarget",
        on_delete=models.CASCADE,
        related_name="organisation_figures",
        verbose_name=_("effect target"),
    )
    value = models.DecimalField(_("the organisation's figure"), max_digits=12, decimal_places=2)

    scope_organisation = "period__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["period", "effect_target__focus_area__position", "effect_target__position"]
        verbose_name = _("organisation's figure")
        verbose_name_plural = _("organisation's figures")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "effect_target"], name="one_organisation_figure_per_target_and_period"
            )
        ]

    def __str__(self):
        return f"{self.effect_target}, {self.period}: {self.value}"
