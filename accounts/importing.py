"""Inviting many users from a file (.xlsx or .csv): name, e-mail, role, unit names.

The volunteer import's pipeline (volunteers.importing): read_table() with this file's Layout, the table
kept in the session until the preview is confirmed (volunteers.importing.pending), then checked here and,
on confirmation, checked again and applied: each row without problems invited with accounts.invitations.
invite(). A row whose e-mail address already has a user is skipped: the same file twice invites nobody
twice.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from volunteers.importing import Column, Layout, Table
from volunteers.models import Organisation, Role, Unit, User

from . import invitations

COLUMNS = [
    Column("name", ("Navn", "Name"), gettext_lazy("Required. First and last name.")),
    Column(
        "email",
        ("E-mail", "Email", "Mail"),
        gettext_lazy("Required. The invitation is sent here; it is also the user name."),
    ),
    Column(
        "role",
        ("Rolle", "Role"),
        gettext_lazy("Required. Frivilligkoordinator, Sekretariat, Styregruppe or Administrator."),
    ),
    Column(
        "units",
        ("Enheder", "Enhed", "Units", "Unit"),
        gettext_lazy("Names of open units, separated by commas. A volunteer coordinator needs at least one."),
    ),
    Column("job_title", ("Stilling", "Job title", "Titel")),
]
REQUIRED = ("name", "email", "role")


def _missing(headings: dict[str, str]) -> list[str]:
    return [name for name in REQUIRED if name not in headings]


USERS = Layout(COLUMNS, _missing, gettext_lazy("The file has column headings but no users."))
COLUMN = {column.field: column for column in COLUMNS}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def role_names() -> dict[str, str]:
    """Every way a file may name a role: the code, the English and the Danish name (any case)."""
    names = {}
    for language in ("en", "da"):
        with translation.override(language):
            for value, label in Role.choices:
                names[_key(str(label))] = value
    for value in Role.values:
        names[_key(value)] = value
        names[_key(value.replace("_", " "))] = value
    names[_key("Koordinator")] = Role.COORDINATOR
    names[_key("Coordinator")] = Role.COORDINATOR
    return names


class Register:
    """What the rows are checked against, in a fixed number of queries: the e-mail addresses that have
    a user already (in any organisation: the address is the user name) and the organisation's units."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.taken: set[str] = set()
        for email, username in User.objects.values_list("email", "username"):
            self.taken.update({email.casefold(), username.casefold()} - {""})
        self.open_units: dict[str, Unit] = {}
        self.closed_units: set[str] = set()
        for unit in Unit.objects.filter(organisation=organisation):
            if unit.closed_on is None:
                self.open_units[_key(unit.name)] = unit
            else:
                self.closed_units.add(_key(unit.name))
        self.roles = role_names()


class Status(models.TextChoices):
    NEW = "new", gettext_lazy("Will be invited")
    EXISTING = "existing", gettext_lazy("Skipped: already a user")
    PROBLEM = "problem", gettext_lazy("Skipped: has problems")


@dataclass
class Row:
    number: int
    name: str = ""
    email: str = ""
    role: str = ""
    job_title: str = ""
    units: list[Unit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    status: Status = Status.NEW

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""

    @property
    def unit_names(self) -> str:
        return ", ".join(unit.name for unit in self.units)

    def problem(self, message: str, **params: object) -> None:
        self.problems.append(message % {"row": self.number, **params})


def check(table: Table, register: Register) -> list[Row]:
    """Each row: its problems in Danish, already a user, or to be invited."""
    rows = [_row(number, cells, table.headings, register) for number, cells in table.rows]
    first_row: dict[str, int] = {}
    for row in rows:
        if not row.email:
            continue
        key = row.email.casefold()
        if key in first_row:
            row.problem(
                _("Row %(row)s: The e-mail address %(email)s is also in row %(first)s"),
                email=row.email,
                first=first_row[key],
            )
        else:
            first_row[key] = row.number
    for row in rows:
        if row.problems:
            row.status = Status.PROBLEM
        elif row.email.casefold() in register.taken:
            row.status = Status.EXISTING
        else:
            row.status = Status.NEW
    return rows


def _row(number: int, cells: dict[str, str], headings: dict[str, str], register: Register) -> Row:
    row = Row(number, job_title=cells.get("job_title", "")[:200])
    for name in REQUIRED:
        if not cells.get(name):
            row.problem(_("Row %(row)s: %(column)s is missing"), column=headings[name])
    row.name = cells.get("name", "")
    if len(row.name) > 300:
        row.problem(
            _("Row %(row)s: %(column)s is longer than %(max)s characters"), column=headings["name"], max=300
        )
    if email := cells.get("email", ""):
        try:
            validate_email(email)
        except ValidationError:
            row.problem(
                _("Row %(row)s: %(column)s »%(value)s« is not valid"), column=headings["email"], value=email
            )
        else:
            row.email = email
    if role := cells.get("role", ""):
        if _key(role) in register.roles:
            row.role = register.roles[_key(role)]
        else:
            row.problem(
                _(
                    "Row %(row)s: Unknown role »%(value)s«; write Frivilligkoordinator, Sekretariat, "
                    "Styregruppe or Administrator"
                ),
                value=role,
            )
    for name in [part.strip() for part in cells.get("units", "").split(",") if part.strip()]:
        if _key(name) in register.open_units:
            unit = register.open_units[_key(name)]
            if unit not in row.units:
                row.units.append(unit)
        elif _key(name) in register.closed_units:
            row.problem(_("Row %(row)s: The unit »%(value)s« is closed"), value=name)
        else:
            row.problem(_("Row %(row)s: Unknown unit »%(value)s«"), value=name)
    named_units = [part.strip() for part in cells.get("units", "").split(",") if part.strip()]
    if row.role == Role.COORDINATOR and not named_units:
        row.problem(_("Row %(row)s: A volunteer coordinator must belong to at least one unit"))
    return row


def apply(rows: list[Row], organisation: Organisation, invited_by: User | None) -> Counter[Status]:
    """Invite the people of the rows to be invited; the number of rows per Status. Call it inside
    transaction.atomic (the e-mails are queued once it has committed)."""
    for row in rows:
        if row.status == Status.NEW:
            invitations.invite(
                organisation, row.email, row.name, row.role, row.units, invited_by, job_title=row.job_title
            )
    return Counter(row.status for row in rows)
