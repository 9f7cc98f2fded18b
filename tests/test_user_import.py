"""Inviting many from a file (issue 13), through the volunteer import's pipeline: a preview with each
row's problems in Danish, nothing stored until confirmed, and the same file twice invites nobody twice."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts.models import Invitation
from tests.factories import UnitFactory, UserFactory
from volunteers.models import Import, Role, User

HEADINGS = ["Navn", "E-mail", "Rolle", "Enheder", "Stilling"]


def xlsx(rows, headings=HEADINGS):
    workbook = Workbook()
    workbook.active.append(headings)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("brugere.xlsx", buffer.getvalue())


def csv_upload(rows, headings=HEADINGS):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headings)
    writer.writerows(rows)
    return SimpleUploadedFile("brugere.csv", buffer.getvalue().encode("utf-8-sig"))


@pytest.fixture
def admin_client(client, region, committing):
    """An administrator whose requests commit: the worker reads the upload, the invitations are sent."""
    client.force_login(region.users[Role.ADMINISTRATOR])
    return committing(client)


def upload(client, file):
    response = client.post(reverse("administration:user_import"), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


@pytest.fixture
def rows(region):
    closed = UnitFactory(
        organisation=region.organisation, name="Lukket Afsnit", closed_on=timezone.localdate()
    )
    taken = region.users[Role.SECRETARIAT].email
    return [
        ["Anna Jensen", "anna.jensen@rsyd.dk", "Frivilligkoordinator", region.hospital.name, "Leder"],  # 2
        ["Bo Berg", "bo.berg@rsyd.dk", "secretariat", "", ""],  # 3: English code
        ["Cecilie Dam", "cecilie@rsyd.dk", "Styregruppe", "", ""],  # 4
        ["Dorte Ukendt", "dorte@rsyd.dk", "Chef", "", ""],  # 5: unknown role
        ["Erik Enhed", "erik@rsyd.dk", "Frivilligkoordinator", "Ukendt Hospital", ""],  # 6: unknown unit
        ["Frida Lukket", "frida@rsyd.dk", "coordinator", closed.name, ""],  # 7: closed unit
        ["Gert Uden", "gert@rsyd.dk", "Frivilligkoordinator", "", ""],  # 8: coordinator without a unit
        ["Hanne Forkert", "hanne(at)rsyd.dk", "Sekretariat", "", ""],  # 9: bad e-mail
        ["Anna Igen", "ANNA.JENSEN@rsyd.dk", "Sekretariat", "", ""],  # 10: duplicate in the file
        ["Ib Findes", taken, "Sekretariat", "", ""],  # 11: already a user
        [
            "Jonna Flere",
            "jonna@rsyd.dk",
            "Frivilligkoordinator",
            f"{region.hospital.name}, {region.other_hospital.name}",
            "",
        ],  # 12
    ]


def test_the_preview_shows_each_rows_problems_in_danish_and_stores_nothing(admin_client, region, rows):
    users_before = User.objects.count()
    preview = admin_client.get(upload(admin_client, xlsx(rows)))
    assert preview.status_code == 200
    by_number = {row.number: row for row in preview.context["listing"].page}
    assert [by_number[n].status for n in (2, 3, 4, 12)] == ["new"] * 4
    assert by_number[3].role == Role.SECRETARIAT and by_number[4].role == Role.STEERING_GROUP
    assert by_number[12].unit_names == f"{region.hospital.name}, {region.other_hospital.name}"
    problems = {n: by_number[n].problems for n in (5, 6, 7, 8, 9, 10)}
    assert problems == {
        5: [
            "Række 5: Ukendt rolle »Chef«; skriv Frivilligkoordinator, Sekretariat, Styregruppe "
            "eller Administrator"
        ],
        6: ["Række 6: Ukendt enhed »Ukendt Hospital«"],
        7: ["Række 7: Enheden »Lukket Afsnit« er lukket"],
        8: ["Række 8: En frivilligkoordinator skal høre til mindst én enhed"],
        9: ["Række 9: E-mail »hanne(at)rsyd.dk« er ikke gyldig"],
        10: ["Række 10: E-mailadressen ANNA.JENSEN@rsyd.dk står også i række 2"],
    }
    assert by_number[11].status == "existing"
    page = preview.content.decode()
    assert "Springes over: er allerede bruger" in page and "Ingen er inviteret endnu." in page
    assert User.objects.count() == users_before and mail.outbox == []


def test_confirming_invites_the_rows_without_problems_and_the_same_file_twice_nobody_twice(
    admin_client, region, rows
):
    preview_url = upload(admin_client, csv_upload(rows))
    response = admin_client.post(preview_url)
    assert response.status_code == 302 and response.url == reverse("administration:user_list")
    invited = User.objects.filter(invitations__isnull=False).order_by("email")
    assert [user.email for user in invited] == [
        "anna.jensen@rsyd.dk",
        "bo.berg@rsyd.dk",
        "cecilie@rsyd.dk",
        "jonna@rsyd.dk",
    ]
    anna = invited[0]
    assert (anna.role, anna.first_name, anna.last_name, anna.job_title) == (
        Role.COORDINATOR,
        "Anna",
        "Jensen",
        "Leder",
    )
    assert list(anna.units.all()) == [region.hospital]
    assert all(
        user.organisation == region.organisation and not user.has_usable_password() for user in invited
    )
    assert sorted(address for message in mail.outbox for address in message.to) == [
        user.email for user in invited
    ]
    assert Invitation.objects.filter(invited_by=region.users[Role.ADMINISTRATOR]).count() == 4
    # The import is done once: confirming again invites nobody twice, nor does the same file again.
    assert "Filen er importeret." in admin_client.get(preview_url).content.decode()
    admin_client.post(preview_url)
    again = admin_client.get(upload(admin_client, csv_upload(rows)))
    statuses = {row.number: row.status for row in again.context["listing"].page}
    assert [statuses[n] for n in (2, 3, 4, 11, 12)] == ["existing"] * 5
    admin_client.post(again.request["PATH_INFO"])
    assert Invitation.objects.count() == 4 and len(mail.outbox) == 4


def test_a_file_without_the_required_columns_is_refused(admin_client):
    response = admin_client.get(upload(admin_client, csv_upload([["Anna"]], headings=["Navn"])))
    assert response.status_code == 200
    assert "Filen mangler kolonnen E-mail, Rolle." in response.content.decode()
    assert Import.objects.get().status == Import.Status.FAILED


def test_a_volunteer_import_is_not_a_user_import(admin_client, region):
    upload(admin_client, csv_upload([["Anna Jensen", "anna@rsyd.dk", "Sekretariat", "", ""]]))
    upload_pk = Import.objects.get().pk
    Import.objects.filter(pk=upload_pk).update(kind=Import.Kind.VOLUNTEERS, unit=region.hospital)
    url = reverse("administration:user_import_preview", kwargs={"pk": upload_pk})
    assert admin_client.get(url).status_code == 404


def test_another_administrators_preview_does_not_exist(admin_client, client, region, rows):
    url = upload(admin_client, xlsx(rows[:1]))
    colleague = UserFactory(organisation=region.organisation, role=Role.ADMINISTRATOR)
    admin_client.force_login(colleague)
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url).status_code == 404
    assert not User.objects.filter(email="anna.jensen@rsyd.dk").exists()


def test_the_template_has_the_headings_and_the_organisations_unit(admin_client, region):
    response = admin_client.get(reverse("administration:user_import_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    assert rows[1][2] == "Frivilligkoordinator" and rows[1][3] in {
        u.name for u in region.organisation.units.all()
    }
