"""An administrator invites many people from an Excel file in a real browser (issue 13): upload, the
preview with each row's problems, confirmation; each page checked with axe-core."""

import re

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.browser.test_every_page import log_in
from volunteers.models import Role, User

pytestmark = pytest.mark.browser


def test_an_administrator_invites_many_from_a_file(
    page, context, live_server, transactional_db, region, assert_accessible, tmp_path, eager_celery
):
    # The worker reads the file at once here (a real one takes a moment; the waiting page reloads itself).
    workbook = Workbook()
    workbook.active.append(["Navn", "E-mail", "Rolle", "Enheder"])
    workbook.active.append(["Lise Holt", "lise.holt@rsyd.dk", "Frivilligkoordinator", region.hospital.name])
    workbook.active.append(["Mads Bo", "mads.bo@rsyd.dk", "Chef", ""])
    workbook.active.append(["Nina Lund", "nina.lund@rsyd.dk", "Sekretariat", ""])
    excel = tmp_path / "brugere.xlsx"
    workbook.save(excel)
    log_in(context, live_server, region.users[Role.ADMINISTRATOR])

    page.goto(f"{live_server.url}{reverse('administration:user_import')}")
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page)
    page.locator("main input[name=file]").set_input_files(str(excel))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/administration/brugere/import/[\w-]+/$"))
    expect(page.locator("main table.import-rows tbody tr")).to_have_count(3)
    expect(page.locator("#row-3")).to_contain_text(
        re.compile(r"(Række|Row) 3: (Ukendt rolle|Unknown role) »Chef«")
    )
    assert not User.objects.filter(email="lise.holt@rsyd.dk").exists()  # nothing stored yet
    assert_accessible(page)

    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('administration:user_list')}")
    expect(page.locator("main .messages .alert-success")).to_be_visible()
    assert_accessible(page)
    assert set(
        User.objects.filter(email__in=["lise.holt@rsyd.dk", "nina.lund@rsyd.dk"]).values_list(
            "role", flat=True
        )
    ) == {Role.COORDINATOR, Role.SECRETARIAT}
    assert not User.objects.filter(email="mads.bo@rsyd.dk").exists()

    lise = User.objects.get(email="lise.holt@rsyd.dk")
    page.goto(f"{live_server.url}{reverse('administration:user_detail', args=[lise.pk])}")
    expect(page.locator("main h1")).to_have_text("Lise Holt")
    assert_accessible(page)
