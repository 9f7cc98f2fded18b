"""The coordinators' register: volunteer organisations, activities, volunteers and their records."""

from collections.abc import Iterable
from datetime import date, timedelta
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractDay, ExtractMonth
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import add_months, add_years
from core.fields import DateField
from core.models import stored_values_differ

from .organisation import SECRETARIAT, UNIT_STAFF, Organisation, Unit

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def validate_cvr(value):
    """A Danish CVR number: eight digits whose weighted sum is divisible by 11 (modulus 11)."""
    # ASCII digits: str.isdigit() takes "²" too, which int() refuses.
    if not (len(value) == 8 and value.isascii() and value.isdigit() and value[0] != "0"):
        raise ValidationError(_("A CVR number has eight digits, e.g. 20700211."), code="cvr_format")
    if sum(int(digit) * weight for digit, weight in zip(value, CVR_WEIGHTS, strict=True)) % 11:
        raise ValidationError(
            _("%(value)s is not a valid CVR number."), code="cvr_checksum", params={"value": value}
        )


class VolunteerOrganisation(models.Model):
    """An organisation volunteers come through, or a unit's own volunteer corps."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Volunteer organisation")
        PATIENT_ASSOCIATION = "patient_association", _("Patient association")
        VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
        OWN_CORPS = "own_corps", _("Own volunteer corps")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="volunteer_organisations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True, validators=[validate_cvr])
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    units = models.ManyToManyField(
        Unit, blank=True, related_name="volunteer_organisations", verbose_name=_("works with")
    )

    scope_organisation = "organisation"
    changing_roles = UNIT_STAFF
    change_unit = "units"

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer organisation")
        verbose_name_plural = _("volunteer organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="volunteer_organisation_name_unique_in_organisation"
            ),
        ]

    #: __str__ is this field: lists' filters read the options as (pk, name) pairs (core.filters).
    str_field = "name"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("volunteers:volunteer_organisation_detail", args=[self.pk])


class ContactPerson(models.Model):
    volunteer_organisation = models.ForeignKey(
        VolunteerOrganisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("volunteer organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    scope_organisation = "volunteer_organisation__organisation"
    changing_roles = UNIT_STAFF
    change_unit = "volunteer_organisation__units"

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return self.name


class Activity(models.Model):
    """What volunteers do (besøgsven, café host, guide, ...); each organisation keeps its own list."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="activities", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    involves_children = models.BooleanField(
        _("regular direct contact with children under 15"),
        default=False,
        help_text=_("Volunteers in this activity need a child-protection record check (børneattest)."),
    )
    involves_homes = models.BooleanField(
        _("takes volunteers into people's homes"),
        default=False,
        help_text=_("Volunteers in this activity need a criminal-record check (straffeattest)."),
    )

    scope_organisation = "organisation"
    # The activities decide which record checks volunteers need, in every unit: the secretariat keeps
    # the list; coordinators choose from it.
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["name"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="activity_name_unique_in_organisation"
            ),
        ]

    #: __str__ is this field: lists' filters read the options as (pk, name) pairs (core.filters).
    str_field = "name"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        flags_changed = stored_values_differ(self, "involves_children", "involves_homes")
        super().save(*args, **kwargs)
        if flags_changed:
            # The checks its volunteers need changed.
            self.volunteers.all().refresh_checks_due_on()


def latest_day_reaching(today, shift, guess):
    """The latest day d with shift(d) <= today, stepping on from a guess at or before it.

    Turns "due on shift(d)" into a date cut-off for SQL, exact across month ends and 29 February.
    """
    day = guess
    while shift(day + timedelta(days=1)) <= today:
        day += timedelta(days=1)
    return day


AGE_BANDS = [(0, 29, _("under 30")), (30, 49, "30-49"), (50, 66, "50-66"), (67, 200, "67+")]
ANNIVERSARY_YEARS = (1, 5, 10, 15, 20, 25)
#: checks_due_on of a volunteer who lacks a declaration or check already: before any day asked about.
ALREADY_MISSING = date(1900, 1, 1)


class VolunteerQuerySet(models.QuerySet):
    def with_status(self, status, today=None):
        """Volunteers in one of Volunteer.Status, by the same rules as Volunteer.status()."""
        today = today or timezone.localdate()
        if status == Volunteer.Status.ANONYMISED:
            return self.filter(anonymised_on__isnull=False)
        if status == Volunteer.Status.ENDED:
            return self.filter(anonymised_on__isnull=True, end_date__lt=today)
        current = self.current(today)
        if status == Volunteer.Status.UPCOMING:
            return current.filter(start_date__gt=today)
        return current.filter(start_date__lte=today)

    def current(self, today=None):
        """Active and upcoming volunteers: those whose checks and declarations matter."""
        today = today or timezone.localdate()
        return self.filter(anonymised_on__isnull=True).exclude(end_date__lt=today)

    def missing_checks(self, today=None):
        """Current volunteers for whom Volunteer.missing_checks() is not empty: from checks_due_on."""
        today = today or timezone.localdate()
        return self.current(today).filter(checks_due_on__lte=today)

    def refresh_checks_due_on(self):
        """Recompute the stored checks_due_on of these volunteers, after something it derives from changed
        outside Volunteer.save(): their activities, an activity's flags, the organisation's renewal
        periods, a bulk write. Writes only the volunteers whose day differs; returns how many."""
        changed = []
        volunteers = self.select_related("organisation").prefetch_related("activities").order_by("pk")
        for volunteer in volunteers.iterator(chunk_size=2000):
            due = volunteer.first_day_checks_missing()
            if due != volunteer.checks_due_on:
                volunteer.checks_due_on = due
                changed.append(volunteer)
        self.model.objects.bulk_update(changed, ["checks_due_on"], batch_size=1000)
        return len(changed)

    def due_for_anonymisation(self, organisation, today=None):
        """Former volunteers whose anonymisation_due_on has come, in one query."""
        today = today or timezone.localdate()
        months = organisation.retention_months
        cutoff = latest_day_reaching(today, lambda day: add_months(day, months), add_months(today, -months))
        return self.filter(anonymised_on__isnull=True, end_date__lte=cutoff)

    def active_during(self, first_day, last_day):
        """Everyone active at some time in the period, anonymised volunteers included (statistics)."""
        return self.filter(start_date__lte=last_day).exclude(end_date__lt=first_day)

    def with_age_band(self, year):
        """Annotate `age_band` (an index into AGE_BANDS, or None) for the age reached in `year`."""
        bands = [
            models.When(birth_year__gte=year - high, birth_year__lte=year - low, then=models.Value(index))
            for index, (low, high, _label) in enumerate(AGE_BANDS)
        ]
        return self.annotate(age_band=models.Case(*bands, default=None, output_field=models.IntegerField()))

    def with_anniversary_within(self, days, today=None):
        """Active volunteers who complete one of ANNIVERSARY_YEARS within `days`, soonest first:
        the SQL twin of Volunteer.anniversary()."""
        today = today or timezone.localdate()
        last_day = today + timedelta(days=days)
        yesterday = today - timedelta(days=1)
        started = models.Q()
        for years in ANNIVERSARY_YEARS:

            def shift(day, years=years):
                return add_years(day, years)

            # The start dates whose anniversary falls from today to last_day (29 February included).
            first = latest_day_reaching(yesterday, shift, add_years(yesterday, -years))
            last = latest_day_reaching(last_day, shift, add_years(last_day, -years))
            started |= models.Q(start_date__gt=first, start_date__lte=last)
        this_day = today.month * 100 + today.day
        day_of_year = ExtractMonth("start_date") * 100 + ExtractDay("start_date")
        return (
            self.with_status(Volunteer.Status.ACTIVE, today)
            .filter(started)
            .annotate(day_of_year=day_of_year)
            # Days later this year first, then those in January after a December today.
            .annotate(
                coming=models.Case(
                    models.When(day_of_year__lt=this_day, then=models.F("day_of_year") + 1300),
                    default=models.F("day_of_year"),
                )
            )
            .order_by("coming", "last_name", "first_name", "pk")
        )


DEFAULT_PURPOSE = "Koordinering af den frivilliges indsats ved enheden"


class Volunteer(models.Model):
    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Starts later")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        ANONYMISED = "anonymised", _("Anonymised")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Woman")
        MALE = "male", _("Man")
        OTHER = "other", _("Other")

    class LawfulBasis(models.TextChoices):
        CONSENT = "consent", _("Consent (GDPR art. 6(1)(a))")
        CONTRACT = "contract", _("Agreement with the volunteer (GDPR art. 6(1)(b))")
        PUBLIC_TASK = "public_task", _("Public authority task (GDPR art. 6(1)(e))")
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (GDPR art. 6(1)(f))")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="volunteers", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("unit"),
        help_text=_("The unit whose coordinator is responsible for the volunteer."),
        db_index=False,  # volunteer_unit_in_org leads with the unit
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    affiliation = models.ForeignKey(
        VolunteerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("affiliation"),
        help_text=_("The volunteer organisation the volunteer comes through, or the unit's own corps."),
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="volunteers", verbose_name=_("activities")
    )
    active_units = models.ManyToManyField(
        Unit, blank=True, related_name="active_volunteers", verbose_name=_("active at")
    )
    start_date = DateField(_("start date"))
    end_date = DateField(_("end date"), null=True, blank=True)
    confidentiality_signed_on = DateField(_("confidentiality declaration signed"), null=True, blank=True)
    child_check_assessed_on = DateField(
        _("child-protection record check obtained and assessed"), null=True, blank=True
    )
    criminal_check_assessed_on = DateField(
        _("criminal-record check obtained and assessed"), null=True, blank=True
    )
    #: Derived (first_day_checks_missing()): stored so that lists and start pages find the volunteers who
    #: lack a declaration or check from an index, instead of joining their activities for every volunteer.
    checks_due_on = DateField(null=True, blank=True, editable=False)
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=30, choices=LawfulBasis.choices, default=LawfulBasis.PUBLIC_TASK
    )
    # Stored data, not interface text: the purpose as the organisation's records state it.
    purpose = models.CharField(_("purpose of the processing"), max_length=300, default=DEFAULT_PURPOSE)
    anonymised_on = DateField(_("anonymised"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VolunteerQuerySet.as_manager()

    scope_organisation = "organisation"
    scope_unit = "unit"
    changing_roles = UNIT_STAFF

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            # The same e-mail twice in one organisation is the same person (imports rely on it).
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=~models.Q(email=""),
                name="volunteer_email_unique_in_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="volunteer_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"]),
            # A coordinator's lists are scoped by unit and organisation: their counts from the index alone.
            models.Index(fields=["unit", "organisation"], name="volunteer_unit_in_org"),
            # Counting the active volunteers of an organisation or of a unit's tree (start pages, key
            # figures) and finding anniversaries by start date, from the index alone.
            models.Index(
                fields=["organisation", "start_date", "end_date"],
                condition=models.Q(anonymised_on__isnull=True),
                name="volunteer_current_in_org",
            ),
            # With the organisation, as scoping filters by both: no row is read from the table.
            models.Index(
                fields=["unit", "organisation", "start_date", "end_date"],
                condition=models.Q(anonymised_on__isnull=True),
                name="volunteer_current_in_unit",
            ),
            # The volunteers of some units who lack a declaration or check (coordinator's start page).
            models.Index(
                fields=["unit", "organisation", "checks_due_on", "end_date"],
                condition=models.Q(anonymised_on__isnull=True),
                name="volunteer_checks_due_in_unit",
            ),
        ]

    def __str__(self):
        if self.anonymised_on:
            return str(_("Anonymised volunteer"))
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        # A new volunteer has no activities yet: adding them refreshes the day (m2m_changed below).
        self.checks_due_on = self.first_day_checks_missing(activities=[] if self._state.adding else None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "checks_due_on"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("volunteers:volunteer_detail", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.unit_id and self.organisation_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("The unit belongs to another organisation.")})

    # --- state ---------------------------------------------------------------------------------

    def is_active(self, today=None):
        today = today or timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)

    def status(self, today=None):
        today = today or timezone.localdate()
        if self.anonymised_on:
            return self.Status.ANONYMISED
        if self.end_date and self.end_date < today:
            return self.Status.ENDED
        if self.start_date > today:
            return self.Status.UPCOMING
        return self.Status.ACTIVE

    @property
    def needs_child_check(self):
        return any(activity.involves_children for activity in self.activities.all())

    @property
    def needs_criminal_check(self):
        return any(activity.involves_homes for activity in self.activities.all())

    @property
    def child_check_due_on(self):
        if not self.needs_child_check or not self.child_check_assessed_on:
            return None
        return add_years(self.child_check_assessed_on, self.organisation.child_check_renewal_years)

    @property
    def criminal_check_due_on(self):
        if not self.needs_criminal_check or not self.criminal_check_assessed_on:
            return None
        return add_years(self.criminal_check_assessed_on, self.organisation.criminal_check_renewal_years)

    def missing_checks(self, today=None, activities: Iterable[Activity] | None = None):
        """What the volunteer lacks or has overdue, as Danish/English labels for lists and start pages.
        `activities` spares reading them where they are known."""
        today = today or timezone.localdate()
        return [label for label, day in self._checks(activities) if day <= today]

    def first_day_checks_missing(self, activities: Iterable[Activity] | None = None) -> date | None:
        """The first day on which missing_checks() is not empty (ALREADY_MISSING if it is already), or None
        if it never is: stored in checks_due_on. `activities` spares reading them where they are known."""
        return min((day for _label, day in self._checks(activities)), default=None)

    def _checks(self, activities=None):
        """(label, the day it is missing from) for each declaration and check the volunteer needs: the
        one rule behind missing_checks() and checks_due_on."""
        activities = self.activities.all() if activities is None else activities
        organisation = self.organisation
        checks = (
            [(_("confidentiality declaration"), ALREADY_MISSING)]
            if self.confidentiality_signed_on is None
            else []
        )
        for label, needed, assessed_on, years in [
            (
                _("child-protection record check"),
                any(activity.involves_children for activity in activities),
                self.child_check_assessed_on,
                organisation.child_check_renewal_years,
            ),
            (
                _("criminal-record check"),
                any(activity.involves_homes for activity in activities),
                self.criminal_check_assessed_on,
                organisation.criminal_check_renewal_years,
            ),
        ]:
            if needed:
                checks.append((label, add_years(assessed_on, years) if assessed_on else ALREADY_MISSING))
        return checks

    def age_band(self, today=None):
        if self.birth_year is None:
            return None
        age = (today or timezone.localdate()).year - self.birth_year
        for low, high, label in AGE_BANDS:
            if low <= age <= high:
                return label
        return None

    def anniversary(self, today=None, within_days=30):
        """The number of years the volunteer completes within the next `within_days`, if a milestone."""
        today = today or timezone.localdate()
        for years in ANNIVERSARY_YEARS:
            day = add_years(self.start_date, years)
            if 0 <= (day - today).days <= within_days:
                return years, day
        return None

    @property
    def anonymisation_due_on(self):
        if self.end_date is None or self.anonymised_on:
            return None
        return add_months(self.end_date, self.organisation.retention_months)

    def anonymise(self, today=None):
        """Erase what identifies the person; keep what statistics count (unit, dates, age, gender)."""
        self.first_name = ""
        self.last_name = ""
        self.email = ""
        self.phone = ""
        self.address = ""
        self.anonymised_on = today or timezone.localdate()
        self.save()
        self.training_records.all().delete()

    def personal_data(self):
        """Everything stored about the person, for the data export (GDPR art. 15 and 20)."""
        return {
            "name": f"{self.first_name} {self.last_name}".strip(),
            "email": self.email,
            "phone": self.phone,
            "address": self.address,
            "birth_year": self.birth_year,
            "gender": self.gender,
            "unit": str(self.unit),
            "affiliation": str(self.affiliation) if self.affiliation else None,
            "activities": [str(activity) for activity in self.activities.all()],
            "active_units": [str(unit) for unit in self.active_units.all()],
            "start_date": _iso(self.start_date),
            "end_date": _iso(self.end_date),
            "confidentiality_signed_on": _iso(self.confidentiality_signed_on),
            "child_check_assessed_on": _iso(self.child_check_assessed_on),
            "criminal_check_assessed_on": _iso(self.criminal_check_assessed_on),
            "lawful_basis": self.get_lawful_basis_display(),
            "purpose": self.purpose,
            "training": [
                {
                    "kind": record.get_kind_display(),
                    "title": record.title,
                    "completed_on": _iso(record.completed_on),
                }
                for record in self.training_records.all()
            ],
        }


def with_activities(volunteers, batch_size=2000):
    """The volunteers, each with its activities' names and the two flags that decide its checks as
    ``listed_activities``, read in one query of four columns per batch: a prefetch of the activities
    makes a queryset per volunteer, which costs a list more than the rest of it. A generator, so that
    an export of tens of thousands reads them batch by batch."""
    volunteers = iter(volunteers)
    while batch := list(islice(volunteers, batch_size)):
        listed: dict[int, list[Activity]] = {volunteer.pk: [] for volunteer in batch}
        links = Volunteer.activities.through.objects.filter(volunteer__in=list(listed))
        for volunteer_id, name, children, homes in links.order_by("activity__name").values_list(
            "volunteer_id", "activity__name", "activity__involves_children", "activity__involves_homes"
        ):
            listed[volunteer_id].append(Activity(name=name, involves_children=children, involves_homes=homes))
        for volunteer in batch:
            volunteer.listed_activities = listed[volunteer.pk]
            yield volunteer


def missing_checks_of(volunteers, today):
    """(volunteer, missing_checks()) for a short list of volunteers (see with_activities)."""
    return [
        (volunteer, volunteer.missing_checks(today, volunteer.listed_activities))
        for volunteer in with_activities(volunteers)
    ]


def _iso(day):
    return day.isoformat() if isinstance(day, date) else None


class TrainingRecord(models.Model):
    class Kind(models.TextChoices):
        ONBOARDING = "onboarding", _("Onboarding")
        COURSE = "course", _("Course or training")

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="training_records", verbose_name=_("volunteer")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ONBOARDING)
    title = models.CharField(_("title"), max_length=200)
    completed_on = DateField(_("completed"))

    scope_organisation = "volunteer__organisation"
    scope_unit = "volunteer__unit"
    changing_roles = UNIT_STAFF

    class Meta:
        ordering = ["completed_on", "pk"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self):
        return self.title


@receiver(m2m_changed, sender=Volunteer.activities.through, dispatch_uid="volunteer_activities_checks_due_on")
def _refresh_checks_due_on(sender, instance, action, reverse, pk_set, **kwargs):
    """Volunteer.checks_due_on follows the volunteer's activities, changed from either side."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            instance.checks_due_on = instance.first_day_checks_missing()
            Volunteer.objects.filter(pk=instance.pk).update(checks_due_on=instance.checks_due_on)
        return
    # activity.volunteers.clear() names no volunteers afterwards: they are read before.
    if action == "pre_clear":
        instance._clearing_volunteer_ids = list(instance.volunteers.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        Volunteer.objects.filter(pk__in=pk_set).refresh_checks_due_on()
    elif action == "post_clear":
        Volunteer.objects.filter(
            pk__in=instance.__dict__.pop("_clearing_volunteer_ids")
        ).refresh_checks_due_on()
