"""Import of volunteers from the spreadsheets coordinators keep (.xlsx or .csv). No HTTP here.

    table = read_table(upload)                           # ImportFileError if it is no usable table
    register = Register(organisation, visible_unit_ids)  # what checking needs, in a few queries
    rows = check(table, register, default_unit_id)       # each row new, updated, unchanged or a problem
    counts = apply(rows, organisation)                   # inside transaction.atomic

A Table is plain JSON data, so that the preview can keep it in the session until the user confirms;
it is checked again at confirmation, against the register as it is then.

A row is the same person as a registered volunteer when the e-mail address matches, otherwise when
first name, last name, year of birth and unit match. An empty cell never erases what is registered.
"""

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Activity, Unit, Volunteer, VolunteerOrganisation

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
#: An .xlsx is a zip: more than this unpacked is no list of volunteers but a zip bomb.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: This many empty rows in a row end the table (Excel keeps formatted empty rows in its files).
MAX_BLANK_RUN = 1000

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls), and password-protected workbooks
# Control characters that text files do not hold: binary content (an image, a PDF, ...).
BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message tells the user why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    field: str
    headings: tuple  # the template's (Danish) heading first, then the accepted alternatives
    hint: object = ""


COLUMNS = [
    Column("first_name", ("Fornavn", "First name"), gettext_lazy("Required.")),
    Column("last_name", ("Efternavn", "Last name"), gettext_lazy("Required.")),
    Column(
        "name", ("Navn", "Name"), gettext_lazy("Instead of first and last name; split at the last space.")
    ),
    Column(
        "email", ("E-mail", "Email", "Mail"), gettext_lazy("The same e-mail address means the same person.")
    ),
    Column("phone", ("Telefon", "Phone", "Tlf")),
    Column("address", ("Adresse", "Address")),
    Column("birth_year", ("Fødselsår", "Year of birth", "Birth year"), gettext_lazy("For example 1962.")),
    Column("gender", ("Køn", "Gender"), gettext_lazy("kvinde, mand, andet or empty.")),
    Column(
        "unit",
        ("Enhed", "Unit"),
        gettext_lazy("The name of one of your units; when empty, the unit you choose below."),
    ),
    Column(
        "affiliation",
        ("Forening", "Tilknytning", "Affiliation"),
        gettext_lazy("The name of a volunteer organisation, or “eget korps” for the unit's own corps."),
    ),
    Column(
        "activities",
        ("Aktiviteter", "Aktivitet", "Activities", "Activity"),
        gettext_lazy("Names from the organisation's list of activities, separated by commas."),
    ),
    Column("start_date", ("Startdato", "Start date"), gettext_lazy("Required. A date, e.g. 18-08-2020.")),
    Column("end_date", ("Slutdato", "End date"), gettext_lazy("A date.")),
    Column(
        "confidentiality_signed_on",
        ("Tavshedserklæring", "Confidentiality declaration"),
        gettext_lazy("The date it was signed."),
    ),
    Column(
        "child_check_assessed_on",
        ("Børneattest", "Child check"),
        gettext_lazy("The date it was obtained and assessed; only for activities with children under 15."),
    ),
    Column(
        "criminal_check_assessed_on",
        ("Straffeattest", "Criminal check"),
        gettext_lazy("The date it was obtained and assessed; only for activities in people's homes."),
    ),
]
COLUMN = {column.field: column for column in COLUMNS}
#: The template's columns: first and last name in columns of their own.
TEMPLATE_COLUMNS = [column for column in COLUMNS if column.field != "name"]
TEXT_FIELDS = ["first_name", "last_name", "email", "phone", "address"]
#: Matched without regard to case, so a difference in case alone is no change either.
CASELESS_FIELDS = {"first_name", "last_name", "email"}
CHECK_DATE_FIELDS = ["confidentiality_signed_on", "child_check_assessed_on", "criminal_check_assessed_on"]
DATE_FIELDS = ["start_date", "end_date", *CHECK_DATE_FIELDS]
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


def _heading_key(text):
    return re.sub(r"[\s\-_.*:]", "", text).casefold()


HEADINGS = {_heading_key(heading): column.field for column in COLUMNS for heading in column.headings}


def _key(text):
    """Names compared as people read them: case and spacing do not count."""
    return " ".join(text.split()).casefold()


# --- reading -------------------------------------------------------------------------------------


@dataclass
class Table:
    """A file's volunteers as text. JSON-serialisable, for the session."""

    headings: dict  # field -> the heading as the file writes it
    ignored: list  # headings of columns that are not imported
    rows: list  # [row number in the file, {field: text}] for each non-empty row


def read_table(upload):
    """The table in an uploaded .xlsx or .csv file, recognised by its content, not its name."""
    if upload.size == 0:
        raise ImportFileError(_("The file is empty."))
    if upload.size > MAX_BYTES:
        raise _too_large()
    upload.seek(0)
    start = upload.read(len(ZIP_MAGIC))
    upload.seek(0)
    if start == ZIP_MAGIC:
        rows = _xlsx_rows(upload)
    elif start == OLE_MAGIC:
        raise ImportFileError(
            _(
                "The file is in the old Excel format (.xls). "
                "Save it as an Excel workbook (.xlsx) and try again."
            )
        )
    else:
        rows = _csv_rows(upload.read())
    return _table(rows)


def _too_large():
    return ImportFileError(_("The file is larger than 5 MB. Split it into smaller files."))


def _not_a_table():
    return ImportFileError(
        _("The file is neither an Excel workbook (.xlsx) nor a CSV file with the template's column headings.")
    )


def _xlsx_rows(upload):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise _not_a_table() from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_large()
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl fails in many ways on what is not a workbook
        raise _not_a_table() from None
    try:
        return list(_bounded(workbook.active.iter_rows(values_only=True)))
    except ImportFileError:
        raise
    except Exception:
        raise _not_a_table() from None
    finally:
        workbook.close()


def _csv_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # what Danish Excel on Windows saves as "CSV"
        except UnicodeDecodeError:
            raise _not_a_table() from None
    if BINARY.search(text):
        raise _not_a_table()
    # The heading row decides: headings seldom hold a separator, data (addresses) often does.
    heading_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max([";", ",", "\t"], key=heading_line.count)
    try:
        return list(_bounded(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error:
        raise _not_a_table() from None


def _bounded(rows):
    """The rows up to the end of the table (a long run of empty rows); an error beyond MAX_ROWS."""
    filled = blank_run = 0
    for row in rows:
        if any(map(_cell_text, row)):
            filled, blank_run = filled + 1, 0
            if filled > MAX_ROWS + 1:  # the heading row is not a volunteer
                raise ImportFileError(
                    _("The file has more than %(max)s rows. Split it into smaller files.")
                    % {"max": number_format(MAX_ROWS, force_grouping=True)}
                )
        else:
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                return
        yield row


def _cell_text(value):
    """A cell as text: dates as ISO 8601, whole numbers without decimals, spacing tidied."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _names_in_one_column(headings):
    """Whether names come from a Navn column, split in two (when first and last name do not both have one)."""
    return not ("first_name" in headings and "last_name" in headings)


def _table(rows):
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(map(_cell_text, row))]
    if not numbered:
        raise ImportFileError(_("The file is empty."))
    (_number, heading_row), data = numbered[0], numbered[1:]
    headings, ignored, positions = {}, [], {}
    for position, cell in enumerate(heading_row):
        heading = _cell_text(cell)
        name = HEADINGS.get(_heading_key(heading))
        if name is None:
            if heading:
                ignored.append(heading)
        elif name in headings:
            raise ImportFileError(_("The column %(column)s appears twice.") % {"column": heading})
        else:
            headings[name], positions[name] = heading, position
    if not headings:
        raise _not_a_table()
    required = ["start_date"]
    if _names_in_one_column(headings) and "name" not in headings:
        required = ["first_name", "last_name", "start_date"]
    missing = [COLUMN[name].headings[0] for name in required if name not in headings]
    if missing:
        raise ImportFileError(_("The file has no column %(columns)s.") % {"columns": ", ".join(missing)})
    if not data:
        raise ImportFileError(_("The file has column headings but no volunteers."))
    table_rows = []
    for number, row in data:
        cells = {name: _cell_text(row[index]) for name, index in positions.items() if index < len(row)}
        table_rows.append([number, {name: text for name, text in cells.items() if text}])
    return Table(headings=headings, ignored=ignored, rows=table_rows)


# --- what rows are checked against ---------------------------------------------------------------


def _name_key(first_name, last_name, birth_year, unit_id):
    return (_key(first_name), _key(last_name), birth_year, unit_id)


class Register:
    """The organisation's units, activities, volunteer organisations and its volunteers' match keys,
    in a fixed number of queries however long the file."""

    def __init__(self, organisation, visible_unit_ids):
        self.organisation = organisation
        self.visible_unit_ids = set(visible_unit_ids)
        units = list(Unit.objects.filter(organisation=organisation).values_list("pk", "name", "parent_id"))
        self.unit_names = {pk: name for pk, name, _parent in units}
        self.unit_parents = {pk: parent for pk, _name, parent in units}
        self.units_by_name = {_key(name): pk for pk, name, _parent in units}
        self.activities_by_pk = {a.pk: a for a in Activity.objects.filter(organisation=organisation)}
        self.activities = {_key(a.name): a for a in self.activities_by_pk.values()}
        organisations = VolunteerOrganisation.objects.filter(organisation=organisation)
        self.volunteer_organisations = {
            _key(name): pk for pk, name in organisations.values_list("pk", "name")
        }
        corps_links = VolunteerOrganisation.units.through.objects.filter(
            volunteerorganisation__organisation=organisation,
            volunteerorganisation__kind=VolunteerOrganisation.Kind.OWN_CORPS,
        )
        # Reverse order, so that the alphabetically first corps wins where a unit has several.
        corps_links = corps_links.order_by("-volunteerorganisation__name")
        self.own_corps = dict(corps_links.values_list("unit_id", "volunteerorganisation_id"))
        self.by_email, self.by_name = {}, {}
        volunteers = Volunteer.objects.filter(organisation=organisation, anonymised_on__isnull=True)
        for pk, email, first, last, year, unit_id in volunteers.values_list(
            "pk", "email", "first_name", "last_name", "birth_year", "unit_id"
        ):
            if email:
                self.by_email[email.casefold()] = pk
            self.by_name.setdefault(_name_key(first, last, year, unit_id), []).append(pk)

    def own_corps_of(self, unit_id):
        """The own corps of the unit or, failing that, of the nearest unit above it."""
        while unit_id is not None:
            if unit_id in self.own_corps:
                return self.own_corps[unit_id]
            unit_id = self.unit_parents.get(unit_id)
        return None

    def volunteers(self, pks):
        """The volunteers with these pks, each with the pks of its activities and active units as
        ``activity_ids`` and ``active_unit_ids`` (plain pks: much faster than prefetched objects)."""
        volunteers = Volunteer.objects.filter(organisation=self.organisation).in_bulk(pks)
        for volunteer in volunteers.values():
            volunteer.activity_ids, volunteer.active_unit_ids = set(), set()
        links = [
            (Volunteer.activities.through, "activity_id", "activity_ids"),
            (Volunteer.active_units.through, "unit_id", "active_unit_ids"),
        ]
        for model, column, attribute in links:
            pairs = model.objects.filter(volunteer_id__in=volunteers).values_list("volunteer_id", column)
            for volunteer_id, linked_id in pairs:
                getattr(volunteers[volunteer_id], attribute).add(linked_id)
        return volunteers


# --- checking ------------------------------------------------------------------------------------


class Status(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    UPDATE = "update", gettext_lazy("Will be updated")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    PROBLEM = "problem", gettext_lazy("Skipped: has problems")


@dataclass
class Row:
    number: int
    problems: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # Volunteer attname -> value, as the file gives them
    activities: list | None = None  # None: the file says nothing about them
    own_corps: bool = False  # "eget korps": the unit's own corps, once the unit is known
    unit_id: int | None = None
    unit_name: str = ""
    volunteer: Volunteer | None = None  # the registered volunteer the row is, if any
    changes: dict = field(default_factory=dict)  # Volunteer attname, "activities", "active_units" -> value
    status: str = Status.NEW

    @property
    def name(self):
        return " ".join(filter(None, [self.values.get("first_name"), self.values.get("last_name")]))

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def change_labels(self):
        return [capfirst(Volunteer._meta.get_field(name).verbose_name) for name in self.changes]

    def problem(self, message, **params):
        self.problems.append(message % {"row": self.number, **params})


def check(table, register, default_unit_id):
    """Each row of the table as a Row: its problems, or what importing it would do.

    ``default_unit_id`` must be one of the user's units (the import form's choice).
    """
    rows = [_read_row(number, cells, table.headings, register) for number, cells in table.rows]
    matches = {row.number: _match(row, register, default_unit_id) for row in rows}
    volunteers = register.volunteers({pk for pk in matches.values() if pk})
    for row in rows:
        row.volunteer = volunteers.get(matches[row.number])
        row.unit_id = row.values.get("unit_id") or (
            row.volunteer.unit_id if row.volunteer else default_unit_id
        )
        # Not the name of a unit the user may not see (where a matched volunteer may be registered).
        row.unit_name = register.unit_names[row.unit_id] if row.unit_id in register.visible_unit_ids else ""
        _check_against_register(row, register)
    _mark_duplicates(rows)
    for row in rows:
        if row.problems:
            row.status = Status.PROBLEM
        elif row.volunteer is None:
            row.status = Status.NEW
        else:
            row.status = Status.UPDATE if row.changes else Status.UNCHANGED
    return rows


def _read_row(number, cells, headings, register):
    """A Row with the values the cells give and the problems they have on their own."""
    row = Row(number)
    values = row.values
    for name in TEXT_FIELDS:
        if cells.get(name):
            values[name] = cells[name]
    if _names_in_one_column(headings):
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
        limit = Volunteer._meta.get_field(name).max_length
        if len(values.get(name, "")) > limit:
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


def _parse_date(text):
    for pattern in DATE_PATTERNS:
        if match := pattern.fullmatch(text):
            try:
                return date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                return None
    return None


def _read_dates(row, cells, headings):
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


def _read_links(row, cells, register):
    """The unit, volunteer organisation and activities the row names."""
    if name := cells.get("unit"):
        unit_id = register.units_by_name.get(_key(name))
        if unit_id is None or unit_id not in register.visible_unit_ids:
            # One answer for units that do not exist and units the user may not see.
            row.problem(_("Row %(row)s: »%(value)s« is not one of your units"), value=name)
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


def _match(row, register, default_unit_id):
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


def _check_against_register(row, register):
    """The problems that depend on the registered volunteer and the unit; what would change."""
    volunteer, values = row.volunteer, row.values
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
    activities = row.activities
    if activities is None:
        activities = [register.activities_by_pk[pk] for pk in volunteer.activity_ids] if volunteer else []
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


def _changes(row):
    """What importing the row would write: everything for a new volunteer, the differences otherwise."""
    volunteer = row.volunteer
    wanted = {**row.values, "unit_id": row.unit_id}
    if volunteer is None:
        return {**wanted, "activities": row.activities or [], "active_units": row.unit_id}
    changes = {}
    for name, value in wanted.items():
        current = getattr(volunteer, name)
        same = _key(current) == _key(value) if name in CASELESS_FIELDS else current == value
        if not same:
            changes[name] = value
    if row.activities is not None and {a.pk for a in row.activities} != volunteer.activity_ids:
        changes["activities"] = row.activities
    if row.unit_id not in volunteer.active_unit_ids:
        changes["active_units"] = row.unit_id
    return changes


def _mark_duplicates(rows):
    """A row for the same person (e-mail, name key or registered volunteer) as an earlier row."""
    seen = {}
    for row in rows:
        values, keys = row.values, []
        if "email" in values:
            keys.append(("email", values["email"].casefold()))
        if "first_name" in values and "last_name" in values:
            name_key = _name_key(
                values["first_name"], values["last_name"], values.get("birth_year"), row.unit_id
            )
            keys.append(("name", name_key))
        if row.volunteer is not None:
            keys.append(("volunteer", row.volunteer.pk))
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            row.problem(_("Row %(row)s: The same person as row %(other)s"), other=earlier)
        for key in keys:
            seen.setdefault(key, row.number)


# --- applying ------------------------------------------------------------------------------------


def apply(rows, organisation):
    """Create and update the volunteers of the rows without problems; the number of rows per Status.

    A fixed number of queries (bulk ones), however many rows; call it inside transaction.atomic.
    """
    new = [row for row in rows if row.status == Status.NEW]
    updated = [row for row in rows if row.status == Status.UPDATE]
    columns = {f.attname for f in Volunteer._meta.concrete_fields}

    created = Volunteer.objects.bulk_create(
        Volunteer(organisation=organisation, **{k: v for k, v in row.changes.items() if k in columns})
        for row in new
    )
    for row, volunteer in zip(new, created, strict=True):
        row.volunteer = volunteer

    now, changed_columns = timezone.now(), set()
    for row in updated:
        for name, value in row.changes.items():
            if name in columns:
                setattr(row.volunteer, name, value)
                changed_columns.add(name)
        row.volunteer.updated_at = now  # bulk_update does not touch auto_now fields
    if changed_columns:
        Volunteer.objects.bulk_update([row.volunteer for row in updated], [*changed_columns, "updated_at"])

    written = new + updated
    activity_link = Volunteer.activities.through
    activity_link.objects.filter(
        volunteer__in=[row.volunteer for row in updated if "activities" in row.changes]
    ).delete()
    activity_link.objects.bulk_create(
        activity_link(volunteer_id=row.volunteer.pk, activity_id=activity.pk)
        for row in written
        for activity in row.changes.get("activities", [])
    )
    unit_link = Volunteer.active_units.through
    unit_link.objects.bulk_create(
        unit_link(volunteer_id=row.volunteer.pk, unit_id=row.changes["active_units"])
        for row in written
        if "active_units" in row.changes
    )
    return Counter(row.status for row in rows)
