"""Load test: the three roles' journeys over real HTTP (run by `make load`, see loadtest/run.sh).

Each simulated user logs in once (the login form with its CSRF token, as a browser does), then browses
its role's key pages in order, round and round, with 1-3 s of think time between pages. The pages come
from the JSON that loadtest/prepare.py wrote (LOAD_TARGETS). A page counts as failed unless it ends,
after redirects, in 200; a login that does not end on the start page fails too.
"""

import json
import os
import re

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ.get("LOAD_TARGETS", "var/load/targets.json"), encoding="utf-8").read())
LOGIN_PATH = "/konto/login/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Journey(HttpUser):
    abstract = True
    role: str = ""
    wait_time = between(1, 3)

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
        with self.client.get(path, name=label, catch_response=True) as response:
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
