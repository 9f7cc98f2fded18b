"""Public consultation (høring) of a strategy draft: parties, responses and the memo."""

import secrets
import uuid
from pathlib import PurePath

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import DateField, LongTextField
from volunteers.models import SECRETARIAT, NotificationKind, User
from volunteers.notifications import hand_off

from .strategy import Strategy


def _public_token():
    return secrets.token_urlsafe(16)


def response_attachment_path(instance, filename):
    # A random name outside the web root; the original name is kept on the row.
    return f"consultation/{instance.consultation_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Consultation(models.Model):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("strategy")
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = LongTextField(_("introduction"), blank=True)
    opens_on = DateField(_("opens on"))
    closes_on = DateField(_("deadline"), help_text=_("Responses are accepted until the end of this day."))
    public_token = models.CharField(max_length=40, unique=True, default=_public_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_organisation = "strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategies:consultation_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("strategies:consultation_public", args=[self.public_token])

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class ConsultedParty(models.Model):
    """A party invited to respond (høringspart), e.g. the main MED committee or a patients' council."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="parties", verbose_name=_("consultation")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    scope_organisation = "consultation__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["consultation", "position", "name"]
        verbose_name = _("consulted party")
        verbose_name_plural = _("consulted parties")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"], name="party_name_unique_in_consultation")
        ]

    def __str__(self):
        return self.name


class ConsultationResponse(models.Model):
    """A response (høringssvar): from a consulted party or, by the openness principle, from anyone."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected as irrelevant or spam")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses", verbose_name=_("consultation")
    )
    party = models.ForeignKey(
        ConsultedParty,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("consulted party"),
    )
    name = models.CharField(_("name"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    text = LongTextField(_("response"))
    attachment = models.FileField(_("attachment"), upload_to=response_attachment_path, blank=True)
    attachment_name = models.CharField(_("file name"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    comment = LongTextField(_("the secretariat's comment"), blank=True)

    scope_organisation = "consultation__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["consultation", "submitted_at", "pk"]
        verbose_name = _("consultation response")
        verbose_name_plural = _("consultation responses")

    def __str__(self):
        return self.organisation_name or self.name

    def tell_secretariat(self):
        """Tell the organisation's secretariat that the response was received (to moderate it); called
        in the transaction that stores it."""
        organisation = self.consultation.strategy.organisation
        hand_off(
            organisation,
            NotificationKind.CONSULTATION_RESPONSE,
            f"consultation-response:{self.pk}",
            reverse("strategies:response_moderate", args=[self.pk]),
            _("A consultation response on %(strategy)s was received from %(sender)s."),
            {"strategy": self.consultation.strategy, "sender": self.sender},
            users=User.objects.secretariat(organisation),
        )

    @property
    def sender(self):
        """Who the response is from, as the memo names it."""
        if self.party_id:
            return self.party.name
        return ", ".join(part for part in (self.organisation_name, self.name) if part)
