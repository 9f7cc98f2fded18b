"""Bodies that do the strategy work (steering group, working group, committees) and their members."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.fields import DateField, LongTextField
from volunteers.models import SECRETARIAT, Organisation


class BodyQuerySet(models.QuerySet):
    def with_member_count(self):
        # GROUP BY drops Meta.ordering, so the order is restated.
        return self.annotate(member_count=models.Count("memberships")).order_by("name")


class Body(models.Model):
    class Kind(models.TextChoices):
        STEERING_GROUP = "steering_group", _("Steering group")
        WORKING_GROUP = "working_group", _("Working group")
        POLITICAL_COMMITTEE = "political_committee", _("Political committee")
        MED_COMMITTEE = "med_committee", _("MED committee")
        FORUM = "forum", _("Forum")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    mandate = LongTextField(_("mandate"), blank=True)
    term_start = DateField(_("term from"), null=True, blank=True)
    term_end = DateField(_("term to"), null=True, blank=True)
    secretariat = models.CharField(_("secretariat"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Published agendas and approved minutes are shown without login, without closed items and "
            "internal attachments."
        ),
    )
    standard_items = LongTextField(
        _("standard items"),
        blank=True,
        help_text=_("One title per line, added to every new agenda, e.g. “Godkendelse af dagsorden”."),
    )

    objects = BodyQuerySet.as_manager()

    scope_organisation = "organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="body_name_unique_in_organisation"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:body_detail", args=[self.pk])

    @property
    def term_display(self):
        """The term in words, e.g. “1. marts 2018 – 30. juni 2019”."""
        return period_display(self.term_start, self.term_end)


def period_display(start, end):
    """A period in words, e.g. “1. marts 2018 – 30. juni 2019”; an open side is said as such."""
    if start and end:
        return f"{date_format(start)} – {date_format(end)}"
    if start:
        return _("from %(date)s") % {"date": date_format(start)}
    if end:
        return _("until %(date)s") % {"date": date_format(end)}
    return _("with no end")


class SeatCategory(models.Model):
    """A kind of seat in a body with a required number, e.g. seed 000's "five management
    representatives from the hospitals, incl. the chair, appointed by Koncernledelsesforum"."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="seat_categories", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=200)
    required = models.PositiveSmallIntegerField(_("number of seats"))
    appointed_by = models.CharField(_("appointed by"), max_length=200, blank=True)
    includes_chair = models.BooleanField(_("the chair sits in this category"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    scope_organisation = "body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["body", "position", "pk"]
        verbose_name = _("seat category")
        verbose_name_plural = _("seat categories")
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="seat_category_name_unique_in_body")
        ]

    def __str__(self):
        return self.name


def new_calendar_token():
    return secrets.token_urlsafe(24)


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    represents = models.CharField(
        _("represents"),
        max_length=200,
        blank=True,
        help_text=_("A party letter such as (V), a hospital, ..."),
    )
    appointed_by = models.CharField(_("appointed by"), max_length=200, blank=True)
    start = DateField(_("from"), null=True, blank=True)
    end = DateField(_("to"), null=True, blank=True)
    seat_category = models.ForeignKey(
        SeatCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("seat"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("user"),
        help_text=_("When the member is also a user of frivillig (same organisation)."),
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Agendas and minutes are sent here."))
    # The member's private calendar feed link; a new token revokes the old link.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)

    scope_organisation = "body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["body", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        if not self.represents:
            return self.name
        # A party letter follows the name ("Erik Vinther (V)"); a hospital or organisation is set off
        # by a comma ("Lone Kjær, Sygehus Lillebælt"), so the two never read as one name.
        if self.represents.startswith("("):
            return f"{self.name} {self.represents}"
        return f"{self.name}, {self.represents}"

    def clean(self):
        errors = {}
        if self.user_id and self.body_id and self.user.organisation_id != self.body.organisation_id:
            errors["user"] = _("The user belongs to another organisation.")
        if self.seat_category_id and self.body_id and self.seat_category.body_id != self.body_id:
            errors["seat_category"] = _("The seat belongs to another body.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)
