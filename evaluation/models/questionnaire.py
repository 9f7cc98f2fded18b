"""The two-year evaluation questionnaire: anonymous answers through one link per unit.

An answer is tied to the unit's link and the day only; no user, address or time of day is stored, so
it can never be traced to a person.
"""

import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import DateField, LongTextField
from volunteers.models import SECRETARIAT


def _token():
    return secrets.token_urlsafe(16)


class Questionnaire(models.Model):
    strategy = models.OneToOneField(
        "strategies.Strategy",
        on_delete=models.CASCADE,
        related_name="questionnaire",
        verbose_name=_("strategy"),
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = LongTextField(_("introduction"), blank=True)
    opens_on = DateField(_("opens on"))
    closes_on = DateField(_("closes on"))

    scope_organisation = "strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="questionnaire_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation:questionnaire_detail", args=[self.pk])


class Question(models.Model):
    class Topic(models.TextChoices):
        SPREAD = "spread", _("Spread")
        AWARENESS = "awareness", _("Awareness")
        COMPLIANCE = "compliance", _("Compliance")
        SUGGESTIONS = "suggestions", _("Suggestions")

    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale from 1 to 5")
        TEXT = "text", _("Free text")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("number"), default=0)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    text = models.CharField(_("question"), max_length=300)

    scope_organisation = "questionnaire__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class AnswerLink(models.Model):
    """One anonymous link per unit and audience; everyone invited from the unit uses the same link."""

    class Audience(models.TextChoices):
        STAFF = "staff", _("Staff")
        VOLUNTEERS = "volunteers", _("Volunteer representatives")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="links")
    unit = models.ForeignKey(
        "volunteers.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    invited = models.PositiveIntegerField(_("number invited"), default=0)
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)

    scope_organisation = "questionnaire__strategy__organisation"
    scope_unit = "unit"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["questionnaire", "unit__name", "audience"]
        verbose_name = _("answer link")
        verbose_name_plural = _("answer links")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "unit", "audience"], name="one_link_per_unit_and_audience"
            )
        ]

    def __str__(self):
        return f"{self.unit} ({self.get_audience_display()})"

    def get_absolute_url(self):
        return reverse("evaluation:answer", args=[self.token])


class Submission(models.Model):
    """One person's answers: the unit's link and the day, nothing more."""

    link = models.ForeignKey(AnswerLink, on_delete=models.CASCADE, related_name="submissions")
    submitted_on = DateField(_("submitted on"))

    scope_organisation = "link__questionnaire__strategy__organisation"
    scope_unit = "link__unit"
    changing_roles = SECRETARIAT

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return f"{self.link} {self.submitted_on}"


class Answer(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = LongTextField(blank=True)

    scope_organisation = "submission__link__questionnaire__strategy__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["submission", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="score_from_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.score or self.text}"
