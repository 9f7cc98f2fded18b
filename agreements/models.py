"""Collaboration agreements (samarbejdsaftaler) between a unit and a volunteer organisation or its own corps.

The rules come from the source documents: an agreement is always made; it states what is expected of
the volunteers and of the professionals (two explicit task lists); management and the union
representative (TR) have a dialogue before the collaboration starts; it is approved by management
before it becomes active.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import DateField, LongTextField
from core.models import Delivery
from volunteers.models import (
    UNIT_STAFF,
    NotificationKind,
    Organisation,
    Role,
    Unit,
    User,
    VolunteerOrganisation,
)
from volunteers.notifications import hand_off, notify, rendered


class AgreementError(ValidationError):
    """A workflow step that the agreement's state or contents do not allow."""


class Agreement(models.Model):
    class Kind(models.TextChoices):
        # The seven kinds of collaboration with civil society in seed 002.
        SUPPLEMENT_TO_CARE = "supplement", _("Tasks done by volunteers as a supplement to care")
        VOLUNTEER_CENTRE = "volunteer_centre", _("Collaboration with a volunteer centre")
        NETWORK = "network", _("Patient, user and relatives' network")
        PATIENT_ASSOCIATION = "patient_association", _("Patient association")
        INVOLVEMENT_COMMITTEE = "involvement_committee", _("Patient involvement committee or user council")
        CITIZEN_INVOLVEMENT = "citizen_involvement", _("Citizen involvement and co-design")
        EVENTS = "events", _("Events")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        TR_DIALOGUE = "tr_dialogue", _("TR dialogue held")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        DUE_FOR_REVIEW = "due_for_review", _("Due for review")
        ENDED = "ended", _("Ended")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("unit")
    )
    volunteer_organisation = models.ForeignKey(
        VolunteerOrganisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("volunteer organisation"),
        help_text=_("The other party: a volunteer organisation, or the unit's own volunteer corps."),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of collaboration"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_agreements",
        verbose_name=_("responsible coordinator"),
        help_text=_("Receives the reminders about the review."),
    )

    purpose = LongTextField(_("purpose"))
    target_group = LongTextField(_("target group"))
    volunteer_tasks = LongTextField(
        _("the volunteers' tasks"), help_text=_("One task per line, described concretely.")
    )
    professional_tasks = LongTextField(
        _("the professionals' tasks"),
        help_text=_("One task per line: what staff do and remain responsible for."),
    )
    volunteers_must_not = LongTextField(
        _("what volunteers must not do"),
        blank=True,
        help_text=_("Volunteers supplement and never replace care and treatment."),
    )
    unit_contact = models.CharField(_("contact person at the unit"), max_length=300, blank=True)
    organisation_contact = models.CharField(
        _("contact person at the organisation"), max_length=300, blank=True
    )
    onboarding = LongTextField(_("onboarding and training"), blank=True)
    insurance_and_legal = LongTextField(_("insurance and legal matters"), blank=True)
    requires_child_check = models.BooleanField(_("child-protection record check required"), default=False)
    requires_criminal_check = models.BooleanField(_("criminal-record check required"), default=False)
    requires_confidentiality = models.BooleanField(_("confidentiality declaration required"), default=True)
    confidential_information = LongTextField(
        _("handling of confidential and personal information"), blank=True
    )
    meetings = LongTextField(_("meetings and knowledge sharing between the parties"), blank=True)
    expected_volunteers = models.PositiveIntegerField(
        _("expected number of volunteers"), null=True, blank=True
    )
    start_date = DateField(_("start date"))
    review_date = DateField(_("review date"))
    end_date = DateField(_("end date"), null=True, blank=True)
    termination = LongTextField(_("how either party ends the agreement"), blank=True)

    tr_dialogue_on = DateField(_("TR dialogue held on"), null=True, blank=True)
    tr_dialogue_with = models.CharField(_("TR dialogue with"), max_length=200, blank=True)
    tr_dialogue_outcome = LongTextField(_("outcome of the TR dialogue"), blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    approved_on = DateField(_("approved on"), null=True, blank=True)
    ended_on = DateField(_("ended on"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    scope_organisation = "organisation"
    scope_unit = "unit"
    changing_roles = UNIT_STAFF

    class Meta:
        ordering = ["review_date", "pk"]
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_date__gte=models.F("start_date")),
                name="agreement_review_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="agreement_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "review_date"]),
            # The list's default order (review date, then id): its first page without sorting them all.
            models.Index(fields=["organisation", "review_date", "id"], name="agreement_review_order"),
            # The running ones (RUNNING, below) in the same order: the first due for review without
            # reading past the drafts and the ended ones, whose review dates pile up in the past.
            models.Index(
                fields=["organisation", "review_date", "id"],
                condition=models.Q(status__in=["active", "due_for_review"]),
                name="agreement_running_review_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:agreement_detail", args=[self.pk])

    def clean(self):
        errors = {}
        dates = {
            name: date_format(day)
            for name, day in [
                ("start", self.start_date),
                ("review", self.review_date),
                ("end", self.end_date),
            ]
            if day
        }
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date, %(end)s, is before the start date, %(start)s.") % dates
        if self.start_date and self.review_date and self.review_date < self.start_date:
            errors["review_date"] = (
                _("The review date, %(review)s, is before the start date, %(start)s.") % dates
            )
        if self.review_date and self.end_date and self.review_date > self.end_date:
            errors["review_date"] = _("The review date, %(review)s, is after the end date, %(end)s.") % dates
        if not task_lines(self.volunteer_tasks):
            errors["volunteer_tasks"] = _("Describe the volunteers' tasks, one per line.")
        if not task_lines(self.professional_tasks):
            errors["professional_tasks"] = _("Describe the professionals' tasks, one per line.")
        if self.unit_id and self.organisation_id and self.unit.organisation_id != self.organisation_id:
            errors["unit"] = _("The unit belongs to another organisation.")
        if (
            self.volunteer_organisation_id
            and self.organisation_id
            and self.volunteer_organisation.organisation_id != self.organisation_id
        ):
            errors["volunteer_organisation"] = _(
                "The volunteer organisation belongs to another organisation."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def volunteer_task_list(self):
        return task_lines(self.volunteer_tasks)

    @property
    def professional_task_list(self):
        return task_lines(self.professional_tasks)

    @property
    def is_editable(self):
        """Contents can change until approval; after that only the workflow moves it on."""
        return self.status in {self.Status.DRAFT, self.Status.TR_DIALOGUE}

    # --- workflow: draft -> TR dialogue -> approved -> active -> due for review -> ended ----------

    def record_tr_dialogue(self, held_on, held_with, outcome, today=None):
        """``today``: the day it is recorded on (the demo's own day; by default the clock's)."""
        self._require(self.Status.DRAFT, self.Status.TR_DIALOGUE)
        if not (held_on and held_with.strip() and outcome.strip()):
            raise AgreementError(_("Record when the TR dialogue was held, with whom, and its outcome."))
        if held_on > (today or timezone.localdate()):
            raise AgreementError(
                _("The TR dialogue cannot be recorded as held on %(held)s: that day has not come yet.")
                % {"held": date_format(held_on)}
            )
        self.tr_dialogue_on, self.tr_dialogue_with, self.tr_dialogue_outcome = held_on, held_with, outcome
        self.status = self.Status.TR_DIALOGUE
        self.save()
        # Awaiting approval now: the secretariat records management's approval (once per agreement,
        # however often the dialogue is corrected).
        hand_off(
            self.organisation,
            NotificationKind.AGREEMENT_TO_APPROVE,
            f"agreement:{self.pk}",
            self.get_absolute_url(),
            _("The agreement “%(agreement)s” (%(unit)s) has had its TR dialogue and awaits approval."),
            {"agreement": self.title, "unit": self.unit},
            users=User.objects.secretariat(self.organisation_id),
        )

    def approve(self, approved_by, approved_on, today=None):
        self._require(self.Status.TR_DIALOGUE)
        if not self.tr_dialogue_on:
            raise AgreementError(_("An agreement cannot be approved before the TR dialogue is recorded."))
        if not (approved_by.strip() and approved_on):
            raise AgreementError(_("Record who approved the agreement and when."))
        if approved_on > (today or timezone.localdate()):
            raise AgreementError(
                _("The approval cannot be dated %(approved)s: that day has not come yet.")
                % {"approved": date_format(approved_on)}
            )
        if approved_on < self.tr_dialogue_on:
            raise AgreementError(
                _(
                    "The TR dialogue was held on %(dialogue)s; the approval cannot be dated before it, "
                    "on %(approved)s."
                )
                % {"dialogue": date_format(self.tr_dialogue_on), "approved": date_format(approved_on)}
            )
        self.approved_by, self.approved_on = approved_by, approved_on
        self.status = self.Status.APPROVED
        self.save()

    def activate(self):
        self._require(self.Status.APPROVED)
        if not (self.tr_dialogue_on and self.approved_on):
            raise AgreementError(
                _("An agreement becomes active only after the TR dialogue and the approval.")
            )
        self.status = self.Status.ACTIVE
        self.save()

    def mark_due_for_review(self):
        self._require(self.Status.ACTIVE)
        self.status = self.Status.DUE_FOR_REVIEW
        self.save()

    def complete_review(self, next_review_date):
        """The parties have reviewed the agreement: it goes on, to be reviewed again later."""
        self._require(self.Status.ACTIVE, self.Status.DUE_FOR_REVIEW)
        if next_review_date <= timezone.localdate():
            raise AgreementError(_("The next review date must be in the future."))
        if self.end_date and next_review_date > self.end_date:
            raise AgreementError(
                _("The review date, %(review)s, is after the end date, %(end)s.")
                % {"review": date_format(next_review_date), "end": date_format(self.end_date)}
            )
        self.review_date = next_review_date
        self.status = self.Status.ACTIVE
        self.save()

    def end(self, ended_on):
        self._require(
            self.Status.DRAFT,
            self.Status.TR_DIALOGUE,
            self.Status.APPROVED,
            self.Status.ACTIVE,
            self.Status.DUE_FOR_REVIEW,
        )
        if ended_on < self.start_date:
            raise AgreementError(
                _("The agreement starts on %(start)s; it cannot end before that, on %(ended)s.")
                % {"start": date_format(self.start_date), "ended": date_format(ended_on)}
            )
        self.ended_on = ended_on
        self.status = self.Status.ENDED
        self.save()

    def _require(self, *statuses):
        if self.status not in statuses:
            raise AgreementError(
                _("This step is not possible while the agreement is “%(status)s”.")
                % {"status": self.get_status_display()}
            )


def task_lines(text):
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


#: Agreements that run, and so are reviewed.
RUNNING = (Agreement.Status.ACTIVE, Agreement.Status.DUE_FOR_REVIEW)


class ReviewReminder(Delivery):
    """One reminder about one review date: recorded before it is sent, so that it is sent exactly once
    (core.sending)."""

    class Kind(models.TextChoices):
        UPCOMING = "upcoming", _("Review coming up")
        OVERDUE = "overdue", _("Review overdue")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    review_date = DateField(_("review date"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    scope_organisation = "agreement__organisation"
    scope_unit = "agreement__unit"
    changing_roles = UNIT_STAFF
    sending_related = ("agreement__unit", "agreement__volunteer_organisation", "agreement__responsible")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "review_date"], name="one_reminder_per_agreement_kind_and_date"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.agreement} ({self.review_date})"

    def still_applies(self):
        # Reviewed (a new review date) or ended since it was recorded: nothing left to remind about.
        return self.agreement.status in RUNNING and self.agreement.review_date == self.review_date

    def recipients(self):
        """The responsible coordinator, or else the coordinators of the agreement's unit."""
        responsible = self.agreement.responsible
        if responsible and responsible.is_active:
            return [responsible]
        return list(self.agreement.unit.staff.filter(role=Role.COORDINATOR, is_active=True))

    def send(self):
        path = self.agreement.get_absolute_url()
        context = {
            "reminder": self,
            "agreement": self.agreement,
            "overdue": self.kind == self.Kind.OVERDUE,
            "url": f"{settings.SITE_URL}{path}",
        }
        return notify(
            self.recipients(),
            url=path,
            kind=NotificationKind.REVIEW_REMINDER,
            **rendered("agreements/email/review_reminder", context),
        )
