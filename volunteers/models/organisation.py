"""Organisations, their unit trees, staff users and roles: the base every other app stands on."""

import mimetypes
from functools import cache, partial

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import DateField
from core.models import stored_values_differ


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Volunteer coordinator")
    SECRETARIAT = "secretariat", _("Secretariat")
    STEERING_GROUP = "steering_group", _("Steering group")
    ADMINISTRATOR = "administrator", _("Administrator")


# Who may change what is declared on each scoped model as ``changing_roles``, one of these sets, next to
# its ``scope_organisation``; volunteers.access reads it.
#: Staff who change the data of units: a coordinator only within their own units (scoping sees to it).
UNIT_STAFF = frozenset({Role.COORDINATOR, Role.SECRETARIAT, Role.ADMINISTRATOR})
#: Staff who change the organisation-wide work: strategy, bodies, meetings, follow-up.
SECRETARIAT = frozenset({Role.SECRETARIAT, Role.ADMINISTRATOR})
#: Read the organisation-wide work: the secretariat and the steering group (which only reads).
ORGANISATION_WIDE = frozenset({Role.SECRETARIAT, Role.STEERING_GROUP, Role.ADMINISTRATOR})
#: The organisation's own set-up: its settings, units, users and single sign-on.
ADMINISTRATION = frozenset({Role.ADMINISTRATOR})
#: Nobody changes it in the app (records the app writes itself).
NOBODY: frozenset[str] = frozenset()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The organisation's own rules for its volunteers and agreements.
    child_check_renewal_years = models.PositiveSmallIntegerField(
        _("renew child-protection record checks every (years)"), default=3
    )
    criminal_check_renewal_years = models.PositiveSmallIntegerField(
        _("renew criminal-record checks every (years)"), default=3
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep a former volunteer's personal data for (months)"),
        default=6,
        help_text=_("After this, the coordinator is asked to confirm the anonymisation."),
    )
    review_reminder_days = models.PositiveSmallIntegerField(
        _("remind about an agreement's review (days before)"), default=30
    )
    agenda_reminder_days = models.PositiveSmallIntegerField(
        _("remind the secretariat to publish an agenda (days before the meeting)"), default=7
    )
    minutes_reminder_days = models.PositiveSmallIntegerField(
        _("remind the secretary of unapproved minutes (days after the meeting)"), default=14
    )
    # Shown in the accessibility statement and the privacy notice.
    accessibility_contact = models.EmailField(_("contact for the accessibility statement"), blank=True)
    privacy_contact = models.EmailField(
        _("contact for the privacy notice"),
        blank=True,
        help_text=_("Usually the data protection officer."),
    )
    # Shown in the header and on the PDFs beside the organisation's name.
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        help_text=_("PNG or JPEG, shown at most 48 pixels high in the header and on the PDFs."),
    )
    password_login = models.BooleanField(
        _("password login allowed"),
        default=True,
        help_text=_("Off: the organisation's people sign in only through its single sign-on."),
    )

    scope_organisation = "pk"
    changing_roles = ADMINISTRATION

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        renewal_changed = stored_values_differ(
            self, "child_check_renewal_years", "criminal_check_renewal_years"
        )
        super().save(*args, **kwargs)
        if renewal_changed:
            # Each volunteer's checks_due_on counts from these periods: tens of thousands of volunteers
            # take seconds, in the worker.
            from ..tasks import refresh_checks_due_on  # the tasks import the models

            transaction.on_commit(partial(refresh_checks_due_on.delay, self.pk))

    @property
    def logo_content_type(self) -> str:
        """The logo's media type, from its name (the upload form lets through PNG and JPEG only)."""
        return mimetypes.guess_type(self.logo.name)[0] or "application/octet-stream"


class UnitQuerySet(models.QuerySet):
    def open(self):
        """The units still in use: a closed unit keeps its data but is no longer offered as a choice."""
        return self.filter(closed_on__isnull=True)


class Unit(models.Model):
    """A part of an organisation: a hospital, psychiatry, the social area, a department, ..."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        PSYCHIATRY = "psychiatry", _("Psychiatry")
        SOCIAL_AREA = "social_area", _("Social area")
        INSTITUTION = "institution", _("Social institution")
        HOSPICE = "hospice", _("Hospice")
        DEPARTMENT = "department", _("Department")
        MUNICIPAL_AREA = "municipal_area", _("Municipal area")
        ADMINISTRATION = "administration", _("Administration")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # A unit with data is never deleted: it is closed, and keeps its history.
    closed_on = DateField(_("closed on"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    scope_organisation = "organisation"
    scope_unit = "pk"
    changing_roles = UNIT_STAFF

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_name_unique_in_organisation"),
        ]

    #: __str__ is this field: lists' filters read the options as (pk, name) pairs (core.filters).
    str_field = "name"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("volunteers:unit_detail", args=[self.pk])

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError(
                {"parent": _("A unit can only be part of a unit in the same organisation.")}
            )
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A unit cannot be part of itself.")})
            ancestor = ancestor.parent


def unit_tree(units):
    """Order units depth first under their parents, as (unit, depth) pairs, without more queries."""
    by_parent = {}
    ids = {unit.pk for unit in units}
    for unit in units:
        # A unit whose parent is not among `units` is shown as a root of what the user may see.
        key = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(key, []).append(unit)
    ordered = []

    def walk(parent_id, depth):
        for unit in sorted(by_parent.get(parent_id, []), key=lambda u: u.name):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def descendant_ids(unit_ids, organisation):
    """The given units and every unit below them (within the organisation), from one recursive query.
    Walking the tree in SQL spares reading every unit of the organisation on each request."""
    unit_ids = list(unit_ids)
    if not unit_ids:
        return set()
    placeholders = ", ".join(["%s"] * len(unit_ids))
    seeds = f"SELECT id FROM {_quoted(Unit)} WHERE id IN ({placeholders})"  # nosec B608: placeholders only
    return _tree(seeds, unit_ids, organisation)


def staff_unit_ids(user: "User", organisation: "Organisation | int") -> set[int]:
    """The units of the organisation the user was added to, and every unit below them: what a
    coordinator sees (volunteers.access), in one query written once rather than built per request."""
    organisation_id = getattr(organisation, "pk", organisation)
    return _tree(_staff_seeds(), [user.pk, organisation_id], organisation_id)


@cache
def _staff_seeds() -> str:
    """staff_unit_ids' seeds: the user's units within the organisation (written once per process)."""
    field = User._meta.get_field("units")
    unit, user = field.m2m_reverse_name(), field.m2m_column_name()
    return (
        f"SELECT s.{unit} FROM {_quoted(User.units.through)} s"  # nosec B608: names only
        f" JOIN {_quoted(Unit)} u ON u.id = s.{unit} WHERE s.{user} = %s AND u.organisation_id = %s"
    )


def _quoted(model):
    return connection.ops.quote_name(model._meta.db_table)


def _tree(seeds, seed_params, organisation):
    """The ids the query ``seeds`` selects and every unit below them within the organisation."""
    # Safe: only constant SQL and quoted table and column names are interpolated, not values.
    sql = (
        f"WITH RECURSIVE tree(id) AS ({seeds} UNION SELECT u.id FROM {_quoted(Unit)} u"  # nosec B608
        " JOIN tree ON u.parent_id = tree.id WHERE u.organisation_id = %s) SELECT id FROM tree"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*seed_params, getattr(organisation, "pk", organisation)])
        return {pk for (pk,) in cursor.fetchall()}


class StaffManager(UserManager):
    def secretariat(self, organisation):
        """The active users of the organisation's secretariat (told when a report is handed in, ...)."""
        return self.filter(organisation=organisation, role=Role.SECRETARIAT, is_active=True)


class User(AbstractUser):
    """A member of staff. Belongs to one organisation; a coordinator also to one or more units."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
        help_text=_("Empty only for the platform's own operators."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="staff",
        verbose_name=_("units"),
        help_text=_("A coordinator sees and changes the data of these units and the units below them."),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)

    objects = StaffManager()

    scope_organisation = "organisation"
    changing_roles = NOBODY

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR

    @property
    def is_secretariat(self):
        return self.role == Role.SECRETARIAT

    @property
    def is_steering_group(self):
        return self.role == Role.STEERING_GROUP

    @property
    def is_administrator(self):
        return self.role == Role.ADMINISTRATOR
