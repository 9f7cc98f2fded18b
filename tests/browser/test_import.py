"""A coordinator imports an Excel list of volunteers in a real browser, each page checked with axe-core.

Texts are located by structure (input names, ids, row ids) or by the data's own Danish names; the one
interface text asserted is matched in Danish or English, so the test holds before and after the
Danish translation of the import's messages.
"""

import re
import zipfile
from datetime import date
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.browser.demo_login import log_in
from volunteers.models import Activity, Import, Organisation, Volunteer
from volunteers.tasks import read_volunteer_import

pytestmark = pytest.mark.browser

HEADINGS = [
    "Fornavn",
    "Efternavn",
    "E-mail",
    "Fødselsår",
    "Køn",
    "Aktiviteter",
    "Startdato",
    "Tavshedserklæring",
]
ROWS = [
    ["Inger", "Søndergaard", "inger.s@example.dk", 1952, "kvinde", "Besøgsven", date(2019, 3, 1),
     date(2019, 3, 1)],
    ["Poul", "Bækgaard", "poul.b@example.dk", 1948, "mand", "Besøgsven", "15-08-2021", "15-08-2021"],
    ["Åse", "Løvenhjelm", None, 1960, None, "Besøgsven", "01.02.2022", None],
    ["Jørgen", "Ravn", "jorgen.r@example.dk", 1955, "mand", "Lektiehjælp", "01-09-2023", None],
    ["Birthe", "Ulriksen", "birthe.u@example.dk", 1971, "kvinde", None, "2024-01-08", "2024-01-08"],
]  # fmt: skip


def test_coordinator_imports_an_excel_list(
    page, live_server, demo_data, assert_accessible, tmp_path, screenshot_dir
):
    midt = Organisation.objects.get(name="Region Midtjylland")
    Activity.objects.get_or_create(organisation=midt, name="Besøgsven")
    before = Volunteer.objects.filter(organisation=midt).count()
    workbook = Workbook()
    workbook.active.append(HEADINGS)
    for row in ROWS:
        workbook.active.append(row)
    excel = tmp_path / "frivillige-horsens.xlsx"
    workbook.save(excel)
    not_excel = tmp_path / "billede.xlsx"
    not_excel.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    # A workbook whose sheet declares entities (what an XML bomb needs): only the worker can tell.
    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(excel) as source, zipfile.ZipFile(bomb, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "a">]><worksheet', 1)
            target.writestr(name, content)

    log_in(page, live_server, "koordinator.midt")

    page.goto(f"{live_server.url}{reverse('volunteers:volunteer_import')}")
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page)

    # A file that is no spreadsheet: refused with a message, the chosen unit kept.
    unit = page.locator("main select[name=unit]")
    unit.select_option(label="Regionshospital Horsens")
    page.locator("main input[name=file]").set_input_files(str(not_excel))
    page.locator("main form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator('a[href="#id_file"]')).to_have_count(1)
    expect(unit.locator("option:checked")).to_have_text("Regionshospital Horsens")
    assert_accessible(page)

    # The request only stores the file; the worker reads it (here: when the test says so), and the
    # waiting page reloads itself until the preview is there.
    with mock.patch.object(read_volunteer_import, "delay") as queued:
        page.locator("main input[name=file]").set_input_files(str(excel))
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/frivillige/import/\d+/$"))
        expect(page.locator("main [role=status]")).to_contain_text(re.compile("Filen bliver læst|being read"))
        assert_accessible(page)
    [(import_id,)] = [call.args for call in queued.call_args_list]
    read_volunteer_import(import_id)
    expect(page.locator("main h1")).to_be_visible()
    rows = page.locator("main table.import-rows tbody tr")
    expect(rows).to_have_count(5)
    problem = page.locator("#row-5")
    expect(problem).to_contain_text("Jørgen Ravn")
    expect(problem).to_contain_text(
        re.compile(r"(Række|Row) 5: (Ukendt aktivitet|Unknown activity) »Lektiehjælp«")
    )
    expect(page.locator("#row-2")).to_contain_text("Regionshospital Horsens")
    assert Volunteer.objects.filter(organisation=midt).count() == before  # nothing stored yet
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "import_preview.png"), full_page=True)

    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('volunteers:volunteer_list')}")
    success = page.locator("main .messages .alert-success")
    expect(success).to_contain_text(re.compile(r"4 \D+, 0 \D+, 0 \D+, 1 \D+"))
    assert_accessible(page)
    assert Volunteer.objects.filter(organisation=midt).count() == before + 4
    poul = Volunteer.objects.get(organisation=midt, email="poul.b@example.dk")
    assert (poul.unit.name, poul.start_date) == ("Regionshospital Horsens", date(2021, 8, 15))
    assert not Volunteer.objects.filter(organisation=midt, email="jorgen.r@example.dk").exists()

    # The worker refuses what the request could not tell; the waiting page says why.
    page.goto(f"{live_server.url}{reverse('volunteers:volunteer_import')}")
    unit.select_option(label="Regionshospital Horsens")
    with mock.patch.object(read_volunteer_import, "delay", read_volunteer_import):
        page.locator("main input[name=file]").set_input_files(str(bomb))
        page.locator("main form button[type=submit]").click()
        expect(page.locator("main .import-failed")).to_contain_text(re.compile(r"\(DTD\)"))
    assert Import.objects.get(file_name="bombe.xlsx").status == Import.Status.FAILED
    assert_accessible(page)
