"""What the dashboard shows, as a workbook (.xlsx: one sheet per table) and as .csv (the matrix, one row
per unit and period). Danish like the PDFs, whatever the reader's language; the CSV is UTF-8 with a BOM
and semicolons, so that Danish Excel opens æ, ø and å and splits the columns."""

import csv
import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .dashboard import ACTION_STATUSES, action_status_label

DATE_FORMAT = "DD-MM-YYYY"


def _yes_no(value):
    return _("Yes") if value else _("No")


def _cell_text(cell):
    # Plain text (no symbol), so that a spreadsheet sorts and filters by it.
    return f"{cell.label} ({_('late')})" if cell.late else str(cell.label)


def matrix_rows(figures):
    """One row per unit and period: (unit, period, from, to, deadline, status, late, submitted)."""
    for row in figures.rows:
        for cell in row.cells:
            period = cell.period
            yield [
                row.unit.name,
                str(period),
                period.starts_on,
                period.ends_on,
                period.deadline,
                str(cell.label),
                _yes_no(cell.late),
                cell.submitted_on,
            ]


def matrix_headers():
    return [_("Unit"), _("Period"), _("From"), _("To"), _("Deadline"), _("Status"), _("Late"), _("Submitted")]


def csv_bytes(figures):
    with translation.override(settings.LANGUAGE_CODE):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(matrix_headers())
        for values in matrix_rows(figures):
            writer.writerow(
                [value.strftime("%d-%m-%Y") if hasattr(value, "strftime") else value for value in values]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(figures):
    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook()
        _matrix_sheet(workbook.active, figures)
        _sheet(workbook.create_sheet(), _("Status reports"), matrix_headers(), matrix_rows(figures))
        _progress_sheet(workbook.create_sheet(), figures)
        _targets_sheet(workbook.create_sheet(), figures)
        _trend_sheet(workbook.create_sheet(), figures)
        out = io.BytesIO()
        workbook.save(out)
    return out.getvalue()


def _sheet(sheet, title, headers, rows):
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, values in enumerate(rows, start=2):
        sheet.append(values)
        for column, value in enumerate(values, start=1):
            if hasattr(value, "strftime"):  # (sheet.max_row would count every row, every time)
                sheet.cell(row_number, column).number_format = DATE_FORMAT
    sheet.freeze_panes = "B2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(45, len(str(header)) + 4))
    sheet.column_dimensions["A"].width = 40
    return sheet


def _matrix_sheet(sheet, figures):
    """The matrix as on the page: units down, half years across."""
    headers = [_("Unit"), *[str(period) for period in figures.periods]]
    rows = ([row.unit.name, *[_cell_text(cell) for cell in row.cells]] for row in figures.rows)
    _sheet(sheet, _("Matrix"), headers, rows)


def _status_headers():
    return [str(action_status_label(status)) for status in ACTION_STATUSES]


def _progress_sheet(sheet, figures):
    period = str(figures.latest_period) if figures.latest_period else ""
    headers = [_("Focus area"), _("Period"), *_status_headers(), _("Actions in all")]
    headers += [f"{label} (%)" for label in _status_headers()]
    rows = (
        [
            f"{row.focus_area.position}. {row.focus_area.title}",
            period,
            *[share.count for share in row.shares],
            row.total,
            *[share.percent for share in row.shares],
        ]
        for row in figures.progress
    )
    _sheet(sheet, _("Focus areas"), headers, rows)


def _targets_sheet(sheet, figures):
    headers = [
        _("Focus area"),
        _("Effect target"),
        _("Unit of measure"),
        _("Period"),
        _("Baseline"),
        _("Target"),
        _("Actual"),
        _("How the units' values combine"),
        _("Units reporting"),
    ]
    rows = (
        [
            figures_row.target.focus_area.title,
            figures_row.target.indicator,
            figures_row.target.unit,
            str(measurement.period),
            figures_row.target.baseline,
            figures_row.target.target,
            measurement.actual,
            measurement.method,
            measurement.units,
        ]
        for figures_row in figures.targets
        for measurement in figures_row.measurements
    )
    _sheet(sheet, _("Effect targets"), headers, rows)


def _trend_sheet(sheet, figures):
    headers = [_("Period"), *_status_headers(), _("Actions in all"), _("Reports handed in")]
    rows = (
        [str(point.period), *[share.count for share in point.shares], point.total, point.reports]
        for point in figures.trend
    )
    _sheet(sheet, _("Development"), headers, rows)
