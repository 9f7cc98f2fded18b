"""Every migration of the project can be undone: each operation declares its way back (RunPython a
reverse_code, RunSQL a reverse_sql), and a fresh PostgreSQL database migrates forward to the latest, back
to zero and forward again without errors."""

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL, SeparateDatabaseAndState

BASE_DIR = Path(__file__).resolve().parent.parent
# Named after the run's own database and pytest-xdist worker, so that two runs on one server (CI, a
# developer), or two workers of one run, never meet.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_RUN = re.sub(r"[^a-z0-9_]", "_", f"{settings.DATABASES['default']['NAME']}_{_WORKER}".lower())[-40:]
DATABASE = f"frivillig_migrations_{_RUN}"


def project_apps():
    """The project's own apps with migrations (core and frivillig have no models of their own), in
    INSTALLED_APPS' order."""
    return [
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(BASE_DIR)
        and ".venv" not in Path(config.path).parts
        and (Path(config.path) / "migrations").is_dir()
    ]


def operations(operation_list):
    for operation in operation_list:
        yield operation
        if isinstance(operation, SeparateDatabaseAndState):
            yield from operations(operation.database_operations)


def test_every_operation_in_the_projects_migrations_can_be_reversed():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = set(project_apps())
    checked = 0
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app not in ours:
            continue
        for operation in operations(migration.operations):
            checked += 1
            where = f"{app}.{name}: {operation.describe()}"
            assert operation.reversible, f"{where} cannot be reversed"
            if isinstance(operation, RunPython):
                assert operation.reverse_code is not None, f"{where} has no reverse_code"
            if isinstance(operation, RunSQL):
                assert operation.reverse_sql is not None, f"{where} has no reverse_sql"
    assert checked > 50  # the scan saw the project's migrations


def server():
    database = settings.DATABASES["default"]
    return {
        "host": database.get("HOST") or "127.0.0.1",
        "port": int(database.get("PORT") or 5432),
        "user": database.get("USER") or "postgres",
        "password": database.get("PASSWORD") or None,
    }


def admin(*statements):
    with psycopg.connect(dbname="postgres", autocommit=True, **server()) as conn:
        for statement in statements:
            conn.execute(statement)


def manage(*args):
    params = server()
    credentials = params["user"] + (f":{params['password']}" if params["password"] else "")
    environment = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    environment.update(
        {
            "DATABASE_URL": f"postgres://{credentials}@{params['host']}:{params['port']}/{DATABASE}",
            "FRIVILLIG_ALLOW_INSECURE_KEY": "1",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def tables():
    with psycopg.connect(dbname=DATABASE, **server()) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {row[0] for row in rows}


def applied(app_labels):
    with psycopg.connect(dbname=DATABASE, **server()) as conn:
        rows = conn.execute("SELECT app, name FROM django_migrations").fetchall()
    return sorted((app, name) for app, name in rows if app in app_labels)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="migrates a PostgreSQL database of its own")
def test_a_fresh_database_migrates_forward_back_to_zero_and_forward_again():
    ours = project_apps()
    admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{DATABASE}"')
    try:
        manage("migrate", "--noinput", "-v0")
        latest = applied(ours)
        assert {app for app, _name in latest} >= {"volunteers", "meetings", "strategies", "agreements"}
        ours_tables = {table for table in tables() if table.split("_")[0] in ours}
        assert len(ours_tables) > 30

        # Back to zero, the apps that depend on others first (Django unapplies dependants as needed).
        # (One process for all of them: each `manage.py` start costs seconds.)
        manage(
            "shell",
            "-v",
            "0",
            "-c",
            "from django.core.management import call_command\n"
            f"for app in {list(reversed(ours))!r}:\n"
            "    call_command('migrate', app, 'zero', interactive=False, verbosity=0)",
        )
        assert applied(ours) == []
        assert not {table for table in tables() if table.split("_")[0] in ours}

        manage("migrate", "--noinput", "-v0")
        assert applied(ours) == latest
        assert {table for table in tables() if table.split("_")[0] in ours} == ours_tables
    finally:
        admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
