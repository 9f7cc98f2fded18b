"""docker-compose.yml checked by Docker Compose itself (`docker compose config`: no Docker engine needed),
and the settings the app resolves under the environment compose gives its services.

Scaling out (`docker compose up --scale web=3 --scale worker=2`) works when nothing ties a web or worker
container to one place: no container_name or published port (the proxy publishes the one port and finds
every web container by the service's name), sessions in the database, the cache and the queue in Redis,
uploads in a volume they all mount (or S3), and exactly one beat.
"""

import json
import os
import re
import subprocess
import sys

from meetings.attachments import MAX_ATTACHMENT_SIZE
from tests.system.composefile import REQUIRED, ROOT, compose, compose_config, service_environment
from tests.system.dockerfiles import build_stage, parse_dockerfile

#: Where the official nginx image reads the server blocks from (inside its http block).
NGINX_SERVER_CONFIG = "/etc/nginx/conf.d/default.conf"
SHARED_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
    "django.contrib.sessions.backends.cache",
}
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
#: Printed by the app's settings under a service's environment (see resolved_settings).
SETTINGS_PROBE = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "SESSION_ENGINE": settings.SESSION_ENGINE,
    "CACHES": {name: [cache["BACKEND"], cache.get("LOCATION")] for name, cache in settings.CACHES.items()},
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "STORAGE": settings.STORAGES["default"]["BACKEND"],
    "STORAGE_OPTIONS": settings.STORAGES["default"].get("OPTIONS", {}),
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "AXES_HANDLER": settings.AXES_HANDLER,
    "TRUSTED_PROXY_COUNT": settings.TRUSTED_PROXY_COUNT,
}))
"""


def test_compose_file_is_valid():
    result = compose("config", "-q")

    assert result.returncode == 0, result.stderr


def test_compose_file_refuses_to_start_without_its_secrets():
    missing = compose("config", "-q", env={})

    assert missing.returncode != 0
    assert "SECRET_KEY" in missing.stderr or "POSTGRES_PASSWORD" in missing.stderr


def test_compose_services_healthchecks_and_volumes():
    config = compose_config()
    services = config["services"]

    assert {"postgres", "redis", "migrate", "web", "worker", "beat", "proxy"} <= set(services)
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
    assert [p["host_ip"] for p in services["proxy"]["ports"]] == ["127.0.0.1"]


# --- Scaling out ----------------------------------------------------------------------------------------


def nginx_config(services):
    """The proxy's server configuration: the file of the repository mounted into the nginx image."""
    mounts = {mount["target"]: mount for mount in services["proxy"].get("volumes", [])}
    mount = mounts.get(NGINX_SERVER_CONFIG)
    assert mount and mount["type"] == "bind", (
        f"proxy does not mount its configuration at {NGINX_SERVER_CONFIG}"
    )
    path = ROOT / os.path.relpath(mount["source"], ROOT)
    assert path.is_file(), f"{path} (the proxy's configuration) does not exist"
    return re.sub(r"#[^\n]*", "", path.read_text(encoding="utf-8"))


def megabytes(size):
    """An nginx size (20m, 512k, 1g, bytes) in bytes."""
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", size).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


def test_web_and_worker_can_be_scaled_behind_the_proxy():
    services = compose_config()["services"]

    # A fixed container name or host port lets only one container of the service start.
    for name in ("web", "worker"):
        assert "container_name" not in services[name], f"{name} has a container_name: it cannot scale"
        assert not services[name].get("ports"), f"{name} publishes a port: a second container cannot bind it"
    published = [name for name, service in services.items() if service.get("ports")]
    assert published == ["proxy"], f"only the proxy publishes a port, not {published}"
    assert "web" in services["proxy"]["depends_on"]
    assert [port["host_ip"] for port in services["proxy"]["ports"]] == ["127.0.0.1"]

    nginx = nginx_config(services)
    listen = re.search(r"^\s*listen\s+(\d+)\s*;", nginx, re.M)
    assert listen and int(listen.group(1)) == int(services["proxy"]["ports"][0]["target"])
    # The upstream is the web *service*: Docker's DNS answers its name with every container's address,
    # looked up again while running (`resolve`), so a --scale change needs no proxy restart.
    web_command = services["web"]["command"]
    web_port = web_command[web_command.index("-b") + 1].rsplit(":", 1)[1]
    upstreams = dict(re.findall(r"upstream\s+(\w+)\s*\{([^}]*)\}", nginx))
    passes = re.findall(r"proxy_pass\s+http://(\w+)\s*;", nginx)
    assert passes and all(name in upstreams for name in passes), "proxy_pass does not name an upstream"
    for name in passes:
        servers = re.findall(r"^\s*server\s+([^\s;]+)([^;]*);", upstreams[name], re.M)
        assert servers == [(f"web:{web_port}", " resolve")], servers
        assert re.search(r"^\s*zone\s+\w+", upstreams[name], re.M), "`resolve` needs a shared memory zone"
    assert re.search(r"^\s*resolver\s+127\.0\.0\.11\b", nginx, re.M), (
        "no resolver: Docker's DNS is 127.0.0.11"
    )
    image = re.fullmatch(r"nginx:(\d+)\.(\d+)(?:\.(\d+))?(?:-\w+)?", services["proxy"]["image"])
    assert image, services["proxy"]["image"]
    version = tuple(int(part or 0) for part in image.groups())
    assert version >= (1, 27, 3), "`server ... resolve` needs nginx 1.27.3 or later"

    # What the app needs from the proxy: the client's host, its scheme and its address, and uploads up to
    # the app's own limit.
    assert re.search(r"proxy_set_header\s+Host\s+\$(http_)?host\s*;", nginx)
    assert re.search(r"proxy_set_header\s+X-Forwarded-Proto\s+\$\w+\s*;", nginx)
    assert re.search(r"proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for\s*;", nginx)
    body = re.search(r"client_max_body_size\s+(\w+)\s*;", nginx)
    assert body and megabytes(body.group(1)) > MAX_ATTACHMENT_SIZE
    # The TLS proxy in front and this one each append to X-Forwarded-For.
    assert service_environment(compose_config(), "web")["TRUSTED_PROXY_COUNT"] == "2"


def test_exactly_one_beat():
    services = compose_config()["services"]

    def runs_beat(service):
        command = service.get("command") or []
        return "celery" in command and ("beat" in command or "-B" in command or "--beat" in command)

    beats = [name for name, service in services.items() if runs_beat(service)]
    assert beats == ["beat"], f"beat runs in {beats}"
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1


def image_environment(tmp_path):
    """The final stage's ENV of the Dockerfile, its WORKDIR moved to `tmp_path` (so that nothing the
    settings might create lands in /app on this machine), and the WORKDIR."""
    final = build_stage(parse_dockerfile((ROOT / "Dockerfile").read_text(encoding="utf-8"))[-1])
    moved = {
        name: str(tmp_path) + value[len(final.workdir) :] if value.startswith(final.workdir + "/") else value
        for name, value in final.env.items()
    }
    return moved, final.workdir


def resolved_settings(tmp_path, environment):
    """The settings the app resolves in a container with `environment` (the image's ENV beneath it)."""
    image_env, _ = image_environment(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            **image_env,
            **environment,
            "DJANGO_SETTINGS_MODULE": "frivillig.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), str(tmp_path)


def test_sessions_cache_queue_and_uploads_are_shared_under_the_compose_environment(tmp_path):
    config = compose_config()
    services = config["services"]

    for name in ("web", "worker"):
        environment = service_environment(config, name)
        settings, moved_root = resolved_settings(tmp_path, environment)
        redis_url = environment["REDIS_URL"]
        # Sessions: in PostgreSQL (or a cache every container shares), never in files or process memory.
        assert settings["SESSION_ENGINE"] in SHARED_SESSION_ENGINES, settings["SESSION_ENGINE"]
        # The cache (login rate limits, cached sessions) and Celery's queue: Redis.
        assert settings["CACHES"]["default"] == [REDIS_CACHE, redis_url]
        assert settings["CELERY_BROKER_URL"] == redis_url
        # Failed-login counts (django-axes) in the database.
        assert settings["AXES_HANDLER"] == "axes.handlers.database.AxesDatabaseHandler"
        # Uploads: the filesystem under MEDIA_ROOT, which is where the shared `media` volume is mounted.
        assert settings["STORAGE"] == "core.storage.FileSystemStorage"
        media_root = "/app" + settings["MEDIA_ROOT"][len(moved_root) :]
        mounts = {mount["target"]: mount for mount in services[name]["volumes"]}
        assert mounts[media_root]["type"] == "volume" and mounts[media_root]["source"] == "media", name
    assert "media" in config["volumes"]


def test_uploads_go_to_s3_when_compose_is_told_so(tmp_path):
    bucket = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "frivillig-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.dk",
        "AWS_ACCESS_KEY_ID": "key-id",
        "AWS_SECRET_ACCESS_KEY": "secret-key",
    }
    config = compose_config(env={**REQUIRED, **bucket})

    for name in ("web", "worker"):
        environment = service_environment(config, name)
        assert {key: environment.get(key) for key in bucket} == bucket, name
        settings, _ = resolved_settings(tmp_path, environment)
        assert settings["STORAGE"] == "storages.backends.s3.S3Storage"
        assert settings["STORAGE_OPTIONS"]["bucket_name"] == "frivillig-media"
        assert settings["STORAGE_OPTIONS"]["endpoint_url"] == "https://s3.example.dk"
        assert settings["STORAGE_OPTIONS"]["default_acl"] == "private"
    # Unset, the keys are not passed at all (boto3 then asks the instance role), not passed empty.
    plain = service_environment(compose_config(), "web")
    assert "AWS_ACCESS_KEY_ID" not in plain and "AWS_SECRET_ACCESS_KEY" not in plain
