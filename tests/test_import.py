"""Import of volunteers from .xlsx and .csv: preview without storing, confirm, idempotency, bad files.

The worker reads the uploaded file (tests/test_import_limits.py covers its limits); here the tasks run
at once when the upload's request commits (the `committing` fixture), so the upload's redirect leads
straight to the preview.

The interface is pinned to English (the gettext source strings), so that the exact messages asserted
here hold before and after the Danish translation; test_problems_read_in_danish checks the Danish.
"""

import csv
import io
import zipfile
from datetime import date

import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from tests.factories import checks_due_on_out_of_step
from volunteers import importing
from volunteers.importing.check import _parse_date
from volunteers.models import Import, Unit, Volunteer, VolunteerOrganisation

IMPORT_URL = reverse("volunteers:volunteer_import")
HEADINGS = [
    "Fornavn",
    "Efternavn",
    "E-mail",
    "Telefon",
    "Fødselsår",
    "Køn",
    "Forening",
    "Aktiviteter",
    "Startdato",
    "Slutdato",
    "Tavshedserklæring",
]
ROWS = [
    ["Søren", "Ærbø", "soren@example.dk", "20 30 40 50", 1961, "mand", "Dansk Røde Kors", "Besøgsven",
     date(2020, 8, 18), None, date(2020, 9, 1)],
    ["Åse", "Østergård", None, None, 1975, "Kvinde", None, "besøgsven; Legestue på børneafdelingen",
     "04-01-2021", "31/12/2030", None],
    ["Mette", "Lund", "Mette@Example.dk", "+45 11 22 33 44", None, None, None, None,
     "2019-05-01", None, "01.06.2019"],
]  # fmt: skip


def xlsx(rows, headings=HEADINGS):
    workbook = Workbook()
    workbook.active.append(headings)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def text(value):
    return value.strftime("%d-%m-%Y") if isinstance(value, date) else "" if value is None else str(value)


def csv_file(rows, headings=HEADINGS, delimiter=";", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headings)
    writer.writerows([text(value) for value in row] for row in rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def coordinator(client, region, committing):
    client.force_login(region.users["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return committing(client)


def upload(client, content, unit, name="frivillige.xlsx"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content), "unit": unit.pk})


def preview_url(response):
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def upload_for_preview(client, content, unit, name="frivillige.xlsx"):
    url = preview_url(upload(client, content, unit, name))
    return url, client.get(url)


def confirm(client, url):
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("volunteers:volunteer_list")
    return response


def summary(response):
    return {status.value: count for status, count in response.context["counts"]}


def success_message(response):
    return [str(message) for message in response.context["messages"]]


# --- happy paths ---------------------------------------------------------------------------------


def test_xlsx_preview_stores_nothing_until_confirmed(coordinator, region):
    before = Volunteer.objects.count()

    url, response = upload_for_preview(coordinator, xlsx(ROWS), region.hospital)

    assert Volunteer.objects.count() == before
    assert summary(response) == {"new": 3, "update": 0, "unchanged": 0, "problem": 0}
    page = response.content.decode()
    assert "Søren Ærbø" in page and "Åse Østergård" in page
    assert "frivillige.xlsx" in page

    response = confirm(coordinator, url)

    assert success_message(response) == ["3 volunteers created, 0 updated, 0 unchanged, 0 rows skipped"]
    assert Volunteer.objects.count() == before + 3
    soren = Volunteer.objects.get(email="soren@example.dk")
    assert (soren.first_name, soren.last_name, soren.phone) == ("Søren", "Ærbø", "20 30 40 50")
    assert (soren.birth_year, soren.gender) == (1961, Volunteer.Gender.MALE)
    assert soren.organisation == region.organisation and soren.unit == region.hospital
    assert soren.affiliation == region.volunteer_organisation
    assert list(soren.activities.all()) == [region.activity]
    assert list(soren.active_units.all()) == [region.hospital]
    assert (soren.start_date, soren.end_date) == (date(2020, 8, 18), None)
    assert soren.confidentiality_signed_on == date(2020, 9, 1)
    ase = Volunteer.objects.get(first_name="Åse")
    assert (ase.gender, ase.start_date, ase.end_date) == ("female", date(2021, 1, 4), date(2030, 12, 31))
    assert set(ase.activities.all()) == {region.activity, region.child_activity}
    mette = Volunteer.objects.get(first_name="Mette")
    assert mette.confidentiality_signed_on == date(2019, 6, 1) and mette.birth_year is None
    # Bulk writes skip Volunteer.save(): the import keeps the derived checks_due_on in step itself.
    assert checks_due_on_out_of_step(Volunteer.objects.all()) == []
    assert set(Volunteer.objects.missing_checks().filter(first_name__in=["Søren", "Åse", "Mette"])) == {ase}
    # Done once: the page says so, and confirming again imports nothing twice.
    upload = Import.objects.get()
    assert (upload.status, upload.table, upload.file.name) == ("imported", None, "")
    assert "The file has been imported." in coordinator.get(url).content.decode()
    again = coordinator.post(url, follow=True)
    assert success_message(again) == ["This file has been imported already; nothing was imported twice."]
    assert Volunteer.objects.count() == before + 3


def test_csv_utf8_with_bom_and_semicolons(coordinator, region):
    url, response = upload_for_preview(coordinator, csv_file(ROWS), region.hospital, "frivillige.csv")
    assert summary(response)["new"] == 3
    confirm(coordinator, url)
    assert Volunteer.objects.filter(first_name="Søren", last_name="Ærbø", birth_year=1961).exists()
    assert Volunteer.objects.get(first_name="Åse").activities.count() == 2


def test_csv_cp1252_with_commas(coordinator, region):
    rows = [[value for value in row] for row in ROWS]
    rows[1][7] = "Besøgsven"  # a comma would split the cell: the separator is ","
    content = csv_file(rows, delimiter=",", encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")

    url, response = upload_for_preview(coordinator, content, region.hospital, "frivillige.csv")

    assert summary(response)["new"] == 3
    confirm(coordinator, url)
    assert Volunteer.objects.get(email="soren@example.dk").last_name == "Ærbø"
    assert Volunteer.objects.filter(last_name="Østergård").count() == 1


def test_tab_separated_csv_with_english_headings(coordinator, region):
    headings = [" first NAME ", "Last name", "EMAIL", "Start Date", "Activities", "Colour"]
    rows = [["Bo", "Berg", "bo@example.dk", "2020-01-01", "Besøgsven", "blå"]]
    url, response = upload_for_preview(
        coordinator, csv_file(rows, headings, delimiter="\t"), region.hospital, "liste.txt"
    )
    assert summary(response)["new"] == 1
    assert "Columns that are not imported: Colour" in response.content.decode()
    confirm(coordinator, url)
    assert Volunteer.objects.get(email="bo@example.dk").activities.get() == region.activity


def test_a_single_name_column_is_split_at_the_last_space(coordinator, region):
    rows = [["Anna Marie Holm", "01-02-2020"], ["Cher", "01-02-2020"]]
    url, response = upload_for_preview(coordinator, xlsx(rows, ["Navn", "Startdato"]), region.hospital)
    assert response.context["listing"].page.object_list[1].problems == [
        "Row 3: Navn »Cher« needs both a first and a last name"
    ]
    confirm(coordinator, url)
    assert Volunteer.objects.filter(first_name="Anna Marie", last_name="Holm").count() == 1


# --- idempotency and matching --------------------------------------------------------------------


def test_the_same_file_twice_creates_no_duplicates(coordinator, region):
    content = xlsx(ROWS)
    url, _response = upload_for_preview(coordinator, content, region.hospital)
    confirm(coordinator, url)
    count = Volunteer.objects.count()

    url, response = upload_for_preview(coordinator, content, region.hospital)

    assert summary(response) == {"new": 0, "update": 0, "unchanged": 3, "problem": 0}
    response = confirm(coordinator, url)
    assert success_message(response) == ["0 volunteers created, 0 updated, 3 unchanged, 0 rows skipped"]
    assert Volunteer.objects.count() == count


def test_a_changed_row_updates_the_registered_volunteer(coordinator, region):
    karen = region.volunteer
    karen.active_units.add(region.hospital)
    headings = ["Fornavn", "Efternavn", "E-mail", "Telefon", "Startdato", "Aktiviteter"]
    row = ["Karen", "Holm", karen.email.upper(), "44 55 66 77", "01-03-2022", "Besøgsven"]
    count = Volunteer.objects.count()

    url, response = upload_for_preview(coordinator, xlsx([row], headings), region.hospital)

    assert summary(response) == {"new": 0, "update": 1, "unchanged": 0, "problem": 0}
    assert response.context["listing"].page.object_list[0].change_labels == ["Phone"]
    assert "Changes: Phone" in response.content.decode()
    karen.refresh_from_db()
    assert karen.phone == ""  # not yet

    response = confirm(coordinator, url)

    assert success_message(response) == ["0 volunteers created, 1 updated, 0 unchanged, 0 rows skipped"]
    karen.refresh_from_db()
    assert karen.phone == "44 55 66 77"
    assert karen.email == "karen.holm.syd@example.org"  # matched regardless of case, kept as it was
    assert karen.affiliation == region.volunteer_organisation  # an absent column changes nothing
    assert Volunteer.objects.count() == count
    assert checks_due_on_out_of_step(Volunteer.objects.all()) == []


def test_a_row_without_email_matches_by_name_year_and_unit(coordinator, region):
    karen = region.volunteer
    karen.birth_year = 1956
    karen.save()
    headings = ["Fornavn", "Efternavn", "Fødselsår", "Startdato", "Slutdato", "Aktiviteter"]
    # Names are compared as people read them: upper and lower case and spacing do not count.
    row = [" karen ", "HOLM", 1956, "01-03-2022", "31-12-2030", "Legestue på børneafdelingen"]

    url, response = upload_for_preview(coordinator, xlsx([row], headings), region.hospital)

    assert response.context["listing"].page.object_list[0].change_labels == [
        "End date",
        "Activities",
        "Active at",
    ]
    confirm(coordinator, url)
    karen.refresh_from_db()
    assert karen.end_date == date(2030, 12, 31) and karen.first_name == "Karen"
    assert list(karen.activities.all()) == [region.child_activity]
    assert list(karen.active_units.all()) == [region.hospital]


def test_the_preview_is_checked_again_when_confirmed(coordinator, region):
    row = ["Ny", "Frivillig", "ny@example.dk", None, None, None, None, None, "01-01-2024", None, None]
    url, response = upload_for_preview(coordinator, xlsx([row]), region.hospital)
    assert summary(response)["new"] == 1
    # Meanwhile a colleague registers the same person by hand.
    Volunteer.objects.create(
        organisation=region.organisation,
        unit=region.hospital,
        first_name="Ny",
        last_name="Frivillig",
        email="ny@example.dk",
        start_date=date(2023, 1, 1),
    )

    response = confirm(coordinator, url)

    assert success_message(response) == ["0 volunteers created, 1 updated, 0 unchanged, 0 rows skipped"]
    assert Volunteer.objects.get(email="ny@example.dk").start_date == date(2024, 1, 1)


def test_eget_korps_is_the_units_own_corps(coordinator, region):
    corps = VolunteerOrganisation.objects.create(
        organisation=region.organisation, name="Hospitalets frivilligkorps", kind="own_corps"
    )
    corps.units.add(region.hospital)
    rows = [["Lone", "Dal", region.department.name, "Eget korps", "01-01-2024"]]
    url, _response = upload_for_preview(
        coordinator, xlsx(rows, ["Fornavn", "Efternavn", "Enhed", "Forening", "Startdato"]), region.hospital
    )
    confirm(coordinator, url)
    lone = Volunteer.objects.get(first_name="Lone")
    assert (lone.unit, lone.affiliation) == (region.department, corps)  # the corps of the unit above


# --- broken files --------------------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
NOT_A_TABLE = (
    "The file is neither an Excel workbook (.xlsx) nor a CSV file with the template's column headings."
)


def _zip_without_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content, name, message",
    [
        pytest.param(PNG, "frivillige.xlsx", NOT_A_TABLE, id="png-named-xlsx"),
        pytest.param(
            "Kære koordinator\nHer er listen, som lovet.\n".encode(),
            "frivillige.xlsx",
            NOT_A_TABLE,
            id="text-named-xlsx",
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
            "frivillige.xlsx",
            "The file is in the old Excel format (.xls). Save it as an Excel workbook (.xlsx) and try again.",
            id="old-xls",
        ),
        pytest.param(
            xlsx(ROWS),
            "frivillige.xls",
            "The file is in the old Excel format (.xls). Save it as an Excel workbook (.xlsx) and try again.",
            id="named-xls",
        ),
        pytest.param(
            PNG, "billede.png", "Choose an Excel workbook (.xlsx) or a CSV file (.csv).", id="other-extension"
        ),
        pytest.param(
            b"x" * (5 * 1024 * 1024 + 1),
            "frivillige.csv",
            "The file is larger than 5 MB. Split it into smaller files.",
            id="too-large",
        ),
        pytest.param(b"", "frivillige.csv", "The submitted file is empty.", id="empty"),
    ],
)
def test_a_file_plainly_no_table_is_refused_at_once_keeping_the_unit(
    coordinator, region, content, name, message
):
    response = upload(coordinator, content, region.department, name)

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert f'<option value="{region.department.pk}" selected>' in response.content.decode()
    assert not Import.objects.exists()


@pytest.mark.parametrize(
    "content, name, message",
    [
        pytest.param(_zip_without_workbook(), "frivillige.xlsx", NOT_A_TABLE, id="zip-but-no-workbook"),
        pytest.param(b"\r\n;;\r\n", "frivillige.csv", "The file is empty.", id="only-separators"),
        pytest.param(
            csv_file([]),
            "frivillige.csv",
            "The file has column headings but no volunteers.",
            id="headings-only",
        ),
        pytest.param(
            csv_file([["Anna", "01-01-2020"]], ["Fornavn", "Startdato"]),
            "frivillige.csv",
            "The file has no column Efternavn.",
            id="missing-column",
        ),
        pytest.param(
            csv_file([["Anna", "Anna"]], ["Fornavn", "First name"]),
            "frivillige.csv",
            "The column First name appears twice.",
            id="column-twice",
        ),
        pytest.param(
            csv_file(
                [[f"Fornavn{i}", "Efternavn", "01-01-2020"] for i in range(5001)],
                ["Fornavn", "Efternavn", "Startdato"],
            ),
            "frivillige.csv",
            "The file has more than 5,000 rows. Split it into smaller files.",
            id="more-than-5000-rows",
        ),
    ],
)
def test_a_file_the_worker_cannot_read_is_refused_on_the_waiting_page(
    coordinator, region, content, name, message
):
    before = Volunteer.objects.count()

    url, response = upload_for_preview(coordinator, content, region.department, name)

    assert response.status_code == 200
    page = response.content.decode()
    assert "The file cannot be imported." in page and message.replace("'", "&#x27;") in page
    assert f'href="{IMPORT_URL}"' in page  # choose another file
    assert "Refresh" not in response  # nothing more to wait for
    upload = Import.objects.get()
    assert (upload.status, upload.error, upload.table, upload.file.name) == ("failed", message, None, "")
    # Nothing to confirm.
    response = coordinator.post(url, follow=True)
    assert success_message(response) == ["The file is not ready to be imported."]
    assert Volunteer.objects.count() == before


def test_a_unit_outside_the_users_units_cannot_be_chosen(coordinator, region):
    response = upload(coordinator, xlsx(ROWS), region.other_hospital)
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Import.objects.exists()


# --- broken rows ---------------------------------------------------------------------------------

BROKEN_HEADINGS = [*HEADINGS, "Børneattest"]
BROKEN_ROWS = [
    # row 2: fine
    ["Anna", "Berg", "anna@example.dk", None, 1950, None, None, "Besøgsven", "01-01-2020", None, None, None],
    # row 3: no first name; row 4: no start date
    [None, "Dahl", None, None, None, None, None, None, "01-01-2020", None, None, None],
    ["Carl", "Eske", None, None, None, None, None, None, None, None, None, None],
    # row 5: dates that are no dates; row 6: an unknown activity and organisation
    ["Dora", "Falk", None, None, None, None, None, None, "32-13-2020", "18.08.20", None, None],
    ["Ebbe", "Gram", None, None, None, None, "Ukendt Forening", "Besøgsven, Lektiehjælp", "01-01-2020",
     None, None, None],
    # row 7: end before start; row 8: e-mail, year and gender not valid
    ["Finn", "Hald", None, None, None, None, None, None, "01-06-2020", "31-05-2020", None, None],
    ["Gitte", "Ibsen", "x@", None, 1850, "ja", None, None, "01-01-2020", None, None, None],
    # row 9: the same person as row 2; row 10: a declaration in the future, a child check not needed
    ["ANNA", "berg", "anna@example.dk", None, 1950, None, None, None, "01-01-2020", None, None, None],
    ["Hans", "Juul", None, None, None, None, None, "Besøgsven", "01-01-2020", None, "01-01-2099",
     "01-01-2020"],
]  # fmt: skip
BROKEN_PROBLEMS = {
    3: ["Row 3: Fornavn is missing"],
    4: ["Row 4: Startdato is missing"],
    5: [
        "Row 5: Startdato »32-13-2020« is not a date (write e.g. 18-08-2020)",
        "Row 5: Slutdato »18.08.20« is not a date (write e.g. 18-08-2020)",
    ],
    6: ["Row 6: Unknown volunteer organisation »Ukendt Forening«", "Row 6: Unknown activity »Lektiehjælp«"],
    7: ["Row 7: The end date is before the start date"],
    8: [
        "Row 8: E-mail »x@« is not valid",
        f"Row 8: Fødselsår »1850« is not a year between 1900 and {timezone.localdate().year}",
        "Row 8: Køn »ja« is not one of kvinde, mand, andet",
    ],
    9: ["Row 9: The same person as row 2"],
    10: [
        "Row 10: Tavshedserklæring »01-01-2099« is in the future",
        "Row 10: Børneattest is filled in, but none of the activities involves children under 15",
    ],
}


def test_broken_rows_are_listed_with_their_problems_and_skipped(coordinator, region):
    before = Volunteer.objects.count()

    url, response = upload_for_preview(coordinator, xlsx(BROKEN_ROWS, BROKEN_HEADINGS), region.hospital)

    rows = response.context["listing"].page.object_list
    assert {row.number: row.problems for row in rows if row.problems} == BROKEN_PROBLEMS
    assert summary(response) == {"new": 1, "update": 0, "unchanged": 0, "problem": 8}
    page = response.content.decode()
    assert "<li>Row 6: Unknown activity »Lektiehjælp«</li>" in page
    assert "8 rows with problems are skipped." in page
    assert Volunteer.objects.count() == before

    problem_rows = coordinator.get(f"{url}?status=problem").context["listing"].page.object_list
    assert [row.number for row in problem_rows] == [3, 4, 5, 6, 7, 8, 9, 10]

    response = confirm(coordinator, url)
    assert success_message(response) == ["1 volunteer created, 0 updated, 0 unchanged, 8 rows skipped"]
    assert Volunteer.objects.count() == before + 1
    assert Volunteer.objects.filter(email="anna@example.dk").count() == 1


def test_a_row_may_name_only_the_users_own_units(coordinator, region):
    headings = ["Fornavn", "Efternavn", "Enhed", "Startdato"]
    rows = [
        ["Ida", "Krag", region.department.name.upper(), "01-01-2020"],
        ["Jon", "Lind", region.other_hospital.name, "01-01-2020"],
        ["Kim", "Mørk", "Findes Ikke Hospital", "01-01-2020"],
    ]
    url, response = upload_for_preview(coordinator, xlsx(rows, headings), region.hospital)

    assert {row.number: row.problems for row in response.context["listing"].page.object_list} == {
        2: [],
        3: [f"Row 3: »{region.other_hospital.name}« is not one of your units"],
        4: ["Row 4: »Findes Ikke Hospital« is not one of your units"],
    }
    confirm(coordinator, url)
    assert Volunteer.objects.get(first_name="Ida").unit == region.department
    assert not Volunteer.objects.filter(first_name__in=["Jon", "Kim"]).exists()


def test_a_person_registered_at_another_unit_is_a_problem_not_an_update(coordinator, region):
    jens = region.other_volunteer
    jens.email = "jens.berg@example.org"
    jens.save()
    row = ["Jens", "Berg", "jens.berg@example.org", "99 99 99 99", None, None, None, None, "01-05-2023",
           None, None]  # fmt: skip

    url, response = upload_for_preview(coordinator, xlsx([row]), region.hospital)

    assert response.context["listing"].page.object_list[0].problems == [
        "Row 2: The person is already registered at a unit that is not yours"
    ]
    page = response.content.decode()
    assert region.other_hospital.name not in page
    confirm(coordinator, url)
    jens.refresh_from_db()
    assert (jens.phone, jens.unit) == ("", region.other_hospital)


# --- access --------------------------------------------------------------------------------------


def test_another_users_import_does_not_exist(coordinator, region):
    url = preview_url(upload(coordinator, xlsx(ROWS), region.hospital))
    for role in ["coordinator", "secretariat", "administrator"]:
        other = Client()
        user = region.users[role]
        if role == "coordinator":  # a colleague at the same unit
            user = type(user).objects.create_user(
                username="kollega", organisation=region.organisation, role="coordinator"
            )
            user.units.add(region.hospital)
        other.force_login(user)
        assert other.get(url).status_code == 404, role
        assert other.post(url).status_code == 404, role
    assert not Volunteer.objects.filter(email="soren@example.dk").exists()


def test_the_steering_group_cannot_import(client, region):
    client.force_login(region.users["steering_group"])
    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("f.xlsx", xlsx(ROWS)), "unit": region.hospital.pk}
    )
    assert response.status_code == 403
    assert client.get(reverse("volunteers:volunteer_import_template")).status_code == 403
    assert not Volunteer.objects.filter(email="soren@example.dk").exists()


def test_the_upload_page_offers_only_the_users_units(coordinator, region):
    response = coordinator.get(IMPORT_URL)
    assert list(response.context["form"].fields["unit"].queryset) == [region.department, region.hospital]


# --- the template --------------------------------------------------------------------------------


def test_the_template_has_the_danish_headings_and_imports_as_it_is(coordinator, region):
    response = coordinator.get(reverse("volunteers:volunteer_import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "Fornavn", "Efternavn", "E-mail", "Telefon", "Adresse", "Fødselsår", "Køn", "Enhed", "Forening",
        "Aktiviteter", "Startdato", "Slutdato", "Tavshedserklæring", "Børneattest", "Straffeattest",
    ]  # fmt: skip
    assert len(rows) == 2

    url, response = upload_for_preview(coordinator, content, region.department)

    assert summary(response) == {"new": 1, "update": 0, "unchanged": 0, "problem": 0}
    confirm(coordinator, url)
    anna = Volunteer.objects.get(email="anna.jensen@example.dk")
    assert anna.unit == Unit.objects.filter(pk__in=[region.hospital.pk, region.department.pk]).first()
    assert anna.activities.get() == region.activity


# --- plain functions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("18-08-2020", date(2020, 8, 18)),
        ("18.08.2020", date(2020, 8, 18)),
        ("18/8/2020", date(2020, 8, 18)),
        ("2020-08-18", date(2020, 8, 18)),
        ("18-08/2020", None),
        ("31-02-2020", None),
        ("18-08-20", None),
        ("i går", None),
    ],
)
def test_dates(text, expected):
    assert _parse_date(text) == expected


def test_problems_read_in_danish(region):
    catalog = polib.pofile(settings.BASE_DIR / "locale" / "da" / "LC_MESSAGES" / "django.po")
    wanted = {"Row %(row)s: %(column)s is missing", "Row %(row)s: Unknown activity »%(value)s«"}
    if not wanted <= {entry.msgid for entry in catalog.translated_entries()}:
        pytest.skip("awaiting the Danish translation of the import's messages")
    table = importing.read_table(
        SimpleUploadedFile("f.csv", csv_file(BROKEN_ROWS[:4], BROKEN_HEADINGS)),
    )
    register = importing.Register(region.organisation, {region.hospital.pk})
    with translation.override("da"):
        rows = importing.check(table, register, region.hospital.pk)
    problems = [problem for row in rows for problem in row.problems]
    assert "Række 4: Startdato mangler" in problems


# --- queries and time ----------------------------------------------------------------------------


def _many(n, offset=0):
    return [
        [f"Fornavn{i}", f"Efternavn{i}", f"f{i}@example.dk", "20 30 40 50", 1950 + i % 50, "kvinde",
         "Dansk Røde Kors", "Besøgsven", "01-01-2020", None, "01-02-2020"]
        for i in range(offset, offset + n)
    ]  # fmt: skip


def _queries(client, method, url):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url)
    assert response.status_code in {200, 302}
    return len(queries)


def test_queries_do_not_grow_with_the_rows(coordinator, region):
    counts = {}
    for n in (50, 500):
        content = csv_file(_many(n, offset=n))
        url = preview_url(upload(coordinator, content, region.hospital, "f.csv"))
        preview = _queries(coordinator, "get", url)
        created = _queries(coordinator, "post", url)
        # Once more: every row now matches a registered volunteer (loaded with its activities and units).
        url = preview_url(upload(coordinator, content, region.hospital, "f.csv"))
        matched = _queries(coordinator, "get", url)
        counts[n] = (preview, created, matched)
    assert Volunteer.objects.filter(email__startswith="f").count() == 550
    small, large = counts[50], counts[500]
    assert large[0] == small[0] and large[2] == small[2], counts
    assert small[0] <= 20
    # Creating is bulk; only SQLite's limit of 999 parameters per query splits it into more batches.
    assert large[1] - small[1] <= (500 - 50) // 30, counts


def test_names_come_from_navn_unless_first_and_last_name_both_have_a_column(region):
    content = csv_file([["Ann", "Anna Holm", "01-01-2020"]], ["Fornavn", "Navn", "Startdato"])
    table = importing.read_table(SimpleUploadedFile("f.csv", content))
    register = importing.Register(region.organisation, {region.hospital.pk})
    [row] = importing.check(table, register, region.hospital.pk)
    assert (row.values["first_name"], row.values["last_name"], row.problems) == ("Anna", "Holm", [])


def test_the_summary_counts_in_danish(coordinator, region):
    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    url, _response = upload_for_preview(coordinator, xlsx(BROKEN_ROWS, BROKEN_HEADINGS), region.hospital)

    response = confirm(coordinator, url)

    # Not "1 frivillige oprettet": each count agrees with its noun.
    assert success_message(response) == [
        "1 frivillig oprettet, 0 opdateret, 0 uændrede, 8 rækker sprunget over"
    ]
