import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRODUCTION = {
    "SECRET_KEY": "x7#kq2!vZp9@rT4mW1$eL8^nB3&yH6*uJ0(sD5)fG2-aC9+oI7=lE4_wQ1~zX8",
    "DEBUG": "0",
    "HTTPS": "1",
    "ALLOWED_HOSTS": "frivillig.example.dk",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_check_deploy_is_clean_with_production_settings():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "FRIVILLIG_ALLOW_INSECURE_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(PRODUCTION)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    env.pop("FRIVILLIG_ALLOW_INSECURE_KEY", None)
    env["DATABASE_URL"] = "postgres://frivillig@db.example.dk:5432/frivillig"  # a deployment
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
