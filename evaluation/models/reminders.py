"""Reminders about report deadlines and evaluation steps, each recorded before it is sent so that it
is sent exactly once per person, subject and kind (core.sending)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import DateField
from core.models import Delivery
from volunteers.models import NOBODY, NotificationKind
from volunteers.notifications import notify, rendered

from .reports import StatusReport

#: Reports that still have to be submitted (a returned report is waiting for the unit again).
PENDING = (StatusReport.Status.DRAFT, StatusReport.Status.RETURNED)


class Reminder(Delivery):
    class Kind(models.TextChoices):
        UPCOMING = "upcoming", _("Deadline coming up")
        DUE_TODAY = "due_today", _("Deadline today")
        OVERDUE = "overdue", _("Overdue, to the secretariat")

    organisation = models.ForeignKey(
        "volunteers.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    report = models.ForeignKey(
        "evaluation.StatusReport", on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    milestone = models.ForeignKey(
        "evaluation.EvaluationMilestone",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    due_on = DateField(_("deadline"))

    scope_organisation = "organisation"
    changing_roles = NOBODY
    sending_related = ("recipient", "report__unit", "report__period__strategy", "milestone__strategy")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report__isnull=True) ^ models.Q(milestone__isnull=True),
                name="reminder_about_a_report_or_a_milestone",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "report"],
                condition=models.Q(report__isnull=False),
                name="one_reminder_per_person_kind_and_report",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "milestone"],
                condition=models.Q(milestone__isnull=False),
                name="one_reminder_per_person_kind_and_milestone",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.report or self.milestone}"

    def still_applies(self):
        # Submitted, completed or moved since it was recorded: the next sweep records what is due now.
        if not self.recipient.is_active:
            return False
        if self.report_id:
            return self.report.status in PENDING and self.report.period.deadline == self.due_on
        return self.milestone.completed_on is None and self.milestone.due_on == self.due_on

    def send(self):
        """One in-app notification and one e-mail (when the recipient has an address) to one person,
        linking to the status report, or to the strategy's reporting schedule."""
        report, milestone = self.report, self.milestone
        if report:
            path = reverse("evaluation:report_detail", args=[report.pk])
        else:
            path = reverse("evaluation:schedule_detail", args=[milestone.strategy_id])
        context = {
            "reminder": self,
            "recipient": self.recipient,
            "report": report,
            "milestone": milestone,
            "strategy": report.period.strategy if report else milestone.strategy,
            "upcoming": self.kind == self.Kind.UPCOMING,
            "due_today": self.kind == self.Kind.DUE_TODAY,
            "overdue": self.kind == self.Kind.OVERDUE,
            "url": f"{settings.SITE_URL}{path}",
        }
        return notify(
            [self.recipient],
            url=path,
            kind=NotificationKind.DEADLINE_REMINDER,
            **rendered("evaluation/email/reminder", context),
        )
