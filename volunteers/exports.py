"""Exports of a list to .xlsx and .csv: the same columns (core.lists.Column) as the list shows.

The .xlsx has one sheet named after its content, a bold, frozen header row and dates as date cells. The
.csv is written for Danish Excel: UTF-8 with a byte order mark, ";" between the fields and dates as
ISO dates (2026-12-04), which a spreadsheet reads as dates in any language.
"""

import csv
import re
from datetime import date

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell that starts like a formula would be run by the spreadsheet; phone numbers ("+45 ...") are data.
FORMULA_START = re.compile(r"^[=@\t\r]|^[+-](?![\d\s()-]+$)")


DATE_CELL_FORMAT = "DD-MM-YYYY"


def export_response(fmt, columns, objects, filename, title):
    """An attachment with one header row of the columns' labels and one row per object; `title` names
    the spreadsheet's sheet (at most 31 characters, Excel's limit)."""
    if fmt == "xlsx":
        return _xlsx(columns, objects, filename, str(title)[:31])
    return _csv(columns, objects, filename)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    value = str(value)
    return f"'{value}" if FORMULA_START.match(value) else value


def _xlsx(columns, objects, filename, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for obj in objects:
        row = []
        for column in columns:
            value = column.value(obj)
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_CELL_FORMAT
            else:
                # Always text: openpyxl would otherwise store "=..." as a formula.
                cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
                cell.data_type = "s"
            row.append(cell)
        sheet.append(row)
    response = HttpResponse(content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    workbook.save(response)
    return response


def _csv(columns, objects, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(column.label) for column in columns])
    for obj in objects:
        writer.writerow([_text(column.value(obj)) for column in columns])
    return response
