"""Reading an upload into a Table: which file it is, its limits, and which of its columns are ours.

In the request, check_upload() looks only at what costs nothing (size, name, first bytes); the worker
reads the file with read_table(), an .xlsx after archive.check_archive() has passed it.
"""

import csv
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .archive import MAX_CELLS, MAX_COLUMNS, check_archive, too_many_cells, too_many_columns
from .errors import ImportFileError, not_a_table

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
#: This many empty rows in a row end the table (Excel keeps formatted empty rows in its files).
MAX_BLANK_RUN = 1000
#: .txt: what Excel names a tab-separated text file.
EXTENSIONS = (".xlsx", ".csv", ".txt")

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls), and password-protected workbooks
# Control characters that text files do not hold: binary content (an image, a PDF, ...).
BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
#: The worker's own limits (core.limits' memory ceiling, the task's time limit) as they interrupt
#: reading: passed on, never taken for a fault in the file.
WORKER_LIMITS = (MemoryError, SoftTimeLimitExceeded)

#: A row of the file as its cells' values (an .xlsx gives numbers and dates, a .csv text).
Cells = Sequence[object]


@dataclass(frozen=True)
class Column:
    field: str
    headings: tuple[str, ...]  # the template's (Danish) heading first, then the accepted alternatives
    hint: str | Promise = ""


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


def _heading_key(text: str) -> str:
    return re.sub(r"[\s\-_.*:]", "", text).casefold()


def _volunteers_missing(headings: dict[str, str]) -> list[str]:
    """The fields of the columns a volunteer file lacks: the start date, and names in one way or the other."""
    required = ["start_date"]
    if names_in_one_column(headings) and "name" not in headings:
        required = ["first_name", "last_name", "start_date"]
    return [name for name in required if name not in headings]


@dataclass(frozen=True)
class Layout:
    """What kind of table a file holds: its columns, which of them it cannot do without (given the
    headings it has), and what to say when it has headings but no rows. The volunteer import's is
    VOLUNTEERS; another import (accounts.importing: users) reads its files with a layout of its own."""

    columns: Sequence[Column]
    missing: Callable[[dict[str, str]], list[str]]
    no_rows: str | Promise

    @cached_property
    def _fields(self) -> dict[str, str]:
        return {_heading_key(h): column.field for column in self.columns for h in column.headings}

    def field(self, heading: str) -> str | None:
        """The field of the column a heading names, if any: case, spaces and -_.*: do not count."""
        return self._fields.get(_heading_key(heading))


VOLUNTEERS = Layout(
    COLUMNS, _volunteers_missing, gettext_lazy("The file has column headings but no volunteers.")
)


@dataclass
class Table:
    """A file's volunteers as text. JSON-serialisable (with dataclasses.asdict), for the session."""

    headings: dict[str, str]  # field -> the heading as the file writes it
    ignored: list[str]  # headings of columns that are not imported
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, {field: text}) for each non-empty row

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> "Table":
        """The table that asdict() put in the session (where JSON made its row pairs lists)."""
        rows = [(number, cells) for number, cells in data["rows"]]
        return cls(headings=data["headings"], ignored=data["ignored"], rows=rows)


def check_upload(upload: UploadedFile) -> None:
    """ImportFileError if the upload is plainly no file to import, told from its size, name and first
    bytes alone: the request never reads it further (the worker does, with read_table)."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _too_large()
    extension = os.path.splitext(upload.name or "")[1].lower()
    start = _start(upload)
    if start == OLE_MAGIC or extension == ".xls":
        raise _old_excel()
    if extension not in EXTENSIONS:
        raise ImportFileError(_("Choose an Excel workbook (.xlsx) or a CSV file (.csv)."))
    if extension == ".xlsx" and start != ZIP_MAGIC:
        raise not_a_table()


def read_table(file: "File[bytes]", layout: Layout = VOLUNTEERS) -> Table:
    """The table in a stored .xlsx or .csv file, recognised by its content, not its name."""
    if not file.size:
        raise ImportFileError(_("The file is empty."))
    if file.size > MAX_BYTES:
        raise _too_large()
    start = _start(file)
    if start == ZIP_MAGIC:
        rows = _xlsx_rows(file)
    elif start == OLE_MAGIC:
        raise _old_excel()
    else:
        rows = _csv_rows(file.read())
    return _table(rows, layout)


def _start(file: "File[bytes]") -> bytes:
    file.seek(0)
    start: bytes = file.read(len(ZIP_MAGIC))
    file.seek(0)
    return start


def names_in_one_column(headings: dict[str, str]) -> bool:
    """Whether names come from a Navn column, split in two (when first and last name do not both have one)."""
    return not ("first_name" in headings and "last_name" in headings)


def _too_large() -> ImportFileError:
    return ImportFileError(_("The file is larger than 5 MB. Split it into smaller files."))


def _old_excel() -> ImportFileError:
    return ImportFileError(
        _("The file is in the old Excel format (.xls). Save it as an Excel workbook (.xlsx) and try again.")
    )


def _xlsx_rows(file: "File[bytes]") -> list[Cells]:
    from openpyxl import load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    check_archive(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except WORKER_LIMITS:
        raise
    except Exception:  # openpyxl fails in many ways on what is not a workbook
        raise not_a_table() from None
    try:
        sheet = workbook.active
        if not isinstance(sheet, ReadOnlyWorksheet):  # a chart sheet, or none
            raise not_a_table()
        # The size the sheet declares may be any: rows would be padded to it.
        sheet.reset_dimensions()
        return list(_bounded(sheet.iter_rows(values_only=True)))
    except (ImportFileError, *WORKER_LIMITS):
        raise
    except Exception:
        raise not_a_table() from None
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[Cells]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # what Danish Excel on Windows saves as "CSV"
        except UnicodeDecodeError:
            raise not_a_table() from None
    if BINARY.search(text):
        raise not_a_table()
    # The heading row decides: headings seldom hold a separator, data (addresses) often does.
    heading_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max([";", ",", "\t"], key=heading_line.count)
    try:
        return list(_bounded(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error:
        raise not_a_table() from None


def _bounded(rows: Iterable[Cells]) -> Iterator[Cells]:
    """The rows up to the end of the table (a long run of empty rows); an error beyond MAX_ROWS rows,
    MAX_COLUMNS columns or MAX_CELLS cells (empty ones included: what was read)."""
    filled = blank_run = cells = 0
    for row in rows:
        cells += len(row)
        if cells > MAX_CELLS:
            raise too_many_cells()
        texts = [_cell_text(value) for value in row]
        if any(texts):
            if max(index for index, text in enumerate(texts, start=1) if text) > MAX_COLUMNS:
                raise too_many_columns()
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


def _cell_text(value: object) -> str:
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


def _table(rows: list[Cells], layout: Layout) -> Table:
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(map(_cell_text, row))]
    if not numbered:
        raise ImportFileError(_("The file is empty."))
    (_number, heading_row), data = numbered[0], numbered[1:]
    headings: dict[str, str] = {}
    ignored: list[str] = []
    positions: dict[str, int] = {}
    for position, cell in enumerate(heading_row):
        heading = _cell_text(cell)
        name = layout.field(heading)
        if name is None:
            if heading:
                ignored.append(heading)
        elif name in headings:
            raise ImportFileError(_("The column %(column)s appears twice.") % {"column": heading})
        else:
            headings[name], positions[name] = heading, position
    if not headings:
        raise not_a_table()
    first_headings = {column.field: column.headings[0] for column in layout.columns}
    missing = [first_headings[name] for name in layout.missing(headings)]
    if missing:
        raise ImportFileError(_("The file has no column %(columns)s.") % {"columns": ", ".join(missing)})
    if not data:
        raise ImportFileError(str(layout.no_rows))
    table_rows = []
    for number, row in data:
        cells = {name: _cell_text(row[index]) for name, index in positions.items() if index < len(row)}
        table_rows.append((number, {name: text for name, text in cells.items() if text}))
    return Table(headings=headings, ignored=ignored, rows=table_rows)
