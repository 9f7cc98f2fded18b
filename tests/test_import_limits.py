"""An import's file is read by the worker, within limits: the request only stores it.

The crafted workbooks are made here: openpyxl's own workbook with its sheet's XML (or another part)
replaced, streamed into the zip. The worst is the one that took a web worker past 550 MB in 30 s and
got it killed: five million cells in one row, 190 MB unpacked, a few hundred kilobytes packed. Each is
uploaded as a coordinator with the interface in Danish; the request answers at once and reads nothing,
then the task (run here when the request's transaction commits, as a worker would a moment later)
refuses it, measured, and the waiting page says why in Danish.
"""

import io
import random
import struct
import time
import tracemalloc
import zipfile
from datetime import timedelta
from functools import partial
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.client import BOUNDARY, encode_multipart
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from accounts.tasks import read_user_import
from core.limits import memory_ceiling
from tests.concurrent import at_once
from volunteers.importing import archive, uploads
from volunteers.models import Import, Volunteer
from volunteers.tasks import read_volunteer_import

IMPORT_URL = reverse("volunteers:volunteer_import")
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
MB = 1024 * 1024


def workbook(rows, headings=("Fornavn", "Efternavn", "Startdato")):
    book = Workbook()
    book.active.append(list(headings))
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def crafted(parts):
    """openpyxl's workbook with the parts named in `parts` (name -> iterable of bytes) replaced."""
    base = zipfile.ZipFile(io.BytesIO(workbook([["Anna", "Berg", "01-01-2020"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive_out:
        for info in base.infolist():
            if info.filename in parts:
                with archive_out.open(info.filename, "w") as part:
                    for chunk in parts[info.filename]:
                        part.write(chunk)
            else:
                archive_out.writestr(info, base.read(info.filename))
    return buffer.getvalue()


def sheet(rows, before=b""):
    """A sheet's XML around `rows` (an iterable of bytes), with no <dimension>."""
    yield b'<?xml version="1.0" encoding="UTF-8"?>' + before + f'<worksheet xmlns="{NS}"><sheetData>'.encode()
    yield from rows
    yield b"</sheetData></worksheet>"


def one_row(cells, cell):
    """One row of `cells` cells, each `cell` (bytes) or `cell()`, written in chunks."""
    yield b'<row r="1">'
    for start in range(0, cells, 10_000):
        count = min(10_000, cells - start)
        yield cell * count if isinstance(cell, bytes) else b"".join(cell() for _ in range(count))
    yield b"</row>"


def random_cell():
    return b"<c><v>%d</v></c>" % random.randrange(10**8)


def billion_laughs(body):
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    )
    return f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>{body}'.encode()


@pytest.fixture
def coordinator(client, region, eager_celery):
    client.force_login(region.users["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    return client


def upload_and_read(client, content, unit, django_capture_on_commit_callbacks, name="frivillige.xlsx"):
    """Upload as the request does, then run what it queued as the worker does; each measured.

    The request is asserted to read nothing (openpyxl and the archive check are not reached). Returns
    the waiting page's response and the measures: (request seconds, request peak, task seconds, task
    peak), peaks in bytes of Python memory (tracemalloc)."""
    # Encoded before the measuring starts: the request is measured, not the test client's work.
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile(name, content), "unit": unit.pk})
    with (
        django_capture_on_commit_callbacks() as queued,
        mock.patch(
            "volunteers.importing.read.check_archive", side_effect=AssertionError("read in the request")
        ),
    ):
        tracemalloc.start()
        started = time.perf_counter()
        response = client.post(IMPORT_URL, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
        request_seconds = time.perf_counter() - started
        request_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Import.objects.get().status == Import.Status.PENDING  # nothing read yet
    assert len(queued) == 1
    tracemalloc.start()
    started = time.perf_counter()
    queued[0]()  # the task, eagerly
    task_seconds = time.perf_counter() - started
    task_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return client.get(response["Location"]), (request_seconds, request_peak, task_seconds, task_peak)


def refused_with(response, message):
    upload = Import.objects.get()
    assert (upload.status, upload.error) == (Import.Status.FAILED, message)
    assert not upload.file and upload.table is None  # the file is gone, nothing kept
    page = response.content.decode()
    assert "Filen kan ikke importeres." in page and message in page
    assert "Refresh" not in response


# --- the crafted files ---------------------------------------------------------------------------


# The incident's file: five million cells in one row, 190 MB unpacked.
def incident():
    return {SHEET: sheet(one_row(5_000_000, b'<c t="inlineStr"><is><t>x</t></is></c>'))}


@pytest.mark.parametrize(
    "make_parts, message",
    [
        pytest.param(
            incident,
            "En del af filen (xl/worksheets/sheet1.xml) fylder mere end 20 MB udpakket. Del den op i "
            "mindre filer.",
            id="five-million-cells-190-mb",
        ),
        pytest.param(
            # 10 MB of spaces: within the size, packed a thousand times.
            lambda: {SHEET: sheet([b" " * (10 * MB)])},
            "En del af filen (xl/worksheets/sheet1.xml) er pakket mere end 100 gange sammen, og det er et "
            "regneark aldrig. Gem filen igen fra Excel.",
            id="packed-too-tightly",
        ),
        pytest.param(
            # Half a million cells in one row, 11 MB that do not pack well: what openpyxl would build
            # whole (about 300 MB); the scan stops at the 201st cell.
            lambda: {SHEET: sheet(one_row(500_000, random_cell))},
            "Filen har en række med mere end 200 kolonner. Slet de kolonner, der ikke skal bruges.",
            id="half-a-million-cells-in-a-row",
        ),
        pytest.param(
            lambda: {
                SHEET: sheet(
                    b'<row r="%d">' % row + b"".join(random_cell() for _ in range(200)) + b"</row>"
                    for row in range(1, 1301)
                )
            },
            "Filen har mere end 250.000 celler, når tomme og formaterede celler tælles med. Slet det, der "
            "ikke skal bruges, eller del filen op.",
            id="260000-cells",
        ),
        pytest.param(
            lambda: {SHEET: sheet(b'<row r="%d"/>' % row for row in range(1, 100_002))},
            "Filen har mere end 100.000 rækker, når tomme og formaterede rækker tælles med. Slet de tomme "
            "rækker, eller del filen op.",
            id="100001-empty-rows",
        ),
        pytest.param(
            lambda: {SHEET: [billion_laughs(f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c t="inlineStr">'
                                            f"<is><t>&lol9;</t></is></c></row></sheetData></worksheet>")]},
            "Filen indeholder en dokumenttypeerklæring (DTD), som et regneark aldrig har. Den afvises af "
            "sikkerhedshensyn.",
            id="billion-laughs-in-the-sheet",
        ),
        pytest.param(
            lambda: {"xl/styles.xml": [billion_laughs(f'<styleSheet xmlns="{NS}"><numFmts count="1">'
                                                      '<numFmt numFmtId="164" formatCode="&lol9;"/></numFmts>'
                                                      "</styleSheet>")]},
            "Filen indeholder en dokumenttypeerklæring (DTD), som et regneark aldrig har. Den afvises af "
            "sikkerhedshensyn.",
            id="billion-laughs-in-the-styles",
        ),
    ],
)  # fmt: skip
def test_a_crafted_workbook_is_refused_by_the_task_not_the_request(
    coordinator, region, django_capture_on_commit_callbacks, make_parts, message
):
    content = crafted(make_parts())
    assert len(content) < 5 * MB

    response, (request_seconds, request_peak, task_seconds, task_peak) = upload_and_read(
        coordinator, content, region.hospital, django_capture_on_commit_callbacks
    )

    refused_with(response, message)
    # The request stores the upload and reads nothing: its memory is the upload's own bytes, a few
    # copies (the test client's payload, the parser's, the stored file's), whatever they unpack to. The
    # task stops at the first limit passed.
    assert request_seconds < 2 and request_peak < 4 * len(content) + 2 * MB, (request_seconds, request_peak)
    assert task_seconds < 10 and task_peak < 20 * MB, (task_seconds, task_peak)
    assert not Volunteer.objects.filter(first_name="x").exists()


def test_a_part_that_declares_less_than_it_holds_is_read_no_further(
    coordinator, region, django_capture_on_commit_callbacks
):
    """The sizes the zip's directory declares bound what is unpacked: zipfile stops there (and the
    checksum then fails), whatever the packed data would give."""
    content = bytearray(
        crafted({SHEET: sheet(b'<row r="%d"><c><v>1</v></c></row>' % n for n in range(1, 50_000))})
    )
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as original:
        assert original.getinfo(SHEET).file_size > 1 * MB
        record = original.start_dir
    # The central directory's record of the sheet (46 bytes, then its name): the unpacked size at 24.
    while not content[record + 46 :].startswith(SHEET.encode()):
        record = content.index(b"PK\x01\x02", record + 4)
    struct.pack_into("<I", content, record + 24, 1000)
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as lying:
        assert lying.getinfo(SHEET).file_size == 1000

    response, (_request, _peak, task_seconds, task_peak) = upload_and_read(
        coordinator, bytes(content), region.hospital, django_capture_on_commit_callbacks
    )

    refused_with(
        response,
        "Filen er hverken en Excel-projektmappe (.xlsx) eller en CSV-fil med skabelonens "
        "kolonneoverskrifter.",
    )
    assert task_seconds < 5 and task_peak < 5 * MB


@pytest.mark.parametrize(
    "line, message",
    [
        pytest.param(
            "x;" * 1_000_000,
            "Filen har mere end 250.000 celler, når tomme og formaterede celler tælles med. Slet det, der "
            "ikke skal bruges, eller del filen op.",
            id="a-million-cells",
        ),
        pytest.param(
            "x;" * 201,
            "Filen har en række med mere end 200 kolonner. Slet de kolonner, der ikke skal bruges.",
            id="201-columns",
        ),
    ],
)
def test_a_csv_passes_the_same_limits(coordinator, region, django_capture_on_commit_callbacks, line, message):
    content = f"Fornavn;Efternavn;Startdato\n{line}\n".encode()
    response, _measures = upload_and_read(
        coordinator, content, region.hospital, django_capture_on_commit_callbacks, name="frivillige.csv"
    )
    refused_with(response, message)


def test_the_scan_counts_every_element(monkeypatch):
    monkeypatch.setattr(archive, "MAX_ELEMENTS", 1000)
    content = crafted(
        {"xl/styles.xml": [f'<styleSheet xmlns="{NS}">'.encode() + b"<a/>" * 1000 + b"</styleSheet>"]}
    )
    with pytest.raises(archive.ImportFileError, match="mere end 1.000 XML-elementer"):
        archive.check_archive(io.BytesIO(content))


# --- what the limits let through -----------------------------------------------------------------


def test_the_largest_list_allowed_is_read_well_within_the_limits(
    coordinator, region, django_capture_on_commit_callbacks
):
    """5,000 volunteers in 16 columns, as the template writes them: ready, and far from the limits."""
    headings = ["Fornavn", "Efternavn", "E-mail", "Telefon", "Adresse", "Fødselsår", "Køn", "Enhed",
                "Forening", "Aktiviteter", "Startdato", "Slutdato", "Tavshedserklæring", "Børneattest",
                "Straffeattest", "Noter"]  # fmt: skip
    rows = [
        [f"Fornavn{i}", f"Efternavn{i}", f"f{i}@example.dk", "20 30 40 50", f"Vejen {i}, 7100 Vejle", 1960,
         "kvinde", region.hospital.name, None, "Besøgsven", "01-01-2020", None, "01-02-2020", None, None,
         "Lang note " * 5]
        for i in range(5000)
    ]  # fmt: skip
    content = workbook(rows, headings)

    response, (_request, _peak, task_seconds, task_peak) = upload_and_read(
        coordinator, content, region.hospital, django_capture_on_commit_callbacks
    )

    upload = Import.objects.get()
    assert upload.status == Import.Status.READY and len(upload.table["rows"]) == 5000
    assert response.status_code == 200 and response.context["listing"].page.paginator.count == 5000
    assert task_seconds < uploads.SOFT_TIME_LIMIT / 4, task_seconds
    assert task_peak < uploads.MEMORY_ALLOWANCE / 3, task_peak


def test_a_workbook_with_the_usual_trimmings_is_read(coordinator, region, django_capture_on_commit_callbacks):
    """Comments (whose VML drawing Excel writes as XML that is not well-formed), styles, merged cells,
    frozen panes and a second sheet: nothing a limit refuses."""
    book = Workbook()
    sheet_ = book.active
    sheet_.append(["Fornavn", "Efternavn", "Startdato"])
    sheet_.append(["Anna", "Berg", "01-01-2020"])
    sheet_["A1"].comment = Comment("Skal udfyldes", "Koordinator")
    sheet_["A1"].font = Font(bold=True)
    sheet_.merge_cells("D1:E1")
    sheet_.freeze_panes = "A2"
    book.create_sheet("Noter").append(["Husk attesterne"])
    buffer = io.BytesIO()
    book.save(buffer)
    vml = "xl/drawings/commentsDrawing1.vml"
    content = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, b"<xml><v:shape><br></v:shape></xml>" if name == vml else source.read(name))

    response, _measures = upload_and_read(
        coordinator, content.getvalue(), region.hospital, django_capture_on_commit_callbacks
    )

    assert Import.objects.get().status == Import.Status.READY
    assert [row.name for row in response.context["listing"].page] == ["Anna Berg"]


# --- the worker's own limits ---------------------------------------------------------------------


def test_the_memory_ceiling_turns_growth_into_memory_error():
    with memory_ceiling(50 * MB), pytest.raises(MemoryError):
        bytearray(200 * MB)
    assert len(bytearray(200 * MB)) == 200 * MB  # lifted again


def test_a_read_that_passes_the_memory_ceiling_is_refused(
    coordinator, region, django_capture_on_commit_callbacks
):
    """No file within the archive's limits needs the allowance (that is what they are for): a read that
    asks for twice as much stands in for what they might miss, under the real ceiling."""

    def greedy(file, layout):
        return bytearray(2 * uploads.MEMORY_ALLOWANCE)

    with mock.patch("volunteers.importing.uploads.read_table", greedy):
        response, _measures = upload_and_read(
            coordinator,
            workbook([["Anna", "Berg", "01-01-2020"]]),
            region.hospital,
            django_capture_on_commit_callbacks,
        )
    refused_with(
        response, "Indlæsningen af filen krævede mere end 300 MB hukommelse. Del den op i mindre filer."
    )
    assert len(bytearray(2 * uploads.MEMORY_ALLOWANCE)) == 2 * uploads.MEMORY_ALLOWANCE  # lifted again


def test_the_tasks_have_time_limits_and_the_soft_one_is_told(
    coordinator, region, django_capture_on_commit_callbacks
):
    for task in (read_volunteer_import, read_user_import):
        assert (task.soft_time_limit, task.time_limit) == (60, 90)
    with mock.patch("volunteers.importing.uploads.read_table", side_effect=SoftTimeLimitExceeded):
        response, _measures = upload_and_read(
            coordinator,
            workbook([["Anna", "Berg", "01-01-2020"]]),
            region.hospital,
            django_capture_on_commit_callbacks,
        )
    refused_with(response, "Indlæsningen af filen tog mere end 60 sekunder. Del den op i mindre filer.")


def _pending_import(region, **fields):
    return Import.objects.create(
        organisation=region.organisation,
        kind=Import.Kind.VOLUNTEERS,
        uploaded_by=region.users["coordinator"],
        unit=region.hospital,
        file=SimpleUploadedFile("frivillige.xlsx", workbook([["Anna", "Berg", "01-01-2020"]])),
        file_name="frivillige.xlsx",
        language="da",
        **fields,
    )


def test_a_lost_task_is_queued_again_and_a_file_that_kills_workers_given_up(
    coordinator, region, eager_celery, django_capture_on_commit_callbacks
):
    # Queued a moment ago: the page waits (and reloads itself) without queueing it again.
    upload = _pending_import(region, queued_at=timezone.now())
    url = reverse("volunteers:volunteer_import_preview", kwargs={"pk": upload.pk})
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = coordinator.get(url)
    assert queued == [] and response["Refresh"] == "2"
    assert "Filen bliver læst …" in response.content.decode()
    # Still pending minutes later: its task was lost, or its worker died. Queued again, once.
    Import.objects.filter(pk=upload.pk).update(queued_at=timezone.now() - timedelta(minutes=3))
    with django_capture_on_commit_callbacks(execute=True) as queued:
        coordinator.get(url)
    assert len(queued) == 1
    assert Import.objects.get(pk=upload.pk).status == Import.Status.READY
    # A file two workers died reading is not tried a third time.
    dying = _pending_import(region, queued_at=timezone.now(), attempts=uploads.MAX_ATTEMPTS)
    read_volunteer_import(dying.pk)
    dying.refresh_from_db()
    assert (dying.status, dying.error, dying.file.name) == (
        Import.Status.FAILED,
        "Filen kunne ikke læses. Prøv igen; sker det igen, så del den op i mindre filer.",
        "",
    )


def test_old_imports_are_forgotten(region):
    old = _pending_import(region, queued_at=timezone.now())
    Import.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    recent = _pending_import(region, queued_at=timezone.now())
    storage = old.file.storage
    assert storage.exists(old.file.name)
    assert uploads.forget_old() == 1
    assert list(Import.objects.all()) == [recent] and not storage.exists(old.file.name)


# --- confirming once, also at the same moment (PostgreSQL) ---------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE): PostgreSQL"
)
#: Rows without an e-mail address: nothing in the database would stop a second copy of them.
SAME_FILE = [[f"Samtidig{i}", "Frivillig", "01-01-2024"] for i in range(20)]


def _confirm_at_once(region, urls):
    """POST each URL at the same moment (tests.concurrent.at_once), as the coordinator; apply() waits a
    little, so that the confirmations overlap."""
    from volunteers.views import imports

    applying = imports.importing.apply

    def slow_apply(*args, **kwargs):
        time.sleep(0.5)
        return applying(*args, **kwargs)

    clients = [Client() for _url in urls]
    for client in clients:
        client.force_login(region.users["coordinator"])
    with mock.patch.object(imports.importing, "apply", slow_apply):
        return at_once(*(partial(client.post, url) for client, url in zip(clients, urls, strict=True)))


def _uploaded(client, content, unit):
    response = client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("frivillige.xlsx", content), "unit": unit.pk}
    )
    assert response.status_code == 302
    return response["Location"]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_same_import_confirmed_twice_at_once_imports_once(coordinator, region, eager_celery):
    url = _uploaded(coordinator, workbook(SAME_FILE), region.hospital)
    assert Import.objects.get().status == Import.Status.READY
    before = Volunteer.objects.count()

    statuses = _confirm_at_once(region, [url, url])

    assert statuses == [302, 302]
    assert Volunteer.objects.count() == before + len(SAME_FILE)
    assert Volunteer.objects.filter(first_name="Samtidig0").count() == 1
    assert Import.objects.get().status == Import.Status.IMPORTED


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_same_file_imported_twice_at_once_creates_no_duplicates(coordinator, region, eager_celery):
    content = workbook(SAME_FILE)
    urls = [_uploaded(coordinator, content, region.hospital) for _ in range(2)]
    before = Volunteer.objects.count()

    statuses = _confirm_at_once(region, urls)

    assert statuses == [302, 302]
    assert Volunteer.objects.count() == before + len(SAME_FILE)
    assert Volunteer.objects.filter(first_name="Samtidig0").count() == 1
    assert set(Import.objects.values_list("status", flat=True)) == {Import.Status.IMPORTED}
