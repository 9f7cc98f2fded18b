"""`make faults`: kill the Celery worker in the middle of a task, stop Redis and PostgreSQL during requests.

Runs on services of its own so that nothing else on the machine is disturbed: a throw-away PostgreSQL
cluster (initdb under a temporary folder, port FAULTS_PG_PORT, run as the postgres user when started as
root), a redis-server of its own (port FAULTS_REDIS_PORT), gunicorn (2 workers) on a free loopback port
and a Celery worker in its own process group. The data are the bench's on a small scale (its 200-action
implementation plan is the big PDF). Three checks, each printed with what was measured; exit 1 if any
fails:

(a) the worker (every process of it) is killed with SIGKILL while it renders the plan PDF, and a new worker
    is started: the task is delivered again (late acks, reject on worker lost; the broker hands an
    unacknowledged task out again after CELERY_VISIBILITY_TIMEOUT seconds, set short here), completes
    once, and the document ends ready with exactly one file;
(b) Redis is stopped and started again while a client keeps requesting pages;
(c) PostgreSQL is stopped and started again while a client keeps requesting pages: 503 with the Danish
    page meanwhile, 200 again afterwards, without restarting gunicorn.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_PORT = int(os.environ.get("FAULTS_PG_PORT", "5439"))
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6390"))
VISIBILITY_TIMEOUT = 15
DANISH = "Tjenesten er ikke tilgængelig"
results = []


def say(message):
    print(f"faults: {message}", flush=True)


def check(name, ok, detail):
    results.append((name, ok))
    say(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Services:
    def __init__(self, work):
        self.work = work
        self.pgdata = work / "pg"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.port = free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/frivillig_faults",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "SECRET_KEY": "faults-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "VAR_DIR": str(work / "var"),
            "MEDIA_ROOT": str(work / "media"),
            "STATIC_ROOT": str(work / "static"),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            # Short-lived connections are not what is tested: keep the default persistent ones.
            "LOG_LEVEL": "WARNING",
        }
        self.env.pop("DEBUG", None)
        self.gunicorn = self.worker = None
        self.worker_log = work / "celery.log"

    # --- PostgreSQL and Redis of our own ---
    def pg(self, *args):
        return subprocess.run(
            [*self.as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), *args],
            check=True,
            capture_output=True,
            text=True,
        )

    def start_postgres(self):
        self.pg(
            "-o",
            f"-p {PG_PORT} -k {self.work} -c listen_addresses=127.0.0.1",
            "-w",
            "start",
            "-l",
            str(self.work / "pg.log"),
        )

    def stop_postgres(self):
        self.pg("-m", "fast", "-w", "stop")

    def start_redis(self):
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.work),
                "--logfile",
                str(self.work / "redis.log"),
                "--pidfile",
                str(self.work / "redis.pid"),
            ],
            check=True,
        )
        for _ in range(50):
            if (
                subprocess.run(
                    ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True
                ).stdout.strip()
                == "PONG"
            ):
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop_redis(self):
        subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"], capture_output=True)
        for _ in range(50):
            if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).returncode:
                return
            time.sleep(0.1)

    def setup(self):
        self.work.chmod(0o777)
        self.pgdata.mkdir()
        shutil.chown(self.pgdata, "postgres") if self.as_postgres else None
        subprocess.run(
            [
                *self.as_postgres,
                str(PG_BIN / "initdb"),
                "-D",
                str(self.pgdata),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            capture_output=True,
        )
        self.start_postgres()
        subprocess.run(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(PG_PORT),
                "-U",
                "postgres",
                "frivillig_faults",
            ],
            check=True,
        )
        self.start_redis()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        targets = self.work / "targets.json"
        subprocess.run(
            [
                str(BIN / "python"),
                "loadtest/prepare.py",
                str(targets),
                "--volunteers",
                "500",
                "--units",
                "20",
                "--agreements",
                "50",
            ],
            cwd=ROOT,
            env=self.env,
            check=True,
        )

    def manage(self, *args):
        subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=self.env, check=True)

    def start_gunicorn(self):
        self.gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "frivillig.wsgi",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                "2",
                "--error-logfile",
                str(self.work / "gunicorn.log"),
            ],
            cwd=ROOT,
            env=self.env,
        )
        for _ in range(100):
            try:
                if requests.get(self.url("/healthz"), timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer")

    def start_worker(self, name):
        # Its own process group: the kill takes the main process and its pool's children together.
        self.worker = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "frivillig",
                "worker",
                "-l",
                "info",
                "--concurrency",
                "1",
                "-n",
                f"{name}@%h",
                "--logfile",
                str(self.worker_log),
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def teardown(self):
        for process in (self.gunicorn, self.worker):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM) if process is self.worker else process.terminate()
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.stop_redis()
        try:
            self.stop_postgres()
        except subprocess.CalledProcessError:
            pass


def login(services, username, password):
    session = requests.Session()
    page = session.get(services.url("/konto/login/"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        services.url("/konto/login/"),
        {"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={"Referer": services.url("/konto/login/")},
    )
    assert response.status_code == 200 and "/konto/login/" not in response.url, "login failed"
    return session


def kill_worker_mid_task(services, session, plan_pdf_path):
    from_log = services.worker_log.read_text() if services.worker_log.exists() else ""
    offset = len(from_log)
    requested_at = time.time()
    response = session.get(services.url(plan_pdf_path), allow_redirects=False)
    status_path = response.headers["Location"]
    document_id = int(re.search(r"/dokumenter/(\d+)/", status_path).group(1))
    # Wait until the worker has taken the task, then give the render a moment to be well under way.
    deadline = time.time() + 30
    while time.time() < deadline and "make_document" not in services.worker_log.read_text()[offset:]:
        time.sleep(0.05)
    time.sleep(1.0)
    killed_at = time.time()
    os.killpg(services.worker.pid, signal.SIGKILL)
    services.worker.wait()
    log_after_kill = services.worker_log.read_text()[offset:]
    say(
        f"killed the worker (SIGKILL to its group) {killed_at - requested_at:.1f} s after the request;"
        f" it had logged: {'received' if 'received' in log_after_kill else 'nothing'},"
        f" {'succeeded' if 'succeeded' in log_after_kill else 'not finished'}"
    )
    services.start_worker("second")
    deadline = time.time() + VISIBILITY_TIMEOUT + 60
    state = None
    while time.time() < deadline:
        state = document_state(services, document_id)
        if state[0] != "pending":
            break
        time.sleep(0.5)
    finished_after = time.time() - killed_at
    files = sorted((services.work / "media" / "documents").glob("*.pdf"))
    log = services.worker_log.read_text()[offset:]
    succeeded = len(re.findall(r"make_document\[[^\]]+\] succeeded", log))
    check(
        "worker killed mid-task",
        state is not None
        and state[0] == "ready"
        and len(files) == 1
        and succeeded == 1
        and "succeeded" not in log_after_kill,
        f"document {document_id} {state}, {len(files)} file(s) in media/documents, task succeeded "
        f"{succeeded} time(s); ready {finished_after:.1f} s after the kill "
        f"(redelivery after the {VISIBILITY_TIMEOUT} s visibility timeout)",
    )
    download = session.get(services.url(status_path))
    check(
        "the document's page answers",
        download.status_code == 200,
        f"{download.status_code} {download.headers.get('Content-Type')} {len(download.content)} bytes",
    )


def psql(services, sql):
    return subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "-d",
            "frivillig_faults",
            "-Atc",
            sql,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def document_state(services, document_id):
    return tuple(
        psql(services, f"SELECT status, file FROM documents_document WHERE id = {document_id}").split("|")
    )


def wait_for_no_pending_documents(services, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if psql(services, "SELECT count(*) FROM documents_document WHERE status = 'pending'") == "0":
            return
        time.sleep(0.5)
    raise RuntimeError("prepare.py's documents were not made")


class Prober(threading.Thread):
    """Requests the pages over and over (every 0.1 s) and records (time, path, status, Danish page?)."""

    def __init__(self, services, session, paths):
        super().__init__(daemon=True)
        self.services, self.session, self.paths = services, session, paths
        self.seen, self.stop = [], threading.Event()

    def run(self):
        while not self.stop.is_set():
            for path in self.paths:
                try:
                    response = self.session.get(self.services.url(path), timeout=10)
                    danish = DANISH in response.text
                    self.seen.append(
                        (time.time(), path, response.status_code, danish, response.headers.get("Retry-After"))
                    )
                except requests.RequestException as error:
                    self.seen.append((time.time(), path, type(error).__name__, False, None))
            time.sleep(0.1)


def outage(services, session, name, stop, start, paths, down_seconds=5):
    prober = Prober(services, session, paths)
    prober.start()
    time.sleep(1.5)
    stopped_at = time.time()
    stop()
    time.sleep(down_seconds)
    started_at = time.time()
    start()
    back_at = time.time()
    time.sleep(4)
    prober.stop.set()
    prober.join()
    gunicorn_alive = services.gunicorn.poll() is None
    for path in paths:
        rows = [row for row in prober.seen if row[1] == path]
        before = Counter(str(r[2]) for r in rows if r[0] < stopped_at)
        during = Counter(str(r[2]) for r in rows if stopped_at + 0.3 < r[0] < started_at)
        danish = sum(
            1 for r in rows if stopped_at + 0.3 < r[0] < started_at and r[2] == 503 and r[3] and r[4]
        )
        after = [r for r in rows if r[0] > back_at]
        first_ok = next((r[0] for r in after if r[2] == 200), None)
        recovered = first_ok is not None and all(r[2] == 200 for r in after if r[0] >= first_ok)
        say(
            f"{name} down {started_at - stopped_at:.1f} s, {path}: before {dict(before)}, during "
            f"{dict(during)} ({danish} Danish 503 pages with Retry-After), after the restart "
            f"{dict(Counter(str(r[2]) for r in after))}, first 200 "
            f"{'never' if first_ok is None else f'{first_ok - back_at:.2f} s after the service answered'}"
        )
        yield path, before, during, danish, recovered, gunicorn_alive


def main():
    work = Path(tempfile.mkdtemp(prefix="frivillig-faults-"))
    services = Services(work)
    try:
        say(f"own PostgreSQL on port {PG_PORT}, own Redis on port {REDIS_PORT}, work folder {work}")
        services.setup()
        services.start_gunicorn()
        services.start_worker("first")
        import json

        targets = json.loads((work / "targets.json").read_text())
        secretariat = login(services, targets["roles"]["secretariat"]["username"], targets["password"])
        plan_pdf = next(
            path for label, path in targets["roles"]["secretariat"]["pages"] if "Plan PDF" in label
        )
        # prepare.py requested the plan PDF once already: a new version of the plan gets a new document.
        services.manage(
            "shell",
            "-c",
            "from strategies.models import Action; a = Action.objects.first(); "
            "a.title = a.title + ' (ny)'; a.save()",
        )
        wait_for_no_pending_documents(services)  # the first worker makes prepare.py's document first
        kill_worker_mid_task(services, secretariat, plan_pdf)

        paths = ["/", "/healthz"]
        for path, _before, during, _danish, recovered, alive in outage(
            services, secretariat, "Redis", services.stop_redis, services.start_redis, paths
        ):
            if path == "/healthz":
                check(
                    "Redis down: /healthz",
                    set(during) == {"503"} and recovered and alive,
                    f"503 throughout, recovered: {recovered}, gunicorn not restarted: {alive}",
                )
            else:
                check(
                    "Redis down: the start page (needs no Redis)",
                    recovered and alive,
                    f"during {dict(during)}; recovered: {recovered}",
                )
        for path, _before, during, danish, recovered, alive in outage(
            services, secretariat, "PostgreSQL", services.stop_postgres, services.start_postgres, paths
        ):
            only_503 = set(during) == {"503"}
            check(
                f"PostgreSQL down: {path}",
                only_503 and recovered and alive and (path == "/healthz" or danish == sum(during.values())),
                f"during {dict(during)} (Danish pages: {danish}); recovered: {recovered}; "
                f"gunicorn not restarted: {alive}",
            )
    finally:
        services.teardown()
        if not os.environ.get("FAULTS_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    failed = [name for name, ok in results if not ok]
    say(
        f"{len(results) - len(failed)} of {len(results)} checks passed"
        + (f"; failed: {failed}" if failed else "")
    )
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
