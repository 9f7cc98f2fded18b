"""Reminders about report deadlines and evaluation steps, each recorded before it is sent so that it
is sent exactly once per person, subject and kind (the pattern of agreements.ReviewReminder)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from volunteers.models import NOBODY


class Reminder(models.Model):
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
    due_on = models.DateField(_("deadline"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    scope_organisation = "organisation"
    changing_roles = NOBODY

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
