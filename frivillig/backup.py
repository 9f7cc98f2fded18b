"""Backup and restore of a whole installation: the PostgreSQL database (pg_dump's custom format) and the
uploaded files under MEDIA_ROOT (a tar), with a manifest that says when, from which migration state, and
how many rows of each model, so that a restore can be checked against it.

Used by the management commands `backup` and `restore` (volunteers/management/commands/); the flow is
described in README.md ("Backup and restore").
"""

import hashlib
import json
import os
import shutil
import subprocess  # nosec B404
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"
FORMAT_VERSION = 1


def require_postgresql(alias="default"):
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise CommandError(
            "Backup and restore work on PostgreSQL only (DATABASE_URL=postgres://...); this installation "
            f"uses {connection.vendor}. The embedded SQLite database is one file: stop the app and copy "
            f"{settings.DATABASES[alias]['NAME']} and {settings.MEDIA_ROOT} instead."
        )
    return connection


def libpq_environment(alias="default"):
    """The database's address as libpq's variables, so that the password never shows in `ps`."""
    database = settings.DATABASES[alias]
    environment = dict(os.environ)
    for variable, key in [
        ("PGDATABASE", "NAME"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
    ]:
        value = database.get(key)
        if value:
            environment[variable] = str(value)
        else:
            environment.pop(variable, None)
    sslmode = database.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        environment["PGSSLMODE"] = sslmode
    return environment


def run(command, environment):
    try:
        # bandit B404/B603: the command is a fixed list (pg_dump/pg_restore and options built here), run
        # without a shell.
        result = subprocess.run(command, env=environment, capture_output=True, text=True)  # nosec B603
    except FileNotFoundError as missing:
        raise CommandError(
            f"{command[0]} was not found on PATH: install PostgreSQL's client programs, in the same major "
            "version as the server (Debian: postgresql-client)."
        ) from missing
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed ({result.returncode}):\n{result.stderr.strip()}")
    return result


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def model_counts(alias="default"):
    """Rows per model (app_label.ModelName), every installed model with a table of its own."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.label] = model._base_manager.using(alias).count()
    return dict(sorted(counts.items()))


def migration_state(alias="default"):
    recorder = MigrationRecorder(connections[alias])
    applied = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def media_root():
    return Path(settings.MEDIA_ROOT)


def media_is_on_this_file_system():
    return settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def media_files(root):
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def backup(directory, alias="default"):
    """Write the dump, the media tar and the manifest into `directory` (created; must not hold a backup)."""
    connection = require_postgresql(alias)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / MANIFEST).exists() or (directory / DUMP).exists():
        raise CommandError(f"{directory} already holds a backup; choose a new folder.")
    environment = libpq_environment(alias)
    version = run(["pg_dump", "--version"], environment).stdout.strip()
    started = timezone.now()
    # The counts are read in the same snapshot that pg_dump sees only if nothing writes meanwhile; a
    # backup taken under load still restores consistently (pg_dump is one transaction), and the counts
    # then say what the dump held at least roughly. For an exact check, take it with the app stopped.
    counts = model_counts(alias)
    migrations = migration_state(alias)
    run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(directory / DUMP),
        ],
        environment,
    )
    media = {"storage": settings.STORAGES["default"]["BACKEND"]}
    if media_is_on_this_file_system():
        root = media_root()
        files = media_files(root)
        with tarfile.open(directory / MEDIA, "w:gz") as archive:
            for path in files:
                archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
        media.update(
            {
                "file": MEDIA,
                "files": len(files),
                "bytes": sum(path.stat().st_size for path in files),
                "sha256": sha256(directory / MEDIA),
            }
        )
    else:
        # A bucket is backed up by the service (versioning, replication), not by copying it here.
        media["file"] = None
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "database": {
            "vendor": connection.vendor,
            "name": settings.DATABASES[alias]["NAME"],
            "server_version": connection.pg_version,
            "pg_dump": version,
            "file": DUMP,
            "sha256": sha256(directory / DUMP),
        },
        "migrations": migrations,
        "counts": counts,
        "media": media,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def read_manifest(directory):
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError as missing:
        raise CommandError(f"{directory} holds no backup ({MANIFEST} is missing).") from missing
    if manifest.get("format") != FORMAT_VERSION:
        raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
    if sha256(directory / DUMP) != manifest["database"]["sha256"]:
        raise CommandError(f"{DUMP} does not match the manifest's checksum: the backup is damaged.")
    if manifest["media"].get("file") and sha256(directory / MEDIA) != manifest["media"]["sha256"]:
        raise CommandError(f"{MEDIA} does not match the manifest's checksum: the backup is damaged.")
    return manifest


def database_is_empty(alias="default"):
    with connections[alias].cursor() as cursor:
        return not connections[alias].introspection.table_names(cursor)


def restore(directory, force=False, alias="default"):
    """Restore the backup in `directory` into the configured database and MEDIA_ROOT; both must be empty
    unless `force`, which first removes everything in them. Returns the manifest and the counts found."""
    connection = require_postgresql(alias)
    directory = Path(directory)
    manifest = read_manifest(directory)
    root = media_root()
    restore_media = bool(manifest["media"].get("file")) and media_is_on_this_file_system()
    if not force:
        if not database_is_empty(alias):
            raise CommandError(
                f"The database {settings.DATABASES[alias]['NAME']} is not empty. Restore into an empty "
                "database, or add --force to replace everything in it."
            )
        if restore_media and media_files(root):
            raise CommandError(
                f"{root} is not empty. Restore into an empty folder, or add --force to replace its files."
            )
    if force:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connection.close()  # pg_restore works alone; Django connects again afterwards
    run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            libpq_environment(alias).get("PGDATABASE", ""),
            str(directory / DUMP),
        ],
        libpq_environment(alias),
    )
    if restore_media:
        if force and root.exists():
            for child in root.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(directory / MEDIA, "r:gz") as archive:
            archive.extractall(root, filter="data")  # no absolute paths, no "..", no devices
    counts = model_counts(alias)
    return manifest, counts
