from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Delivery

from .organisation import NOBODY


class Notification(models.Model):
    """A message for one user in the app (reminders are also e-mailed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    scope_organisation = "user__organisation"
    changing_roles = NOBODY

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.message


class NotificationKind(models.TextChoices):
    """What a notification is about; each user chooses per kind whether it is e-mailed too."""

    REPORT_SUBMITTED = "report_submitted", _("A status report is handed in")
    REPORT_RETURNED = "report_returned", _("A status report is returned")
    REPORT_ACCEPTED = "report_accepted", _("A status report is accepted")
    AGENDA_PUBLISHED = "agenda_published", _("An agenda is published")
    MINUTES_APPROVED = "minutes_approved", _("Minutes are approved")
    AGREEMENT_TO_APPROVE = "agreement_to_approve", _("An agreement awaits approval")
    CONSULTATION_RESPONSE = "consultation_response", _("A consultation response is received")
    TASK_ASSIGNED = "task_assigned", _("A follow-up task is assigned to me")
    TASK_OVERDUE = "task_overdue", _("A follow-up task of mine is overdue")
    DOCUMENT_READY = "document_ready", _("A document I asked for is ready")
    DEADLINE_REMINDER = "deadline_reminder", _("Reminders about status report deadlines")
    MEETING_REMINDER = "meeting_reminder", _("Reminders about agendas and minutes")
    REVIEW_REMINDER = "review_reminder", _("Reminders about agreements' reviews")


class EmailOptOut(models.Model):
    """A kind of notification the user gets in the app only (by default it is e-mailed too)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)

    scope_organisation = "user__organisation"
    changing_roles = NOBODY

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_user_and_kind")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"


class HandOff(Delivery):
    """One hand-off between people (a report handed in, an agenda published, ...) told to one user or
    one address: recorded in the transaction of the event, then sent exactly once (core.sending).

    ``key`` names the event (e.g. ``report:7:returned:<time>``): the same event is recorded once per
    recipient, however often it is recorded."""

    organisation = models.ForeignKey(
        "volunteers.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    key = models.CharField(_("event"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    address = models.EmailField(_("e-mail"), blank=True)
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))

    scope_organisation = "organisation"
    changing_roles = NOBODY
    sending_related = ("recipient",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=True) ^ models.Q(address=""),
                name="hand_off_to_a_user_or_an_address",
            ),
            models.UniqueConstraint(
                fields=["kind", "key", "recipient"],
                condition=models.Q(recipient__isnull=False),
                name="one_hand_off_per_event_and_user",
            ),
            models.UniqueConstraint(
                fields=["kind", "key", "address"],
                condition=models.Q(recipient__isnull=True),
                name="one_hand_off_per_event_and_address",
            ),
        ]

    def __str__(self):
        return self.message

    def still_applies(self):
        return self.recipient_id is None or self.recipient.is_active

    def send(self):
        from ..notifications import notify  # notifications imports these models

        return notify(
            [self.recipient] if self.recipient_id else [],
            self.message,
            self.url,
            kind=self.kind,
            subject=self.subject,
            body=self.body,
            extra_addresses=[self.address] if self.address else [],
        )
