"""Checking a Table against the register: each row new, an update, unchanged or a problem.

A row is the same person as a registered volunteer when the e-mail address matches, otherwise when
first name, last name, year of birth and unit match. An empty cell never erases what is registered.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypedDict, get_args

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Activity, Organisation, Unit, Volunteer, VolunteerOrganisation
from .read import COLUMN, Table, names_in_one_column

TextField = Literal["first_name", "last_name", "email", "phone", "address"]
CheckDateField = Literal["confidentiality_signed_on", "child_check_assessed_on", "criminal_check_assessed_on"]
DateField = Literal["start_date", "end_date", CheckDateField]
TEXT_FIELDS: tuple[TextField, ...] = get_args(TextField)
CHECK_DATE_FIELDS: tuple[CheckDateField, ...] = get_args(CheckDateField)
DATE_FIELDS: tuple[DateField, ...] = get_args(DateField)
#: Matched without regard to case, so a difference in case alone is no change either.
CASELESS_FIELDS = {"first_name", "last_name", "email"}
GENDERS = {
    "kvinde": Volunteer.Gender.FEMALE,
    "woman": Volunteer.Gender.FEMALE,
    "female": Volunteer.Gender.FEMALE,
    "mand": Volunteer.Gender.MALE,
    "man": Volunteer.Gender.MALE,
    "male": Volunteer.Gender.MALE,
    "andet": Volunteer.Gender.OTHER,
    "other": Volunteer.Gender.OTHER,
}
OWN_CORPS = {"eget korps", "own corps"}
DATE_PATTERNS = [
    re.compile(r"(?P<day>\d{1,2})(?P<sep>[-./])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
]

#: What identifies a volunteer without an e-mail address: first and last name, year of birth, unit.
NameKey = tuple[str, str, int | None, int]


def _key(text: str) -> str:
    """Names compared as people read them: case and spacing do not count."""
    return " ".join(text.split()).casefold()


def _name_key(first_name: str, last_name: str, birth_year: int | None, unit_id: int) -> NameKey:
    return (_key(first_name), _key(last_name), birth_year, unit_id)


# --- what rows are checked against ---------------------------------------------------------------


@dataclass
class Registered:
    """A registered volunteer with the pks of its activities and active units (plain pks: much faster
    than prefetched objects)."""

    volunteer: Volunteer
    activity_ids: set[int] = field(default_factory=set)
    active_unit_ids: set[int] = field(default_factory=set)


class Register:
    """The organisation's units, activities, volunteer organisations and its volunteers' match keys,
    in a fixed number of queries however long the file."""

    def __init__(self, organisation: Organisation, visible_unit_ids: Iterable[int]) -> None:
        self.organisation = organisation
        self.visible_unit_ids = set(visible_unit_ids)
        units = list(
            Unit.objects.filter(organisation=organisation).values_list("pk", "name", "parent_id", "closed_on")
        )
        self.unit_names: dict[int, str] = {pk: name for pk, name, _parent, _closed in units}
        self.unit_parents: dict[int, int | None] = {pk: parent for pk, _name, parent, _closed in units}
        self.units_by_name: dict[str, int] = {_key(name): pk for pk, name, _parent, _closed in units}
        #: Closed units: a row cannot put a volunteer there (they are no longer a choice).
        self.closed_unit_ids: set[int] = {pk for pk, _name, _parent, closed in units if closed is not None}
        self.activities_by_pk: dict[int, Activity] = {
            a.pk: a for a in Activity.objects.filter(organisation=organisation)
        }
        self.activities = {_key(a.name): a for a in self.activities_by_pk.values()}
        organisations = VolunteerOrganisation.objects.filter(organisation=organisation)
        self.volunteer_organisations: dict[str, int] = {
            _key(name): pk for pk, name in organisations.values_list("pk", "name")
        }
        corps_links = VolunteerOrganisation.units.through.objects.filter(
            volunteerorganisation__organisation=organisation,
            volunteerorganisation__kind=VolunteerOrganisation.Kind.OWN_CORPS,
        )
        # Reverse order, so that the alphabetically first corps wins where a unit has several.
        corps_links = corps_links.order_by("-volunteerorganisation__name")
        self.own_corps: dict[int, int] = dict(corps_links.values_list("unit_id", "volunteerorganisation_id"))
        self.by_email: dict[str, int] = {}
        self.by_name: dict[NameKey, list[int]] = {}
        volunteers = Volunteer.objects.filter(organisation=organisation, anonymised_on__isnull=True)
        for pk, email, first, last, year, unit_id in volunteers.values_list(
            "pk", "email", "first_name", "last_name", "birth_year", "unit_id"
        ):
            if email:
                self.by_email[email.casefold()] = pk
            self.by_name.setdefault(_name_key(first, last, year, unit_id), []).append(pk)

    def own_corps_of(self, unit_id: int | None) -> int | None:
        """The own corps of the unit or, failing that, of the nearest unit above it."""
        while unit_id is not None:
            if unit_id in self.own_corps:
                return self.own_corps[unit_id]
            unit_id = self.unit_parents.get(unit_id)
        return None

    def volunteers(self, pks: Iterable[int]) -> dict[int, Registered]:
        """The registered volunteers with these pks, by pk."""
        volunteers = Volunteer.objects.filter(organisation=self.organisation).in_bulk(pks)
        registered = {pk: Registered(volunteer) for pk, volunteer in volunteers.items()}
        activity_links = Volunteer.activities.through.objects.filter(volunteer_id__in=registered)
        for volunteer_id, activity_id in activity_links.values_list("volunteer_id", "activity_id"):
            registered[volunteer_id].activity_ids.add(activity_id)
        unit_links = Volunteer.active_units.through.objects.filter(volunteer_id__in=registered)
        for volunteer_id, unit_id in unit_links.values_list("volunteer_id", "unit_id"):
            registered[volunteer_id].active_unit_ids.add(unit_id)
        return registered


# --- checking ------------------------------------------------------------------------------------


class Status(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    UPDATE = "update", gettext_lazy("Will be updated")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    PROBLEM = "problem", gettext_lazy("Skipped: has problems")


class Values(TypedDict, total=False):
    """What a row's cells say about the volunteer, as Volunteer attnames and values."""

    first_name: str
    last_name: str
    email: str
    phone: str
    address: str
    birth_year: int
    gender: str
    unit_id: int
    affiliation_id: int | None
    start_date: date
    end_date: date
    confidentiality_signed_on: date
    child_check_assessed_on: date
    criminal_check_assessed_on: date


@dataclass
class Row:
    number: int
    problems: list[str] = field(default_factory=list)
    values: Values = field(default_factory=Values)
    activities: list[Activity] | None = None  # None: the file says nothing about them
    own_corps: bool = False  # "eget korps": the unit's own corps, once the unit is known
    unit_id: int = field(init=False)  # set by check(), once the row is matched
    unit_name: str = ""
    registered: Registered | None = None  # the registered volunteer the row is, if any
    #: Volunteer attname, "activities" or "active_units" -> what importing the row writes there.
    changes: dict[str, object] = field(default_factory=dict)
    status: Status = Status.NEW

    @property
    def name(self) -> str:
        return " ".join(filter(None, [self.values.get("first_name"), self.values.get("last_name")]))

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    def activities_after(self, activities_by_pk: dict[int, Activity]) -> list[Activity]:
        """The volunteer's activities once the row is imported: the file's, or else those registered."""
        if self.activities is not None:
            return self.activities
        activity_ids = self.registered.activity_ids if self.registered else set()
        return [activities_by_pk[pk] for pk in activity_ids]

    @property
    def change_labels(self) -> list[str]:
        meta = Volunteer._meta
        fields = {f.attname: f for f in [*meta.concrete_fields, *meta.many_to_many]}
        return [capfirst(str(fields[name].verbose_name)) for name in self.changes]

    def problem(self, message: str, **params: object) -> None:
        self.problems.append(message % {"row": self.number, **params})


def check(table: Table, register: Register, default_unit_id: int) -> list[Row]:
    """Each row of the table as a Row: its problems, or what importing it would do.

    ``default_unit_id`` must be one of the user's units (the import form's choice).
    """
    rows = [_read_row(number, cells, table.headings, register) for number, cells in table.rows]
    matches = {row.number: _match(row, register, default_unit_id) for row in rows}
    registered = register.volunteers({pk for pk in matches.values() if pk})
    for row in rows:
        pk = matches[row.number]
        row.registered = registered.get(pk) if pk else None
        volunteer = row.registered.volunteer if row.registered else None
        row.unit_id = row.values.get("unit_id") or (volunteer.unit_id if volunteer else default_unit_id)
        # Not the name of a unit the user may not see (where a matched volunteer may be registered).
        row.unit_name = register.unit_names[row.unit_id] if row.unit_id in register.visible_unit_ids else ""
        _check_against_register(row, register)
    _mark_duplicates(rows)
    for row in rows:
        if row.problems:
            row.status = Status.PROBLEM
        elif row.registered is None:
            row.status = Status.NEW
        else:
            row.status = Status.UPDATE if row.changes else Status.UNCHANGED
    return rows


def _read_row(number: int, cells: dict[str, str], headings: dict[str, str], register: Register) -> Row:
    """A Row with the values the cells give and the problems they have on their own."""
    row = Row(number)
    values = row.values
    for name in TEXT_FIELDS:
        if cells.get(name):
            values[name] = cells[name]
    if names_in_one_column(headings):
        first, _space, last = cells.get("name", "").rpartition(" ")
        if first:
            values["first_name"], values["last_name"] = first, last
        elif last:
            row.problem(
                _("Row %(row)s: %(column)s »%(value)s« needs both a first and a last name"),
                column=headings["name"],
                value=last,
            )
        else:
            row.problem(_("Row %(row)s: %(column)s is missing"), column=headings["name"])
    else:
        for name in ("first_name", "last_name"):
            if name not in values:
                row.problem(_("Row %(row)s: %(column)s is missing"), column=headings[name])
    for name in TEXT_FIELDS:
        model_field = Volunteer._meta.get_field(name)
        limit = model_field.max_length if isinstance(model_field, models.Field) else None
        if limit is not None and len(values.get(name, "")) > limit:
            row.problem(
                _("Row %(row)s: %(column)s is longer than %(max)s characters"),
                column=headings.get(name) or headings["name"],
                max=limit,
            )
    if "email" in values:
        try:
            validate_email(values["email"])
        except ValidationError:
            row.problem(
                _("Row %(row)s: %(column)s »%(value)s« is not valid"),
                column=headings["email"],
                value=values.pop("email"),
            )
    if year := cells.get("birth_year"):
        this_year = timezone.localdate().year
        if year.isdigit() and 1900 <= int(year) <= this_year:
            values["birth_year"] = int(year)
        else:
            row.problem(
                _("Row %(row)s: %(column)s »%(value)s« is not a year between 1900 and %(year)s"),
                column=headings["birth_year"],
                value=year,
                year=this_year,
            )
    if gender := cells.get("gender"):
        if _key(gender) in GENDERS:
            values["gender"] = GENDERS[_key(gender)]
        else:
            row.problem(
                _("Row %(row)s: %(column)s »%(value)s« is not one of %(choices)s"),
                column=headings["gender"],
                value=gender,
                choices="kvinde, mand, andet",
            )
    _read_dates(row, cells, headings)
    _read_links(row, cells, register)
    return row


def _parse_date(text: str) -> date | None:
    for pattern in DATE_PATTERNS:
        if match := pattern.fullmatch(text):
            try:
                return date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                return None
    return None


def _read_dates(row: Row, cells: dict[str, str], headings: dict[str, str]) -> None:
    today = timezone.localdate()
    for name in DATE_FIELDS:
        text = cells.get(name)
        if not text:
            continue
        day = _parse_date(text)
        if day is None:
            row.problem(
                _("Row %(row)s: %(column)s »%(value)s« is not a date (write e.g. 18-08-2020)"),
                column=headings[name],
                value=text,
            )
        elif name in CHECK_DATE_FIELDS and day > today:
            row.problem(
                _("Row %(row)s: %(column)s »%(value)s« is in the future"), column=headings[name], value=text
            )
        else:
            row.values[name] = day
    if not cells.get("start_date"):
        row.problem(_("Row %(row)s: %(column)s is missing"), column=headings["start_date"])


def _read_links(row: Row, cells: dict[str, str], register: Register) -> None:
    """The unit, volunteer organisation and activities the row names."""
    if name := cells.get("unit"):
        unit_id = register.units_by_name.get(_key(name))
        if unit_id is None or unit_id not in register.visible_unit_ids:
            # One answer for units that do not exist and units the user may not see.
            row.problem(_("Row %(row)s: »%(value)s« is not one of your units"), value=name)
        elif unit_id in register.closed_unit_ids:
            row.problem(_("Row %(row)s: the unit »%(value)s« is closed"), value=name)
        else:
            row.values["unit_id"] = unit_id
    if name := cells.get("affiliation"):
        if _key(name) in OWN_CORPS:
            row.own_corps = True
        elif _key(name) in register.volunteer_organisations:
            row.values["affiliation_id"] = register.volunteer_organisations[_key(name)]
        else:
            row.problem(_("Row %(row)s: Unknown volunteer organisation »%(value)s«"), value=name)
    if "activities" in cells:
        row.activities = []
        for name in filter(None, (part.strip() for part in re.split(r"[,;]", cells["activities"]))):
            activity = register.activities.get(_key(name))
            if activity is None:
                row.problem(_("Row %(row)s: Unknown activity »%(value)s«"), value=name)
            elif activity not in row.activities:
                row.activities.append(activity)


def _match(row: Row, register: Register, default_unit_id: int) -> int | None:
    """The pk of the registered volunteer the row is: by e-mail, else by name, year of birth and unit."""
    values = row.values
    if "email" in values and values["email"].casefold() in register.by_email:
        return register.by_email[values["email"].casefold()]
    if "first_name" not in values or "last_name" not in values:
        return None
    unit_id = values.get("unit_id", default_unit_id)
    key = _name_key(values["first_name"], values["last_name"], values.get("birth_year"), unit_id)
    candidates = register.by_name.get(key, [])
    if len(candidates) > 1:
        row.problem(
            _(
                "Row %(row)s: Several registered volunteers at %(unit)s have this name and year of birth; "
                "add their e-mail addresses to the file"
            ),
            unit=register.unit_names[unit_id],
        )
        return None
    return candidates[0] if candidates else None


def _check_against_register(row: Row, register: Register) -> None:
    """The problems that depend on the registered volunteer and the unit; what would change."""
    volunteer = row.registered.volunteer if row.registered else None
    values = row.values
    if volunteer is not None and volunteer.unit_id not in register.visible_unit_ids:
        row.problem(_("Row %(row)s: The person is already registered at a unit that is not yours"))
        return
    if volunteer is not None and "first_name" in values and "last_name" in values:
        year = values.get("birth_year", volunteer.birth_year)
        key = _name_key(values["first_name"], values["last_name"], year, row.unit_id)
        if set(register.by_name.get(key, [])) - {volunteer.pk}:
            row.problem(
                _(
                    "Row %(row)s: The e-mail address belongs to one registered volunteer, and the name, "
                    "year of birth and unit to another"
                )
            )
    if row.own_corps:
        values["affiliation_id"] = register.own_corps_of(row.unit_id)
        if values["affiliation_id"] is None:
            row.problem(
                _("Row %(row)s: %(unit)s has no own volunteer corps"), unit=register.unit_names[row.unit_id]
            )
    start = values.get("start_date")
    end = values.get("end_date", volunteer.end_date if volunteer else None)
    if start and end and end < start:
        row.problem(_("Row %(row)s: The end date is before the start date"))
    activities = row.activities_after(register.activities_by_pk)
    if values.get("child_check_assessed_on") and not any(a.involves_children for a in activities):
        row.problem(
            _("Row %(row)s: %(column)s is filled in, but none of the activities involves children under 15"),
            column=COLUMN["child_check_assessed_on"].headings[0],
        )
    if values.get("criminal_check_assessed_on") and not any(a.involves_homes for a in activities):
        row.problem(
            _(
                "Row %(row)s: %(column)s is filled in, but none of the activities takes the volunteer "
                "into people's homes"
            ),
            column=COLUMN["criminal_check_assessed_on"].headings[0],
        )
    row.changes = _changes(row)


def _changes(row: Row) -> dict[str, object]:
    """What importing the row would write: everything for a new volunteer, the differences otherwise."""
    registered = row.registered
    wanted: dict[str, object] = {**row.values, "unit_id": row.unit_id}
    if registered is None:
        return {**wanted, "activities": row.activities or [], "active_units": row.unit_id}
    changes: dict[str, object] = {}
    for name, value in wanted.items():
        current = getattr(registered.volunteer, name)
        same = current == value or (name in CASELESS_FIELDS and _key(current) == _key(str(value)))
        if not same:
            changes[name] = value
    if row.activities is not None and {a.pk for a in row.activities} != registered.activity_ids:
        changes["activities"] = row.activities
    if row.unit_id not in registered.active_unit_ids:
        changes["active_units"] = row.unit_id
    return changes


def _mark_duplicates(rows: list[Row]) -> None:
    """A row for the same person (e-mail, name key or registered volunteer) as an earlier row."""
    seen: dict[tuple[str, object], int] = {}
    for row in rows:
        values = row.values
        keys: list[tuple[str, object]] = []
        if "email" in values:
            keys.append(("email", values["email"].casefold()))
        if "first_name" in values and "last_name" in values:
            name_key = _name_key(
                values["first_name"], values["last_name"], values.get("birth_year"), row.unit_id
            )
            keys.append(("name", name_key))
        if row.registered is not None:
            keys.append(("volunteer", row.registered.volunteer.pk))
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            row.problem(_("Row %(row)s: The same person as row %(other)s"), other=earlier)
        for key in keys:
            seen.setdefault(key, row.number)
