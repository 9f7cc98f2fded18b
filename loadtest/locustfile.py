"""Load test: the three roles' journeys over real HTTP beside a probe (run by `make load`, see run.sh).

Each simulated user logs in once (the login form with its CSRF token, as a browser does), then browses
its role's key pages in order, round and round, thinking LOAD_THINK_MIN-LOAD_THINK_MAX seconds (10-30)
between pages. The pages come from the JSON that loadtest/prepare.py wrote (LOAD_TARGETS). A page counts
as failed unless it ends, after redirects, in 200; a login that does not end on the start page fails too.

One probe user asks for /healthz every half second throughout: what the server's queue adds to the
cheapest request, to compare each page with.

LOAD_MODE=capacity adds a LoadTestShape that raises the number of users step by step until the probe's
p95 over the last PROBE_WINDOW seconds passes LOAD_PROBE_LIMIT_MS (100 ms), then stops and writes the
requests per second the journeys reached at that point to LOAD_CAPACITY_OUT.
"""

import json
import os
import re
import time
from collections import defaultdict, deque

from locust import HttpUser, LoadTestShape, between, constant, events, task

TARGETS = json.loads(open(os.environ.get("LOAD_TARGETS", "var/load/targets.json"), encoding="utf-8").read())
LOGIN_PATH = "/konto/login/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
THINK = float(os.environ.get("LOAD_THINK_MIN", "10")), float(os.environ.get("LOAD_THINK_MAX", "30"))
PROBE = "Probe (/healthz)"
#: Sent with each page and written by gunicorn into its access log: the server's time per page (several
#: pages share a path: "/" is three roles' start pages).
LABEL_HEADER = "X-Load-Label"
LOGIN_NAMES = {"Login page", "Login (POST)"}


class Journey(HttpUser):
    abstract = True
    role: str = ""
    wait_time = between(*THINK)

    def on_start(self):
        role = TARGETS["roles"][self.role]
        self.pages = role["pages"]
        self.position = 0
        form = self.client.get(LOGIN_PATH, name="Login page")
        token = CSRF_INPUT.search(form.text)
        with self.client.post(
            LOGIN_PATH,
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": role["username"],
                "password": TARGETS["password"],
            },
            headers={"Referer": self.host + LOGIN_PATH},
            name="Login (POST)",
            catch_response=True,
        ) as response:
            # A successful login redirects to the start page; a failed one shows the form again.
            if response.status_code != 200 or response.url.rstrip("/").endswith(LOGIN_PATH.rstrip("/")):
                response.failure(f"login as {role['username']} failed ({response.status_code})")

    @task
    def next_page(self):
        label, path = self.pages[self.position % len(self.pages)]
        self.position += 1
        with self.client.get(
            path, name=label, headers={LABEL_HEADER: label}, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class Coordinator(Journey):
    role = "coordinator"
    weight = 3


class Secretariat(Journey):
    role = "secretariat"
    weight = 1


class SteeringGroup(Journey):
    role = "steering_group"
    weight = 1


class Probe(HttpUser):
    """Exactly one, started first: the trivial view, twice a second."""

    fixed_count = 1
    wait_time = constant(0.5)

    @task
    def healthz(self):
        self.client.get("/healthz", name=PROBE, headers={LABEL_HEADER: PROBE})


# --- capacity: more users until the probe slows down -------------------------------------------------

PROBE_WINDOW = 15  # seconds
PROBE_LIMIT_MS = float(os.environ.get("LOAD_PROBE_LIMIT_MS", "100"))
#: (time, response time in ms) of the probe's requests and of the journeys' pages (not logins), for the
#: last PROBE_WINDOW seconds.
probe_times: deque = deque()
page_times: deque = deque()


#: Each request's response time in ms by name, exact: locust's own percentiles round to whole
#: milliseconds, up to 6 % of the probe's p95 of about 9 ms. Kept when run.sh names a file for them
#: (LOAD_CLIENT_TIMES, the steady mode), written there for report.py when the run ends.
CLIENT_TIMES_OUT = os.environ.get("LOAD_CLIENT_TIMES")
client_times: defaultdict = defaultdict(list)


@events.request.add_listener
def _remember(request_type, name, response_time, response_length, exception=None, **kwargs):
    if CLIENT_TIMES_OUT:
        client_times[name].append(response_time)
    now = time.monotonic()
    if name == PROBE:
        probe_times.append((now, response_time))
    elif name not in LOGIN_NAMES and exception is None:
        page_times.append((now, response_time))
    for times in (probe_times, page_times):
        while times and times[0][0] < now - PROBE_WINDOW:
            times.popleft()


@events.test_stop.add_listener
def _write_client_times(**kwargs):
    if CLIENT_TIMES_OUT:
        with open(CLIENT_TIMES_OUT, "w", encoding="utf-8") as out:
            json.dump(client_times, out)


def probe_p95():
    values = sorted(response_time for _when, response_time in probe_times)
    return values[int(0.95 * (len(values) - 1))] if values else 0.0


if os.environ.get("LOAD_MODE") == "capacity":

    class Ramp(LoadTestShape):
        """LOAD_STEP_USERS more users every LOAD_STEP_SECONDS. At the end of each step its last
        PROBE_WINDOW seconds are judged, after the new users' logins (a password hash costs a third of a
        second of CPU): once the probe's p95 there passes the limit, the test stops and the previous
        step's pages per second are the capacity (LOAD_MAX_USERS ends it too)."""

        step_users = int(os.environ.get("LOAD_STEP_USERS", "10"))
        step_seconds = float(os.environ.get("LOAD_STEP_SECONDS", "30"))
        max_users = int(os.environ.get("LOAD_MAX_USERS", "400"))
        step = 0
        steps: list = []

        def tick(self):
            step = int(self.get_run_time() // self.step_seconds)
            if step != self.step:
                self.step = step
                self.steps.append(
                    {
                        "users": self.get_current_user_count(),
                        "probe_p95_ms": probe_p95(),
                        "pages_per_second": round(len(page_times) / PROBE_WINDOW, 1),
                    }
                )
                if self.steps[-1]["probe_p95_ms"] > PROBE_LIMIT_MS:
                    return self._record("the probe's p95 passed the limit")
            users = 1 + self.step_users * (step + 1)
            if users > self.max_users:
                return self._record("the most users allowed were running")
            return users, self.step_users

        def _record(self, why):
            within = [step for step in self.steps if step["probe_p95_ms"] <= PROBE_LIMIT_MS]
            result = {
                "why": why,
                "window_seconds": PROBE_WINDOW,
                "limit_ms": PROBE_LIMIT_MS,
                "capacity": within[-1] if within else None,
                "steps": self.steps,
            }
            with open(os.environ.get("LOAD_CAPACITY_OUT", "var/load/capacity.json"), "w") as out:
                json.dump(result, out)
