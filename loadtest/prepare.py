"""Fill the load test's database with the bench's data and write the journeys' pages for locust.

Run by loadtest/run.sh (`make load`) on a fresh database of its own: it fills one organisation exactly as
`make bench` does (frivillig/management/commands/bench.py's fill(): 50,000 volunteers, 500 units, 5,000
agreements, a 30-item meeting, a 15-area strategy with a 200-action plan, 300 consultation responses and
the follow-up of 500 units x 20 half years), gives the bench's coordinator and secretariat a password,
adds a steering-group member, and writes loadtest/targets.json-style JSON: per role the user name and the
pages of its journey as (label, path). Every page is first requested once through Django's test client
as that user; a page that does not answer 200 is left out with a note, so the load test only measures
pages that work.

    python loadtest/prepare.py OUT.json [--volunteers N --units N --agreements N]
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frivillig.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from frivillig.management.commands.bench import fill  # noqa: E402
from volunteers import demo  # noqa: E402
from volunteers.models import Organisation, Role, User  # noqa: E402

PASSWORD = demo.DEMO_PASSWORD


def journeys(data):
    """Per role: (label, URL name, kwargs, query). The labels are the rows of the load test's table."""
    volunteer, agreement, strategy = data["volunteer"], data["agreement"], data["followed_up"]
    consultation = data["consultation"]
    return {
        "coordinator": [
            ("Start page (coordinator)", "home", {}, ""),
            ("Volunteer list (coordinator)", "volunteers:volunteer_list", {}, ""),
            (
                "Volunteer list, searched",
                "volunteers:volunteer_list",
                {},
                f"q=jensen&status=active&activity={data['activity'].pk}",
            ),
            ("Volunteer detail", "volunteers:volunteer_detail", {"pk": volunteer.pk}, ""),
            ("Agreement list (coordinator)", "agreements:agreement_list", {}, ""),
            ("Agreement detail", "agreements:agreement_detail", {"pk": agreement.pk}, ""),
            ("Agreement PDF (made by the worker)", "agreements:agreement_pdf", {"pk": agreement.pk}, ""),
            ("Status report list (coordinator)", "evaluation:report_list", {}, ""),
        ],
        "secretariat": [
            ("Start page (secretariat)", "home", {}, ""),
            ("Volunteer list (secretariat: all)", "volunteers:volunteer_list", {}, ""),
            ("Agreement list (secretariat: all)", "agreements:agreement_list", {}, ""),
            ("Meeting page (30 items)", "meetings:meeting_detail", {"pk": data["meeting"].pk}, ""),
            ("Strategy page (15 focus areas)", "strategies:strategy_detail", {"pk": data["strategy"].pk}, ""),
            ("Consultation (300 responses)", "strategies:consultation_detail", {"pk": consultation.pk}, ""),
            ("Implementation plan (200 actions)", "strategies:plan_detail", {"pk": data["plan"].pk}, ""),
            ("Plan PDF (made by the worker)", "strategies:plan_pdf", {"pk": data["plan"].pk}, ""),
            ("Status report list (secretariat: all)", "evaluation:report_list", {}, ""),
        ],
        "steering_group": [
            ("Start page (steering group)", "home", {}, ""),
            ("Follow-up dashboard (500 units)", "evaluation:dashboard", {"pk": strategy.pk}, ""),
            ("Strategy page (approved)", "strategies:strategy_detail", {"pk": strategy.pk}, ""),
            ("Status report list (steering group)", "evaluation:report_list", {}, ""),
            ("Agreement list (steering group)", "agreements:agreement_list", {}, ""),
        ],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--volunteers", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--agreements", type=int, default=5_000)
    options = parser.parse_args()
    if Organisation.objects.exists():
        sys.exit("prepare.py fills an empty database; this one holds data (run it through `make load`).")
    started = time.perf_counter()
    with transaction.atomic():
        data = fill(options.volunteers, options.units, options.agreements)
        users = dict(data["users"])
        users["steering_group"] = User.objects.create(
            username="bench.styregruppe",
            organisation=users["coordinator"].organisation,
            role=Role.STEERING_GROUP,
            first_name="Stine",
        )
        for user in users.values():
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum keeps the planner statistics and GIN indexes
    print(
        f"prepare: filled in {time.perf_counter() - started:.1f} s: {options.volunteers} volunteers, "
        f"{options.units} units, {options.agreements} agreements"
    )
    targets = {"password": PASSWORD, "roles": {}}
    with override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        for role, pages in journeys(data).items():
            client = Client()
            client.force_login(users[role])
            kept = []
            for label, url_name, kwargs, query in pages:
                path = reverse(url_name, kwargs=kwargs) + (f"?{query}" if query else "")
                status = client.get(path).status_code
                if status in (200, 302):
                    kept.append([label, path])
                else:
                    print(f"prepare: left out {label} ({path}) for {role}: it answered {status}")
            targets["roles"][role] = {"username": users[role].username, "pages": kept}
    Path(options.out).write_text(json.dumps(targets, indent=2, ensure_ascii=False))
    print(f"prepare: {sum(len(r['pages']) for r in targets['roles'].values())} pages in {options.out}")


if __name__ == "__main__":
    main()
