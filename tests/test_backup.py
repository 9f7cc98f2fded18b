"""Backup and restore as a round trip, with the real pg_dump and pg_restore: the demo data and an uploaded
attachment are backed up from one PostgreSQL database and restored into another with another MEDIA_ROOT;
every model's rows, the file's bytes and the restored site's pages must come back."""

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
# Named after the run's own database and pytest-xdist worker, so that two runs on one server (CI, a
# developer), or two workers of one run, never meet.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_RUN = re.sub(r"[^a-z0-9_]", "_", f"{settings.DATABASES['default']['NAME']}_{_WORKER}".lower())[-40:]
SOURCE_DB, TARGET_DB = f"frivillig_backup_src_{_RUN}", f"frivillig_backup_dst_{_RUN}"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backup and restore use pg_dump/pg_restore: PostgreSQL only"
)


def server():
    """The PostgreSQL server of the test run, as keyword arguments for psycopg and as a URL prefix."""
    database = settings.DATABASES["default"]
    params = {
        "host": database.get("HOST") or "127.0.0.1",
        "port": int(database.get("PORT") or 5432),
        "user": database.get("USER") or "postgres",
        "password": database.get("PASSWORD") or None,
    }
    credentials = params["user"] + (f":{params['password']}" if params["password"] else "")
    return params, f"postgres://{credentials}@{params['host']}:{params['port']}"


def recreate(*names):
    params, _url = server()
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')


def drop(*names):
    params, _url = server()
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(tmp_path, database, media_root, *args, code=None, check=True):
    """`manage.py <args>` (or `manage.py shell -c <code>`) in a process of its own, on that database and
    MEDIA_ROOT, as production runs it (DEBUG unset)."""
    # Without REDIS_URL: nothing these processes queue or cache reaches the test run's Redis.
    environment = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "REDIS_URL"}}
    environment.update(
        {
            "DATABASE_URL": f"{server()[1]}/{database}" if database else "",
            "MEDIA_ROOT": str(media_root),
            "VAR_DIR": str(tmp_path / "var"),
            "FRIVILLIG_ALLOW_INSECURE_KEY": "1",
            "ALLOWED_HOSTS": "testserver",
        }
    )
    if not database:
        environment.pop("DATABASE_URL")
    command = [sys.executable, "manage.py", *args] + (["shell", "-v", "0", "-c", code] if code else [])
    result = subprocess.run(command, cwd=BASE_DIR, env=environment, capture_output=True, text=True)
    if check:
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


COUNTS = "import json; from frivillig.backup import model_counts; print(json.dumps(model_counts()))"

ATTACH = """
import os
from django.core.files.base import ContentFile
from meetings.models import AgendaItem, Attachment
data = open(os.environ["BACKUP_TEST_FILE"], "rb").read()
item = AgendaItem.objects.order_by("pk").first()
attachment = Attachment.objects.create(
    item=item, title="Bilag til backup", file=ContentFile(data, name="Bilag til backup.pdf"),
    filename="Bilag til backup.pdf", content_type="application/pdf", size=len(data),
)
print(attachment.file.name)
"""

# The restored site answers: the meeting page and the attachment's download, for its secretariat.
SITE = """
import hashlib, json
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from meetings.models import Attachment
from volunteers.models import User
attachment = Attachment.objects.select_related("item__meeting__body").get(title="Bilag til backup")
meeting = attachment.item.meeting
user = User.objects.filter(organisation=meeting.body.organisation, role="secretariat").first()
# As in tests/conftest.py: the static files from the finders, since no collectstatic ran here.
static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}).enable()
client = Client()
client.force_login(user)
page = client.get(meeting.get_absolute_url())
download = client.get(reverse("meetings:attachment_download", args=[attachment.pk]))
print(json.dumps({
    "page": page.status_code, "has_title": "Bilag til backup" in page.content.decode(),
    "download": download.status_code,
    "sha256": hashlib.sha256(b"".join(download.streaming_content)).hexdigest(),
}))
"""


@postgresql_only
def test_backup_and_restore_bring_back_every_row_and_every_uploaded_file(tmp_path):
    recreate(SOURCE_DB, TARGET_DB)
    try:
        source_media, target_media = tmp_path / "media-src", tmp_path / "media-dst"
        backup = tmp_path / "backup"
        data = b"%PDF-1.4\n" + os.urandom(256 * 1024)
        (tmp_path / "bilag.pdf").write_bytes(data)
        os.environ["BACKUP_TEST_FILE"] = str(tmp_path / "bilag.pdf")
        try:
            manage(tmp_path, SOURCE_DB, source_media, "migrate", "--noinput", "-v0")
            manage(tmp_path, SOURCE_DB, source_media, "seed_demo")
            stored = manage(tmp_path, SOURCE_DB, source_media, code=ATTACH).stdout.strip()
        finally:
            del os.environ["BACKUP_TEST_FILE"]
        assert (source_media / stored).read_bytes() == data
        source_counts = json.loads(manage(tmp_path, SOURCE_DB, source_media, code=COUNTS).stdout)
        assert source_counts["meetings.Attachment"] >= 1 and source_counts["volunteers.User"] > 0

        manage(tmp_path, SOURCE_DB, source_media, "backup", str(backup))
        manifest = json.loads((backup / "manifest.json").read_text())
        assert manifest["counts"] == source_counts
        assert manifest["database"]["pg_dump"].startswith("pg_dump (PostgreSQL)")
        assert "0002_meeting_plans_agendas_minutes" in manifest["migrations"]["meetings"]
        assert manifest["media"]["files"] >= 1 and manifest["media"]["bytes"] >= len(data)

        manage(tmp_path, TARGET_DB, target_media, "restore", str(backup))
        target_counts = json.loads(manage(tmp_path, TARGET_DB, target_media, code=COUNTS).stdout)
        assert target_counts == source_counts
        assert (target_media / stored).read_bytes() == data
        site = json.loads(manage(tmp_path, TARGET_DB, target_media, code=SITE).stdout)
        assert site == {
            "page": 200,
            "has_title": True,
            "download": 200,
            "sha256": hashlib.sha256(data).hexdigest(),
        }

        # A second restore over the data refuses; with --force it replaces it.
        refused = manage(tmp_path, TARGET_DB, target_media, "restore", str(backup), check=False)
        assert refused.returncode != 0 and "is not empty" in refused.stderr
        (target_media / "left-over.txt").write_text("not in the backup")
        manage(tmp_path, TARGET_DB, target_media, "restore", "--force", str(backup))
        assert json.loads(manage(tmp_path, TARGET_DB, target_media, code=COUNTS).stdout) == source_counts
        assert not (target_media / "left-over.txt").exists()
        assert (target_media / stored).read_bytes() == data
    finally:
        drop(SOURCE_DB, TARGET_DB)


@postgresql_only
def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path):
    recreate(TARGET_DB)
    try:
        backup = tmp_path / "backup"
        backup.mkdir()
        (backup / "database.dump").write_bytes(b"PGDMP not really")
        manifest = {"format": 1, "database": {"sha256": "0" * 64}, "media": {"file": None}}
        (backup / "manifest.json").write_text(json.dumps(manifest))
        result = manage(tmp_path, TARGET_DB, tmp_path / "media", "restore", str(backup), check=False)
        assert result.returncode != 0 and "damaged" in result.stderr
    finally:
        drop(TARGET_DB)


def test_sqlite_is_refused_with_a_clear_message(tmp_path):
    result = manage(tmp_path, None, tmp_path / "media", "backup", str(tmp_path / "backup"), check=False)
    assert result.returncode != 0
    assert "PostgreSQL only" in result.stderr and "frivillig.sqlite3" in result.stderr
    assert not (tmp_path / "backup" / "database.dump").exists()
