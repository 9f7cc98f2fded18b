"""The production image, rebuilt and started without a Docker engine.

The Dockerfile's final stage and the .dockerignore decide which files the image holds (tests/system/
dockerfiles.py reads both the way Docker does); the `assets` stage's `npm ci` is stood in for by the
repository's node_modules (installed by `npm ci` from the same package-lock.json), as many packages as that
`npm ci` would install. The selected tree gets a fresh virtualenv with requirements.txt only, as the
image's `pip install -r requirements.txt`; then, as in production (DEBUG unset, a random SECRET_KEY, the
environment docker-compose.yml gives the web service, a PostgreSQL database and a Redis database of the
test's own): collectstatic (as the image build runs it), migrate, `check --deploy --fail-level WARNING`,
and gunicorn, which must answer /healthz, a page and its static files.

The cheap tests around it show that this catches what it is for: an app left out by a COPY that misses a
package stops `manage.py check` with ModuleNotFoundError, and a module the app imports whose distribution
is pinned only in requirements-dev.txt (or not declared in pyproject.toml) is named.

SYSTEM_IMAGE_DB_NAME (default: SYSTEM_DB_NAME + "_image") and SYSTEM_IMAGE_REDIS_URL (default: the
database after SYSTEM_REDIS_URL's) choose other ones. About 1.5-2.5 minutes on a 2-CPU machine, most of
it pip and collectstatic; the end of the run shows each phase.
"""

import ast
import importlib.metadata
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from django.apps import apps

from tests.system import conftest
from tests.system.composefile import compose_config, service_environment
from tests.system.dockerfiles import (
    BadPattern,
    PatternMatcher,
    UnsupportedDockerfile,
    app_sources,
    build_stage,
    context_files,
    declared,
    go_clean,
    imported_modules,
    local_modules,
    materialize,
    parse_dockerfile,
    pinned,
    read_dockerignore,
    stage_arguments,
    substitute,
    third_party,
    unprovided,
)

ROOT = conftest.ROOT
DOCKERFILE = ROOT / "Dockerfile"
IMAGE_DB_NAME = os.environ.get("SYSTEM_IMAGE_DB_NAME", f"{conftest.DB_NAME}_image")


def _next_database(url):
    base, _, number = url.rpartition("/")
    return f"{base}/{(int(number) + 1) % 16}" if number.isdigit() else f"{url.rstrip('/')}/1"


IMAGE_REDIS_URL = os.environ.get("SYSTEM_IMAGE_REDIS_URL") or _next_database(conftest.REDIS_URL)


# --- .dockerignore, as Docker reads it --------------------------------------------------------------------

DOCKERIGNORE_CASES = [
    # (patterns, path, left out?)
    (["*"], "manage.py", True),
    (["*"], "frivillig/settings.py", True),  # its folder matches
    (["*.pyc"], "a.pyc", True),
    (["*.pyc"], "volunteers/a.pyc", False),  # no slash: the top only (git would match at any depth)
    (["**/*.pyc"], "volunteers/sub/a.pyc", True),
    (["**/*.pyc"], "a.pyc", True),  # ** is zero or more folders
    (["__pycache__"], "volunteers/__pycache__/a.pyc", False),
    (["**/__pycache__"], "volunteers/__pycache__/a.pyc", True),
    (["**/__pycache__"], "__pycache__/a.pyc", True),
    (["var"], "var/media/x.pdf", True),
    (["var/"], "var/media/x.pdf", True),  # a trailing slash is cleaned away: files named so go too
    (["var/"], "var", True),
    (["/var"], "var/media/x.pdf", True),  # a leading slash is the context's top
    (["var"], "variables.py", False),
    (["var*"], "variables.py", True),
    (["docs/*"], "docs/a/b.md", True),
    (["a/*.txt"], "a/b/c.txt", False),  # * does not cross a slash
    (["dir/**"], "dir", False),
    (["dir/**"], "dir/a/b", True),
    (["**"], "any/where/at/all", True),
    (["**/dir2/*"], "dir/dir2/file", True),
    (["a**/*.txt"], "a/b/c.txt", True),
    (["**/foo/bar"], "foo/bar", True),
    (["**/foo/bar"], "x/y/foo/bar", True),
    ([".*"], ".env", True),
    ([".*"], "frivillig/.env", False),
    (["**/.env*"], "frivillig/.env.local", True),
    (["a?c"], "abc", True),
    (["a?c"], "a/c", False),
    (["[a-c]x"], "bx", True),
    (["[^a-c]x"], "bx", False),
    (["[^a-c]x"], "dx", True),
    (["a\\*b"], "a*b", True),
    (["a\\*b"], "axb", False),
    (["abc.def"], "abcXdef", False),  # a dot is a dot
    (["a(b)c|d"], "a(b)c|d", True),
    (["  var  "], "var/x", True),  # white space around a pattern goes
    (["# var"], "var/x", False),  # a comment
    (["./a/../var"], "var/x", True),  # cleaned
    # Several patterns: the last one that matches decides; `!` puts back.
    (["var", "!var/keep.txt"], "var/keep.txt", False),
    (["var", "!var/keep.txt"], "var/other.txt", True),
    (["!var/keep.txt", "var"], "var/keep.txt", True),
    (["**", "!frivillig"], "frivillig/settings.py", False),
    (["**", "!frivillig", "frivillig/local.py"], "frivillig/local.py", True),
    (["*.md", "!README.md"], "README.md", False),
    (["*.md", "!README.md"], "CHANGES.md", True),
]


@pytest.mark.parametrize(("patterns", "path", "left_out"), DOCKERIGNORE_CASES)
def test_dockerignore_patterns(patterns, path, left_out):
    matcher = PatternMatcher(read_dockerignore("\n".join(patterns)))

    assert matcher.matches(path) is left_out


def test_dockerignore_file_is_read_as_buildkit_reads_it():
    text = "\ufeff# a comment\n  /var/  \n!/var/keep\n\n./a/../b\n ! c \n*.pyc\r\n"

    assert read_dockerignore(text) == ["var", "!var/keep", "b", "!c", "*.pyc"]
    assert go_clean("/a//b/./c/..") == "/a/b" and go_clean("") == "." and go_clean("../a/") == "../a"


@pytest.mark.parametrize("pattern", ["[", "a[", "[]a]", "[x-]", "[-x]", "a\\", "!"])
def test_dockerignore_refuses_what_docker_refuses(pattern):
    with pytest.raises(BadPattern):
        PatternMatcher([pattern])


def test_walking_the_context_skips_left_out_folders_but_puts_exceptions_back(tmp_path):
    for path in ("tests/a.py", "tests/system/b.py", ".venv/bin/python", "app/__init__.py", "app/x.pyc"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("")
    matcher = PatternMatcher(["tests", "!tests/system", ".venv", "**/*.pyc"])

    assert sorted(context_files(tmp_path, matcher)) == ["/app/__init__.py", "/tests/system/b.py"]
    assert not matcher.may_put_back_below(".venv") and matcher.may_put_back_below("tests")


# --- The Dockerfile's COPY instructions --------------------------------------------------------------------

SAMPLE_DOCKERFILE = """\
# syntax=docker/dockerfile:1
FROM node:20 AS assets
WORKDIR /build
COPY package.json ./

FROM python:3.11-slim
ENV A=1 \\
    # a comment inside a continuation
    VAR_DIR=/srv/app/var
WORKDIR /srv
WORKDIR app
ARG NAME=manage
COPY ${NAME}.py ./
COPY ["pkg/", "pkg/"]
COPY *.txt ./
COPY --chown=1000:1000 pkg/mod.py renamed.py
COPY --from=assets /build/package.json assets/
"""


def _context(tmp_path, paths):
    for path in paths:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(path)
    return tmp_path


def test_copy_instructions_make_the_stage_tree(tmp_path):
    context = _context(
        tmp_path / "context",
        [
            "manage.py",
            "pkg/__init__.py",
            "pkg/mod.py",
            "pkg/__pycache__/mod.cpython-311.pyc",
            "requirements.txt",
            "notes.txt",
            "package.json",
            "secret/.env",
        ],
    )
    files = context_files(context, PatternMatcher(["**/__pycache__", "secret"]))
    stages = parse_dockerfile(SAMPLE_DOCKERFILE)
    assets = build_stage(stages[0], files)
    final = build_stage(stages[1], files, {"assets": assets})
    copied = materialize(final.files, final.workdir, tmp_path / "tree")

    assert [stage.name for stage in stages] == ["assets", None]
    assert final.workdir == "/srv/app" and final.env == {"A": "1", "VAR_DIR": "/srv/app/var"}
    assert sorted(copied) == [
        "assets/package.json",
        "manage.py",
        "notes.txt",
        "pkg/__init__.py",
        "pkg/mod.py",
        "renamed.py",
        "requirements.txt",
    ]
    assert (tmp_path / "tree" / "renamed.py").read_text() == "pkg/mod.py"
    # A COPY of something the .dockerignore leaves out fails, as the build does.
    excluded = parse_dockerfile("FROM x\nCOPY pkg/__pycache__/mod.cpython-311.pyc ./\n")[0]
    with pytest.raises(FileNotFoundError):
        build_stage(excluded, files)
    several = parse_dockerfile("FROM x\nCOPY manage.py notes.txt dest\n")[0]
    with pytest.raises(UnsupportedDockerfile):
        build_stage(several, files)
    assert substitute("${A:-x}/${B:-y}/$A/${A:+set}/\\$A", {"A": "1"}) == "1/y/1/set/$A"


# --- The real Dockerfile and .dockerignore -----------------------------------------------------------------


def npm_ci(stage, node_modules):
    """What the stage's `npm ci` puts into its WORKDIR's node_modules: the packages of its
    package-lock.json (without the dev ones under --omit=dev), taken from `node_modules`, which `npm ci`
    filled from the same lock (make install)."""
    runs = [run for run in stage.stage.runs() if re.search(r"\bnpm ci\b", run)]
    if not runs:
        return
    lock_file = stage.files[f"{stage.workdir}/package-lock.json"]
    packages = json.loads(Path(lock_file).read_text(encoding="utf-8"))["packages"]
    omit_dev = all("--omit=dev" in run or "--production" in run for run in runs)
    for key, package in packages.items():
        if not key or (omit_dev and package.get("dev")):
            continue
        installed = node_modules / key.removeprefix("node_modules/")
        manifest = installed / "package.json"
        assert manifest.is_file(), f"{installed} is missing: run `npm ci` (make install)"
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        assert version == package["version"], f"{installed} is {version}, the lock pins {package['version']}"
        for directory, _, filenames in os.walk(installed):
            for name in filenames:
                path = Path(directory) / name
                stage.files[f"{stage.workdir}/{key}/{path.relative_to(installed).as_posix()}"] = path


def select_image_tree(target, dockerfile_text=None, context=ROOT, node_modules=ROOT / "node_modules"):
    """Copy what the image's final stage holds below its WORKDIR into `target`; returns the built final
    stage (WORKDIR, ENV, files) and the relative paths copied."""
    files = context_files(context, PatternMatcher.from_file(Path(context) / ".dockerignore"))
    stages = parse_dockerfile(dockerfile_text or DOCKERFILE.read_text(encoding="utf-8"))
    built = {}
    for stage in stages[:-1]:
        built_stage = build_stage(stage, files, built)
        npm_ci(built_stage, node_modules)
        if stage.name:
            built[stage.name] = built_stage
    final = build_stage(stages[-1], files, built)
    return final, materialize(final.files, final.workdir, target)


def local_apps():
    """The project's own apps in INSTALLED_APPS."""
    local = local_modules(ROOT)
    # By their configs' names: an entry may also be an AppConfig's path (frivillig's own admin site).
    return [config.name for config in apps.get_app_configs() if config.name.partition(".")[0] in local]


def test_the_image_holds_the_whole_app_and_nothing_it_must_not(tmp_path):
    _, copied = select_image_tree(tmp_path)
    tops = {path.partition("/")[0] for path in copied}

    for app in local_apps():
        assert f"{app}/__init__.py" in copied, f"the image has no {app}"
    assert {"manage.py", "templates", "static", "locale", "requirements.txt", "node_modules"} <= tops
    assert "node_modules/bootstrap/dist/css/bootstrap.min.css" in copied
    assert not tops & {"tests", "loadtest", "var", "staticfiles", ".venv", ".git", ".ci", "deploy"}
    forbidden = re.compile(r"(^|/)(__pycache__/|\.env|[^/]*\.(pyc|sqlite3)$|\.[a-z_]+_cache/)")
    assert not [path for path in copied if forbidden.search(path)]
    # Dev packages (the HTML checker's Java download) stay out with --omit=dev.
    assert not [path for path in copied if path.startswith("node_modules/vnu-jar/")]


def test_the_dockerignore_keeps_out_planted_secrets_state_and_caches(tmp_path):
    """A context with one of everything: a new app must go in without touching the Dockerfile; local
    settings, state, caches and tests must not."""
    going_in = [
        "manage.py",
        "newapp/__init__.py",
        "newapp/templates/newapp/page.html",
        "newapp/static/newapp/x.js",
        "static/css/x.css",
        "locale/da/LC_MESSAGES/django.mo",
        "requirements.txt",
    ]
    staying_out = [
        ".env",
        ".env.production",
        "newapp/.env.local",
        ".git/config",
        ".venv/bin/python",
        ".ci/run",
        ".mypy_cache/x.json",
        ".pytest_cache/v",
        ".ruff_cache/x",
        "newapp/__pycache__/x.cpython-311.pyc",
        "newapp/old.pyc",
        "var/frivillig.sqlite3",
        "var/media/upload.pdf",
        "db.sqlite3",
        "newapp/x.sqlite3",
        "staticfiles/x.css",
        "node_modules/left-pad/index.js",
        "tests/test_x.py",
        "loadtest/locustfile.py",
        "docker-compose.yml",
        "Dockerfile",
    ]
    context = _context(tmp_path / "context", going_in + staying_out)
    for name in (".dockerignore", "Dockerfile", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, context / name)

    _, copied = select_image_tree(tmp_path / "tree", context=context)

    assert {path for path in copied if not path.startswith("node_modules/")} == {
        *going_in,
        "package.json",
        "package-lock.json",
    }


#: Strings in the settings that name modules (INSTALLED_APPS, MIDDLEWARE, backends, ...).
DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


def app_imports():
    """The third-party top-level modules the app's own code imports, or names in its settings."""
    modules = third_party(imported_modules(app_sources(ROOT)), ROOT)
    distributions = importlib.metadata.packages_distributions()
    settings_file = ROOT / "frivillig" / "settings.py"
    tree = ast.parse(settings_file.read_text(encoding="utf-8"))
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    for string in strings:
        top = string.partition(".")[0]
        if DOTTED.fullmatch(string) and top in distributions:
            modules.setdefault(top, set()).add(str(settings_file))
    return third_party(modules, ROOT), distributions


def test_every_module_the_app_imports_is_pinned_in_requirements_txt():
    modules, distributions = app_imports()

    assert {"django", "celery", "dateutil", "weasyprint", "storages"} <= set(modules)
    missing = unprovided(modules, distributions, pinned(ROOT / "requirements.txt"))
    assert not missing, f"imported by the app but not in requirements.txt (the image's lock): {missing}"


def test_the_requirements_check_names_a_module_pinned_only_in_requirements_dev(tmp_path):
    (tmp_path / "report.py").write_text("import json\n\nimport pytest\nfrom django.db import models\n")
    modules = third_party(imported_modules([tmp_path / "report.py"]), ROOT)
    distributions = importlib.metadata.packages_distributions()

    assert "pytest" in pinned(ROOT / "requirements-dev.txt")
    assert unprovided(modules, distributions, pinned(ROOT / "requirements.txt")) == {"pytest": ["pytest"]}


def test_every_module_the_app_imports_is_declared_in_pyproject():
    modules, distributions = app_imports()

    missing = unprovided(modules, distributions, declared(ROOT / "pyproject.toml"))
    assert not missing, f"imported by the app but not a [project] dependency in pyproject.toml: {missing}"


def test_the_pyproject_check_names_an_import_that_is_only_pulled_in(tmp_path):
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    without = re.sub(r'^\s*"python-dateutil[^"]*",\n', "", text, flags=re.M)
    assert without != text
    (tmp_path / "pyproject.toml").write_text(without)
    modules, distributions = app_imports()

    missing = unprovided(modules, distributions, declared(tmp_path / "pyproject.toml"))
    assert missing == {"dateutil": ["python-dateutil"]}


def final_stage():
    return parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))[-1]


def test_the_image_installs_requirements_txt_and_the_pg_dump_of_the_compose_postgres():
    stage = final_stage()
    variables = stage_arguments(stage)
    runs = [substitute(run, variables) for run in stage.runs()]

    # This test's fresh virtualenv stands in for exactly this install.
    installs = [re.sub(r"\s+", " ", run) for run in runs if re.search(r"\bpip3? install\b", run)]
    assert installs == ["pip install -r requirements.txt"]
    assert any("manage.py collectstatic" in run for run in runs)
    # pg_dump must be of the server's major version or newer: the one of compose's postgres image.
    clients = {int(major) for run in runs for major in re.findall(r"postgresql-client-(\d+)\b", run)}
    image = compose_config()["services"]["postgres"]["image"]
    server = int(re.fullmatch(r"postgres:(\d+)(\.\d+)*(-\w+)?", image).group(1))
    assert clients == {server}, f"the image installs postgresql-client {clients}, compose runs {image}"


# --- The tree, run ---------------------------------------------------------------------------------------


@dataclass
class Image:
    tree: Path
    venv: Path
    final: object
    environment: dict
    host: str


def _run(command, env, cwd, timeout=600):
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    )
    return result


def moved(values, workdir, tree):
    """ENV values below the image's WORKDIR, moved below `tree`."""
    return {
        name: str(tree) + value[len(workdir) :]
        if value == workdir or value.startswith(workdir + "/")
        else value
        for name, value in values.items()
    }


def base_environment(venv, home):
    """A container's environment has the image's ENV and compose's, nothing of this shell's."""
    return {"PATH": f"{venv}/bin:/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


def runtime_environment(image_env, venv, home):
    """The web service's environment as compose gives it (the image's ENV beneath), with the test's own
    database, Redis database and a random key in place of compose's."""
    return {
        **base_environment(venv, home),
        **image_env,
        **service_environment(compose_config(), "web"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"{conftest.DB_SERVER}/{IMAGE_DB_NAME}",
        "REDIS_URL": IMAGE_REDIS_URL,
    }


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    base = tmp_path_factory.mktemp("image")
    tree, venv, home = base / "app", base / "venv", base / "home"
    home.mkdir()
    started = time.monotonic()
    final, _ = select_image_tree(tree)
    selected = time.monotonic()
    conftest.TIMINGS["image: the tree from the Dockerfile and .dockerignore"] = selected - started

    _run([sys.executable, "-m", "venv", str(venv)], os.environ, base)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "install", "-q", "-r", str(tree / "requirements.txt")], os.environ, tree)
    _run([*pip, "check"], os.environ, tree)
    conftest.TIMINGS["image: a fresh virtualenv from requirements.txt"] = time.monotonic() - selected

    conftest.run_sql(
        "postgres",
        f"DROP DATABASE IF EXISTS {IMAGE_DB_NAME} WITH (FORCE)",
        f"CREATE DATABASE {IMAGE_DB_NAME}",
    )
    redis.Redis.from_url(IMAGE_REDIS_URL).flushdb()
    image_env = moved(final.env, final.workdir, tree)
    environment = runtime_environment(image_env, venv, home)
    host = environment["ALLOWED_HOSTS"].split(",")[0].strip().lstrip(".")
    try:
        yield Image(tree=tree, venv=venv, final=final, environment=environment, host=host)
    finally:
        conftest.run_sql("postgres", f"DROP DATABASE IF EXISTS {IMAGE_DB_NAME} WITH (FORCE)")
        redis.Redis.from_url(IMAGE_REDIS_URL).flushdb()


def _get(url, host):
    """GET as the proxy forwards it: the public host, HTTPS said by X-Forwarded-Proto."""
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_image_collects_migrates_passes_check_deploy_and_serves(image):
    python = str(image.venv / "bin" / "python")
    phase = time.monotonic()
    # collectstatic as the build runs it (no database, the insecure key allowed), beside migrate as the
    # compose `migrate` service runs it.
    build_env = {
        **base_environment(image.venv, image.environment["HOME"]),
        **moved(image.final.env, image.final.workdir, image.tree),
        "FRIVILLIG_ALLOW_INSECURE_KEY": "1",
    }
    collectstatic = subprocess.Popen(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=image.tree,
        env=build_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        migrate = compose_config()["services"]["migrate"]["command"]
        assert migrate[:3] == ["python", "manage.py", "migrate"]
        _run([python, *migrate[1:]], image.environment, image.tree)
    finally:
        output, _ = collectstatic.communicate(timeout=600)
    assert collectstatic.returncode == 0, output[-3000:]
    (image.tree / "var" / "media").mkdir(parents=True, exist_ok=True)
    conftest.TIMINGS["image: collectstatic beside migrate"] = time.monotonic() - phase

    phase = time.monotonic()
    check = _run(
        [python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], image.environment, image.tree
    )
    assert "no issues" in check.stdout, check.stdout + check.stderr
    conftest.TIMINGS["image: check --deploy"] = time.monotonic() - phase

    phase = time.monotonic()
    port = conftest.free_port()
    command = list(compose_config()["services"]["web"]["command"])
    command[command.index("-b") + 1] = f"127.0.0.1:{port}"
    command[0] = str(image.venv / "bin" / command[0])
    log_path = image.tree.parent / "gunicorn.log"
    with open(log_path, "wb") as log:
        gunicorn = subprocess.Popen(
            command,
            cwd=image.tree,
            env=image.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:

            def healthy():
                if gunicorn.poll() is not None:
                    raise AssertionError(
                        f"gunicorn exited with {gunicorn.returncode}:\n{log_path.read_text()[-3000:]}"
                    )
                try:
                    return _get(f"{base_url}/healthz", image.host)[0] == 200
                except OSError:
                    return False

            conftest.wait_for(healthy, conftest.STARTUP_TIMEOUT, message=f"{base_url}/healthz to answer 200")
            conftest.TIMINGS["image: gunicorn until /healthz answers"] = time.monotonic() - phase

            status, headers, body = _get(f"{base_url}/healthz", image.host)
            assert status == 200 and json.loads(body) == {"database": "ok", "broker": "ok"}
            status, headers, body = _get(f"{base_url}/konto/login/", image.host)
            assert status == 200, body[:500]
            assert headers["Strict-Transport-Security"].startswith("max-age=")
            stylesheet = re.search(rb'href="(/static/vendor/bootstrap/css/bootstrap\.min\.\w+\.css)"', body)
            assert stylesheet, "the login page links no hashed Bootstrap stylesheet"
            status, headers, _ = _get(base_url + stylesheet.group(1).decode(), image.host)
            assert status == 200 and headers["Content-Type"].startswith("text/css")
        finally:
            conftest._stop([gunicorn])


def test_an_app_left_out_of_the_image_stops_it(image, tmp_path):
    """The Dockerfile as it was: one COPY per folder, one of them missing."""
    left_out = [app for app in local_apps() if app != "frivillig"][-1]
    below = image.final.workdir + "/"
    tops = sorted(
        {path[len(below) :].partition("/")[0] for path in image.final.files if path.startswith(below)}
    )
    copies = "\n".join(f"COPY {name} {name}" for name in tops if name not in {left_out, "node_modules"})
    dockerfile = re.sub(r"^COPY \. \.$", copies, DOCKERFILE.read_text(encoding="utf-8"), flags=re.M)
    assert dockerfile != DOCKERFILE.read_text(encoding="utf-8"), "the Dockerfile has no `COPY . .` line"
    tree = tmp_path / "app"
    final, copied = select_image_tree(tree, dockerfile_text=dockerfile)
    assert f"{left_out}/__init__.py" not in copied and "manage.py" in copied
    environment = {**image.environment, **moved(final.env, final.workdir, tree)}

    result = subprocess.run(
        [str(image.venv / "bin" / "python"), "manage.py", "check"],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert f"ModuleNotFoundError: No module named '{left_out}'" in result.stderr, result.stderr[-2000:]
