"""Uploaded files: where they are kept (the file system, or an S3-compatible bucket chosen by the
environment), under which names, that no URL serves them directly, and what a user sees when the storage
is full or cannot be written to."""

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.html import escape

from core.storage import STORAGE_FAILED
from core.storage import FileSystemStorage as SafeFileSystemStorage
from documents.models import Document
from meetings.models import Attachment
from meetings.models.meetings import attachment_path
from strategies.models import ConsultationResponse
from strategies.models.consultation import response_attachment_path
from tests.test_consultation import open_consultation, response_data
from tests.test_documents import plan_pdf_url
from tests.test_meetings import PDF

BASE_DIR = Path(__file__).resolve().parent.parent

# --- the storage the settings choose -----------------------------------------------------------------


def storages_under(**env):
    """settings.STORAGES["default"] and the storage object made from it, in a fresh interpreter with
    exactly these variables (besides PATH and the insecure-key switch)."""
    script = (
        "import json, django; django.setup(); "
        "from django.conf import settings; from django.core.files.storage import storages; "
        "storage = storages['default']; "
        "print(json.dumps({'config': settings.STORAGES['default'], "
        "'class': type(storage).__module__ + '.' + type(storage).__name__, "
        "'bucket': getattr(storage, 'bucket_name', None), "
        "'endpoint': getattr(storage, 'endpoint_url', None), "
        "'location': str(getattr(storage, 'location', '')), 'acl': getattr(storage, 'default_acl', None)}))"
    )
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "frivillig.settings",
        "FRIVILLIG_ALLOW_INSECURE_KEY": "1",
        "VAR_DIR": os.environ.get("VAR_DIR", str(BASE_DIR / "var")),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=environment, capture_output=True, text=True
    )
    return result


def test_by_default_uploads_go_to_the_file_system_under_media_root(tmp_path):
    result = storages_under(MEDIA_ROOT=str(tmp_path / "uploads"))
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert chosen["config"] == {"BACKEND": "core.storage.FileSystemStorage"}
    assert chosen["class"] == "core.storage.FileSystemStorage"
    assert chosen["location"] == str(tmp_path / "uploads")


def test_media_storage_s3_chooses_a_private_bucket_on_the_given_service():
    result = storages_under(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="frivillig-uploads",
        AWS_S3_ENDPOINT_URL="https://s3.region.example.dk",
        AWS_S3_REGION_NAME="eu-north-1",
        AWS_LOCATION="syd",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert chosen["config"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = chosen["config"]["OPTIONS"]
    assert options["bucket_name"] == "frivillig-uploads"
    assert options["endpoint_url"] == "https://s3.region.example.dk"
    assert options["region_name"] == "eu-north-1"
    assert options["location"] == "syd"
    assert (options["default_acl"], options["querystring_auth"], options["file_overwrite"]) == (
        "private",
        True,
        False,
    )
    # The keys stay with boto3 (read from the environment), never in the settings.
    assert "test-secret" not in result.stdout
    # django-storages builds the storage from it (no connection is made until a file is touched).
    assert chosen["class"] == "storages.backends.s3.S3Storage"
    assert (chosen["bucket"], chosen["endpoint"], chosen["acl"]) == (
        "frivillig-uploads",
        "https://s3.region.example.dk",
        "private",
    )


@pytest.mark.parametrize(
    "env, message",
    [
        ({"MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be"),
    ],
)
def test_an_incomplete_or_unknown_storage_setting_stops_the_app_with_a_clear_message(env, message):
    result = storages_under(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


# --- names and serving ---------------------------------------------------------------------------------


def test_uploads_are_stored_under_random_names_not_the_senders():
    names = [attachment_path(None, "Referat fra mødet.pdf") for _ in range(3)]
    assert len(set(names)) == 3
    assert all(name.startswith("attachments/") and "Referat" not in name for name in names)
    response = ConsultationResponse(consultation_id=7)
    names = [response_attachment_path(response, "Vores høringssvar.PDF") for _ in range(3)]
    assert len(set(names)) == 3
    assert all(name.startswith("consultation/7/") and name.endswith(".pdf") for name in names)
    assert not any("høringssvar" in name for name in names)
    # The documents' PDFs: documents/tasks.py names them with secrets.token_urlsafe(24) (see
    # tests/test_documents.py for the download's permissions).


@pytest.mark.django_db
def test_no_url_serves_the_media_folder_and_it_lies_outside_the_static_files(client, region):
    media_url = "/" + django_settings.MEDIA_URL.lstrip("/")
    for path in [f"{media_url}attachments/0123456789abcdef", f"{media_url}consultation/1/x.pdf"]:
        with pytest.raises(Resolver404):
            resolve(path)
    stored = default_storage.save("attachments/0123456789abcdef", SimpleUploadedFile("x.pdf", PDF))
    client.force_login(region.users["administrator"])
    assert client.get(f"{media_url}{stored}").status_code == 404
    media_root = Path(django_settings.MEDIA_ROOT).resolve()
    for static in [Path(django_settings.STATIC_ROOT), *django_settings.STATICFILES_DIRS]:
        folder = Path(static[1] if isinstance(static, tuple) else static).resolve()
        assert not media_root.is_relative_to(folder) and not folder.is_relative_to(media_root)


# --- a full or unwritable storage ----------------------------------------------------------------------


class _FillsTheDisk:
    """Upload content whose writing stops half-way with ENOSPC, as on a full disk: Django's storage has
    then already created the file and written the first half."""

    def __init__(self, content):
        self.content = content

    def chunks(self):
        self.content.seek(0)
        data = self.content.read()
        yield data[: len(data) // 2]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


#: For each failed write on the "full disk": whether the half-written file existed when the disk filled.
HALF_WRITTEN = []


class _RecordsHalfFiles(_FillsTheDisk):
    def __init__(self, content, path):
        super().__init__(content)
        self.path = path

    def chunks(self):
        generator = super().chunks()
        yield next(generator)
        # Django created the file before writing the first half; the failure comes now.
        HALF_WRITTEN.append(Path(self.path).exists())
        yield from generator


class FullDiskStorage(SafeFileSystemStorage):
    """The project's storage on a disk that fills up in the middle of each file."""

    def _save(self, name, content):
        return super()._save(name, _RecordsHalfFiles(content, self.path(name)))


class ReadOnlyStorage(SafeFileSystemStorage):
    """For root, whom chmod does not stop: the refusal the kernel gives others for a read-only folder."""

    def _save(self, name, content):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), self.path(name))


def files_under(folder):
    return sorted(path for path in Path(folder).rglob("*") if path.is_file())


@pytest.fixture(params=["full", "unwritable"])
def broken_storage(request, settings, tmp_path):
    """MEDIA_ROOT on a full disk, or read-only (chmod, or for root a storage that is refused)."""
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    HALF_WRITTEN.clear()
    if request.param == "full":
        backend = "tests.test_storage.FullDiskStorage"
    elif os.geteuid() == 0:
        backend = "tests.test_storage.ReadOnlyStorage"
    else:
        backend = "core.storage.FileSystemStorage"
        media.chmod(0o500)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}
    yield request.param
    media.chmod(0o700)


def says_storage_failed(response):
    """The page tells the user in Danish (the site's language)."""
    with translation.override("da"):
        message = str(STORAGE_FAILED)
    assert message.startswith("Filen kunne ikke gemmes")
    return str(escape(message)) in response.content.decode()


@pytest.mark.django_db
def test_an_attachment_to_a_full_or_unwritable_storage_is_refused_clearly_and_nothing_is_kept(
    client, region, settings, broken_storage
):
    client.force_login(region.users["secretariat"])
    attachments_before = Attachment.objects.count()
    upload = SimpleUploadedFile("Notat.pdf", PDF * 50, content_type="application/pdf")
    response = client.post(
        reverse("meetings:attachment_add", args=[region.item.pk]), {"title": "Notat", "file": upload}
    )
    assert response.status_code == 503
    assert says_storage_failed(response)
    assert 'value="Notat"' in response.content.decode()  # the title is kept for the next try
    assert Attachment.objects.count() == attachments_before
    assert files_under(settings.MEDIA_ROOT) == []
    if broken_storage == "full":
        assert HALF_WRITTEN == [True]  # half a file existed, and was removed


@pytest.mark.django_db
def test_a_consultation_response_to_a_full_or_unwritable_storage_is_refused_clearly_and_nothing_is_kept(
    client, region, settings, broken_storage
):
    consultation = open_consultation(region)
    responses_before = ConsultationResponse.objects.count()
    upload = SimpleUploadedFile("Vores svar.pdf", PDF * 50, content_type="application/pdf")
    data = response_data(consultation, attachment=upload, email="borger@example.dk")
    response = client.post(reverse("strategies:consultation_public", args=[consultation.public_token]), data)
    assert response.status_code == 503
    assert says_storage_failed(response)
    assert ConsultationResponse.objects.count() == responses_before
    assert files_under(settings.MEDIA_ROOT) == []
    if broken_storage == "full":
        assert HALF_WRITTEN == [True]


@pytest.mark.django_db
def test_a_pdf_that_cannot_be_stored_is_marked_failed_and_leaves_no_file(
    client, region, settings, broken_storage, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(region.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(plan_pdf_url(region))
    document = Document.objects.get()
    assert document.status == Document.Status.FAILED and not document.file
    assert "No space left" in document.error or "Permission denied" in document.error
    assert "document-failed" in client.get(document.get_absolute_url()).content.decode()
    assert files_under(settings.MEDIA_ROOT) == []
