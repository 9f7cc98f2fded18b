"""The system test harness: the app as a region runs it, as separate processes on loopback.

Once per session: a fresh PostgreSQL database (frivillig_system), migrated and seeded with the demo
data, the static files collected into a temporary STATIC_ROOT; then gunicorn (two workers), a Celery
worker and Celery beat are started as subprocesses with production-like settings (DEBUG unset, a real
SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, PostgreSQL, a Redis database of their own, e-mails as files under
a temporary VAR_DIR). The tests talk to them over real HTTP only, keeping cookies and CSRF tokens as a
browser does; what they check beyond the answers (a Document row, a reminder row) they read from the
database. At the end every process is stopped (SIGTERM, then SIGKILL) and the database dropped.

`make test-system` runs this suite; the normal `make test` leaves tests/system out (pyproject.toml).
"""

import email
import email.policy
import html
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import redis

from volunteers.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DB_SERVER = os.environ.get("SYSTEM_DB_SERVER", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("SYSTEM_DB_NAME", "frivillig_system")
REDIS_URL = os.environ.get("SYSTEM_REDIS_URL", "redis://127.0.0.1:6379/8")
#: Beat runs every scheduled task this often (settings.FRIVILLIG_BEAT_EVERY_SECONDS).
BEAT_EVERY_SECONDS = 3
STARTUP_TIMEOUT = 60
#: Seconds per phase, shown at the end of the run (pytest_terminal_summary below).
TIMINGS = {}
#: Variables of the calling shell that must not reach the app's processes: they would make the
#: settings less production-like (DEBUG, the insecure key) or send e-mail elsewhere.
DROPPED_VARIABLES = ("DEBUG", "FRIVILLIG_ALLOW_INSECURE_KEY", "EMAIL_HOST", "DJANGO_SETTINGS_MODULE", "HTTPS")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_sql(database, *statements):
    with psycopg.connect(f"{DB_SERVER}/{database}", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


@dataclass
class Response:
    status: int
    url: str
    headers: object
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    @property
    def path(self):
        parts = urllib.parse.urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def links(self, pattern):
        """The hrefs on the page that match `pattern` (a regular expression for the whole path), in order,
        without repeats."""
        found = []
        for href in re.findall(r'href="([^"]+)"', self.text):
            href = html.unescape(href)
            if re.fullmatch(pattern, href) and href not in found:
                found.append(href)
        return found

    def link(self, pattern):
        links = self.links(pattern)
        assert links, f"no link matching {pattern!r} on {self.url}"
        return links[0]

    def csrf_token(self):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text)
        assert match, f"no CSRF token in a form on {self.url}"
        return match.group(1)


class _KeepErrors(urllib.request.HTTPErrorProcessor):
    """Redirects are followed; 4xx and 5xx answers are returned like any other, for the tests to assert on."""

    def http_response(self, request, response):
        if 300 <= response.status < 400:
            return super().http_response(request, response)
        return response

    https_response = http_response


class Browser:
    """A cookie-keeping HTTP client on urllib that follows redirects, as a browser without scripts."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _KeepErrors()
        )

    def request(self, path, data=None, headers=None):
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(
            url, data=body, headers={"Accept-Language": "da", **(headers or {})}, method=None
        )
        with self.opener.open(request, timeout=60) as answer:
            return Response(answer.status, answer.url, answer.headers, answer.read())

    def get(self, path, **kwargs):
        return self.request(path, **kwargs)

    def post(self, path, data, page):
        """Submit a form found on `page` (a Response) with its CSRF token, as the browser would."""
        return self.request(path, data={"csrfmiddlewaretoken": page.csrf_token(), **data})

    def log_in(self, username, password=DEMO_PASSWORD):
        form = self.get("/konto/login/")
        assert form.status == 200
        answer = self.post("/konto/login/", {"username": username, "password": password}, form)
        assert answer.status == 200, answer.text[:500]
        assert answer.path == "/", f"{username} was not logged in: ended on {answer.url}"
        return answer


@dataclass
class System:
    base_url: str
    var_dir: Path
    log_dir: Path
    database_url: str
    processes: dict = field(default_factory=dict)

    def browser(self):
        return Browser(self.base_url)

    def query(self, sql, *params):
        with psycopg.connect(self.database_url) as connection:
            return connection.execute(sql, params).fetchall()

    def mails(self):
        """Every e-mail written so far by the file backend (one file per connection, messages separated by
        a line of 79 dashes), parsed."""
        messages = []
        mail_dir = self.var_dir / "mail"
        for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk.strip(), policy=email.policy.default))
        return messages

    def log_tail(self, name, lines=40):
        path = self.log_dir / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def wait_for(condition, timeout, interval=0.5, message="condition"):
    """Call `condition` until it returns something truthy (returned) or `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)


def download_link(browser, waiting, timeout=120):
    """The download link on a document's waiting page (`waiting`, a Response) once the worker has made the
    PDF; the page reloads itself until then, as the test does here."""
    match = re.fullmatch(r"/dokumenter/(\d+)/", waiting.path)
    assert match, f"not a waiting page: {waiting.url}"

    def links():
        page = browser.get(waiting.path)
        assert page.status == 200
        return page.links(rf"/dokumenter/{match.group(1)}/hent/")

    [download] = wait_for(links, timeout=timeout, interval=1, message="the worker to make the PDF")
    return download


def _signal(process, signum):
    """A signal to the process's own group (a prefork worker's children too), if it still runs."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            pass


def _stop(processes, timeout=20):
    """SIGTERM to every process, then SIGKILL to those still running after `timeout` seconds."""
    for process in processes:
        _signal(process, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal(process, signal.SIGKILL)
            process.wait(10)


def _healthz_answers(base_url):
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as answer:
            return answer.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def system(tmp_path_factory):
    started = time.monotonic()
    base = tmp_path_factory.mktemp("system")
    var_dir, log_dir, static_root = base / "var", base / "logs", base / "static"
    for folder in (var_dir, log_dir):
        folder.mkdir()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    database_url = f"{DB_SERVER}/{DB_NAME}"

    run_sql("postgres", f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)", f"CREATE DATABASE {DB_NAME}")
    redis.Redis.from_url(REDIS_URL).flushdb()

    env = {key: value for key, value in os.environ.items() if key not in DROPPED_VARIABLES}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        VAR_DIR=str(var_dir),
        STATIC_ROOT=str(static_root),
        SITE_URL=base_url,
        FRIVILLIG_BEAT_EVERY_SECONDS=str(BEAT_EVERY_SECONDS),
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    manage = [str(BIN / "python"), "manage.py"]
    # collectstatic (hashing and compressing every file, the slowest step) beside migrate and seed_demo.
    collectstatic = subprocess.Popen([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env)
    try:
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            subprocess.run([*manage, *command, "-v0"], cwd=ROOT, env=env, check=True)
    finally:
        assert collectstatic.wait(300) == 0, "collectstatic failed"
    prepared = time.monotonic()

    commands = {
        "gunicorn": [
            str(BIN / "gunicorn"),
            "frivillig.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--access-logfile",
            "-",
        ],
        "worker": [str(BIN / "celery"), "-A", "frivillig", "worker", "-l", "info", "--concurrency", "2"],
        "beat": [
            str(BIN / "celery"),
            "-A",
            "frivillig",
            "beat",
            "-l",
            "info",
            "--schedule",
            str(base / "celerybeat-schedule"),
        ],
    }
    system = System(base_url=base_url, var_dir=var_dir, log_dir=log_dir, database_url=database_url)
    logs = []
    try:
        for name, command in commands.items():
            log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 (closed below)
            logs.append(log)
            system.processes[name] = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

        def ready():
            for name, process in system.processes.items():
                if process.poll() is not None:
                    raise AssertionError(f"{name} exited with {process.returncode}:\n{system.log_tail(name)}")
            return _healthz_answers(base_url)

        wait_for(ready, STARTUP_TIMEOUT, message=f"{base_url}/healthz to answer 200")
        TIMINGS["database, demo data and collectstatic"] = prepared - started
        TIMINGS["gunicorn, worker and beat until /healthz answers"] = time.monotonic() - prepared
        yield system
        for name, process in system.processes.items():
            assert process.poll() is None, f"{name} died during the tests:\n{system.log_tail(name)}"
    finally:
        stopping = time.monotonic()
        _stop(list(system.processes.values()))
        TIMINGS["stopping the processes"] = time.monotonic() - stopping
        for log in logs:
            log.close()
        run_sql("postgres", f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def browser(system):
    return system.browser()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed system test shows the end of each process's log."""
    report = yield
    system = getattr(item, "funcargs", {}).get("system")
    if report.failed and system is not None:
        for name in system.processes:
            report.sections.append((f"{name} log (last lines)", system.log_tail(name)))
    return report


def pytest_terminal_summary(terminalreporter):
    if TIMINGS:
        terminalreporter.section("system test timings")
        for phase, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{phase}: {seconds:.1f} s")
