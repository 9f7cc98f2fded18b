"""`manage.py bench`: fill one large organisation, then time the main pages beside a trivial view.

A benchmark, not a test. `make bench` runs it on a PostgreSQL database of its own (frivillig_bench),
created before and dropped after; the command itself refuses any database that already holds an
organisation, so that it never writes into the dev or CI data. tests/test_bench.py runs it on a tiny
scale to keep it working.

Each page is requested through Django's test client (all middleware, no network): a few warm-up
requests, then --requests timed ones, each followed by one of the trivial view and one of a logged-in
empty page, so that the ratios compare times of the same stretch; one more request counts the queries.
Pages are found by URL name, so a page that does not exist yet is skipped with a note and measured as
soon as it does.
"""

import math
import random
import statistics
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agreements import bench as agreements_bench
from agreements import demo as agreements_demo
from agreements import pdf as agreement_pdfs
from agreements.models import Agreement
from evaluation import evaluation_pdf
from evaluation.bench import QUESTIONNAIRE_UNITS, answered_questionnaire, fill_dashboard
from evaluation.models import ReportingPeriod, StatusReport
from evaluation.reminders import record_due_reminders
from meetings import bench as meetings_bench
from meetings import pdf as meeting_pdfs
from strategies import bench as strategies_bench
from strategies import memo
from strategies import pdf as strategy_pdfs
from volunteers import demo
from volunteers.models import Organisation, Role, Unit, User, Volunteer, VolunteerOrganisation

ORGANISATION_NAME = "Region Benchmark"
STATIC_FILES_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"
#: Departments per hospital: 500 units are 10 hospitals with 49 departments each.
UNITS_PER_HOSPITAL = 50
#: The follow-up of the approved strategy: every unit reports on this many actions for this many half years.
FOLLOW_UP_PERIODS, FOLLOW_UP_ACTIONS = 20, 10
#: The goal: every page's median at most this many times the logged-in empty page's.
GOAL_RATIO = 5


@dataclass
class Page:
    label: str
    url_name: str
    user: str = "coordinator"  # or "secretariat"
    kwargs: dict = field(default_factory=dict)
    query: str = ""


class Command(BaseCommand):
    help = (
        "Fill an empty database with one large organisation and print median and p95 response times "
        "of the main pages next to a trivial view. Run it through `make bench`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--volunteers", type=int, default=50_000)
        parser.add_argument("--units", type=int, default=500)
        parser.add_argument("--agreements", type=int, default=5_000)
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per page.")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per page first.")
        parser.add_argument("--renders", type=int, default=5, help="Timed renders per worker-made document.")
        parser.add_argument(
            "--only",
            default="",
            help="Measure only the pages and documents whose label contains this text (any case), and "
            "leave out the reminder sweep: for measuring one change.",
        )

    def handle(self, *args, **options):
        if Organisation.objects.exists():
            raise CommandError(
                "The bench fills an empty database and this one holds data. Run it with `make bench`, "
                "which creates the database frivillig_bench for it and drops it afterwards."
            )
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: Django keeps every query in memory, and the times suffer.")
        # The large meeting's attachments are files: they go to a temporary folder, not the real media.
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            self.fill_and_measure(options)

    def fill_and_measure(self, options):
        started = time.perf_counter()
        with transaction.atomic():
            data = fill(options["volunteers"], options["units"], options["agreements"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh planner statistics and GIN indexes without pending entries, as autovacuum keeps
                # them (VACUUM cannot run inside a transaction: the tests run the command in one).
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            f"Filled {ORGANISATION_NAME} in {time.perf_counter() - started:.1f} s: "
            f"{options['volunteers']} volunteers, {options['units']} units, {options['agreements']} "
            f"agreements ({connection.vendor}); the coordinator sees "
            f"{data['coordinator_volunteers']} volunteers and {data['coordinator_agreements']} agreements."
        )
        only = options["only"].casefold()
        results = measure_pages(data, options["warmup"], options["requests"], only)
        self.report(results, options["requests"])
        self.report_renders(data, options["renders"], only)
        if not only:
            self.report_sweep(data["followed_up"])

    def report(self, results, requests):
        self.stdout.write(
            f"\nTimes over {requests} requests per page, through Django's test client, each page's requests "
            "taking turns with the two baselines' (the trivial view /healthz and a logged-in empty page "
            "extending base.html); the ratios are to the baselines' medians over the same stretch:\n"
        )
        self.stdout.write(
            f"{'page':<48} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'× healthz':>10} {'× empty':>8}"
        )
        measured = [(page, result) for page, result in results if not isinstance(result, str)]
        for page, timing in measured:
            self.stdout.write(
                f"{page.label:<48} {timing.median * 1000:>10.1f} {timing.p95 * 1000:>8.1f} "
                f"{timing.queries:>8} {timing.ratio('healthz'):>10.1f} {timing.ratio('empty'):>8.1f}"
            )
        if measured:
            for name, label in [("healthz", "Trivial view (/healthz)"), ("empty", "Empty page (logged in)")]:
                medians = [timing.baselines[name] * 1000 for _page, timing in measured]
                self.stdout.write(
                    f"baseline {label}: median {statistics.median(medians):.1f} ms "
                    f"(per page {min(medians):.1f}–{max(medians):.1f} ms)"
                )
            over = [page.label for page, timing in measured if timing.ratio("empty") > GOAL_RATIO]
            self.stdout.write(
                f"over {GOAL_RATIO}× the empty page: {', '.join(over)}"
                if over
                else f"every page within {GOAL_RATIO}× the empty page"
            )
        for page, result in results:
            if isinstance(result, str):
                self.stdout.write(f"skipped: {page.label}: {result}")

    def report_sweep(self, strategy):
        """The daily reminder sweep's recording phase on the day after the last deadline: every report
        not handed in is overdue. Run twice: the second run finds everything recorded."""
        deadlines = StatusReport.objects.filter(period__strategy=strategy)
        day_after = ReportingPeriod.objects.filter(strategy=strategy).latest("deadline").deadline + timedelta(
            days=1
        )
        self.stdout.write(f"\nReminder sweep over {deadlines.count()} report deadlines:\n")
        for run in ("first", "again"):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                recorded = record_due_reminders(day_after)
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"{run:<8} {seconds:>8.2f} s {len(queries):>6} queries {recorded:>7} reminders recorded"
            )

    def report_renders(self, data, times, only=""):
        """Documents a Celery task makes: how long the task takes to render each (the request only queues)."""
        self.stdout.write(f"\nDocuments rendered by the worker, median of {times}:\n")
        self.stdout.write(f"{'document':<44} {'median s':>10} {'KB':>8}")
        for label, render in renders(data):
            if only not in label.casefold():
                continue
            median, size = median_seconds(render, times)
            self.stdout.write(f"{label:<44} {median:>10.2f} {size / 1024:>8.0f}")


def median_seconds(function, times):
    durations = []
    for _ in range(times):
        started = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations), len(result)


def fill(volunteer_count, unit_count, agreement_count):
    """One organisation with the given numbers of units, volunteers and agreements, in bulk inserts."""
    today = timezone.localdate()
    # Seeded, for made-up benchmark data: nothing secret.
    rng = random.Random("bench")  # nosec B311
    organisation = Organisation.objects.create(name=ORGANISATION_NAME, kind=Organisation.Kind.REGION)
    hospital_count = max(1, math.ceil(unit_count / UNITS_PER_HOSPITAL))
    hospitals = Unit.objects.bulk_create(
        Unit(organisation=organisation, name=f"Hospital {i + 1}", kind=Unit.Kind.HOSPITAL)
        for i in range(hospital_count)
    )
    departments = Unit.objects.bulk_create(
        Unit(
            organisation=organisation,
            parent=hospitals[i % hospital_count],
            name=f"Afsnit {i + 1}",
            kind=Unit.Kind.DEPARTMENT,
        )
        for i in range(unit_count - hospital_count)
    )
    units = hospitals + departments

    names = ["Dansk Røde Kors", "Kræftens Bekæmpelse", "Hjerteforeningen"]
    names += [f"Frivilligforening {i}" for i in range(1, max(0, unit_count // 10 - len(names)) + 1)]
    volunteer_organisations = VolunteerOrganisation.objects.bulk_create(
        VolunteerOrganisation(
            organisation=organisation, name=name, kind=VolunteerOrganisation.Kind.ORGANISATION
        )
        for name in names
    )
    works_with = {unit: rng.sample(volunteer_organisations, min(3, len(names))) for unit in units}
    VolunteerOrganisation.units.through.objects.bulk_create(
        VolunteerOrganisation.units.through(volunteerorganisation=vo, unit=unit)
        for unit, vos in works_with.items()
        for vo in vos
    )

    activities = demo.create_activities(organisation)
    placements = list(works_with.items())
    demo.create_volunteers(
        demo.generate_volunteers(organisation, volunteer_count, placements, activities, "bench", today),
        batch_size=5000,
    )

    coordinator = User.objects.create(
        username="bench.koordinator", organisation=organisation, role=Role.COORDINATOR, first_name="Bente"
    )
    coordinator.units.add(hospitals[0])
    secretariat = User.objects.create(
        username="bench.sekretariat", organisation=organisation, role=Role.SECRETARIAT, first_name="Søren"
    )
    specs = [spec for specs in agreements_demo.AGREEMENTS.values() for spec in specs]
    agreements = []
    for i in range(agreement_count):
        unit = units[i % len(units)]
        agreement = agreements_bench.random_agreement(
            rng, specs[i % len(specs)], unit, rng.choice(works_with[unit]), today
        )
        agreement.responsible = coordinator
        agreements.append(agreement)
    bulk_create_with_history(agreements, Agreement, batch_size=1000, default_user=coordinator)

    mine = {hospitals[0].pk} | {unit.pk for unit in departments if unit.parent_id == hospitals[0].pk}
    volunteer = (
        Volunteer.objects.filter(unit__in=mine, end_date__isnull=True, training_records__isnull=False)
        .order_by("pk")
        .first()
    )
    agreement = Agreement.objects.filter(unit__in=mine).order_by("pk").first()
    strategy_data = strategies_bench.large_strategy(organisation, units, coordinator, rng)
    fill_dashboard(
        organisation,
        units,
        strategy_data["followed_up"],
        periods=FOLLOW_UP_PERIODS,
        actions=FOLLOW_UP_ACTIONS,
    )
    return {
        "users": {"coordinator": coordinator, "secretariat": secretariat},
        "volunteer": volunteer,
        "agreement": agreement,
        "meeting": meetings_bench.large_meeting(organisation),
        **strategy_data,
        "activity": activities[0],  # besøgsven
        "coordinator_volunteers": Volunteer.objects.filter(unit__in=mine).count(),
        "coordinator_agreements": Agreement.objects.filter(unit__in=mine).count(),
    }


def pages(data):
    volunteer, agreement = data["volunteer"], data["agreement"]
    return [
        Page("Start page (coordinator)", "home"),
        Page("Start page (secretariat)", "home", user="secretariat"),
        Page("Volunteer list (coordinator)", "volunteers:volunteer_list"),
        Page(
            "Volunteer list, searched and filtered",
            "volunteers:volunteer_list",
            query=f"q=jensen&status=active&activity={data['activity'].pk}&sort=-start",
        ),
        Page("Volunteer list (secretariat: all)", "volunteers:volunteer_list", user="secretariat"),
        Page("Search, every kind (coordinator)", "search", query="q=jensen"),
        Page("Search, every kind (secretariat: all)", "search", user="secretariat", query="q=jensen"),
        Page("Search by phone digits (secretariat)", "search", user="secretariat", query="q=2758"),
        Page(
            "Search, all volunteers hit, page 2",
            "search",
            user="secretariat",
            query="q=jensen&kind=volunteers&page=2",
        ),
        Page("Volunteer detail", "volunteers:volunteer_detail", kwargs={"pk": volunteer.pk}),
        Page("Volunteer organisation list", "volunteers:volunteer_organisation_list"),
        Page("Agreement list (coordinator)", "agreements:agreement_list"),
        Page("Agreement list (secretariat: all)", "agreements:agreement_list", user="secretariat"),
        Page("Agreement detail", "agreements:agreement_detail", kwargs={"pk": agreement.pk}),
        Page(
            f"Meeting page ({meetings_bench.MEETING_ITEMS} items, "
            f"{meetings_bench.MEETING_ITEMS * meetings_bench.ATTACHMENTS_PER_ITEM} attachments)",
            "meetings:meeting_detail",
            user="secretariat",
            kwargs={"pk": data["meeting"].pk},
        ),
        Page(
            f"Strategy page ({strategies_bench.FOCUS_AREAS} focus areas)",
            "strategies:strategy_detail",
            user="secretariat",
            kwargs={"pk": data["strategy"].pk},
        ),
        Page(
            "Strategy versions compared",
            "strategies:strategy_compare",
            "secretariat",
            {"pk": data["strategy"].pk},
        ),
        Page(
            "Commission and process plan",
            "strategies:commission_detail",
            "secretariat",
            {"pk": data["commission"].pk},
        ),
        Page(
            f"Consultation ({strategies_bench.RESPONSES} responses)",
            "strategies:consultation_detail",
            user="secretariat",
            kwargs={"pk": data["consultation"].pk},
        ),
        Page(
            "Public consultation page (no login)",
            "strategies:consultation_public",
            user="anonymous",
            kwargs={"token": data["consultation"].public_token},
        ),
        Page(
            f"Implementation plan ({strategies_bench.ACTIONS} actions)",
            "strategies:plan_detail",
            user="secretariat",
            kwargs={"pk": data["plan"].pk},
        ),
        Page(
            f"Dashboard (units × {FOLLOW_UP_PERIODS} half years × {FOLLOW_UP_ACTIONS} actions)",
            "evaluation:dashboard",
            user="secretariat",
            kwargs={"pk": data["followed_up"].pk},
        ),
        Page("Status report list (secretariat: all)", "evaluation:report_list", user="secretariat"),
        Page("Status report list (coordinator)", "evaluation:report_list"),
    ]


def renders(data):
    """Documents that a Celery task makes, timed as the task renders them: (label, function). The
    evaluation report's answers are made here the first time (not timed)."""
    questionnaire = answered_questionnaire(data["followed_up"])
    return [
        (
            f"Agenda PDF ({meetings_bench.MEETING_ITEMS} items)",
            partial(meeting_pdfs.agenda_pdf, data["meeting"]),
        ),
        ("Agreement PDF", partial(agreement_pdfs.agreement_pdf, data["agreement"])),
        (
            f"Strategy PDF ({strategies_bench.FOCUS_AREAS} focus areas)",
            partial(strategy_pdfs.strategy_pdf, data["strategy"]),
        ),
        (
            f"Implementation-plan PDF ({strategies_bench.ACTIONS} actions)",
            partial(strategy_pdfs.plan_pdf, data["plan"]),
        ),
        (
            f"Consultation memo PDF ({strategies_bench.RESPONSES} responses)",
            partial(memo.memo_pdf, data["consultation"]),
        ),
        (
            f"Evaluation report PDF ({QUESTIONNAIRE_UNITS} units)",
            partial(evaluation_pdf.report_pdf, questionnaire),
        ),
    ]


def measure_pages(data, warmup, requests, only=""):
    """[(page, Timing or why it was skipped)]."""
    # The test client's host; static files without collectstatic's manifest (a lookup either way), and
    # so without WhiteNoise's warning that there is no STATIC_ROOT; the URLs with the empty page.
    with (
        override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_FILES_STORAGE}},
            ROOT_URLCONF=__name__,
        ),
        warnings.catch_warnings(),
    ):
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        return list(_measure_pages(data, warmup, requests, only))


def empty_page(request):
    """The second baseline: a page extending base.html with nothing in it, for a logged-in user (the
    session, the organisation, the menu and the header: what every page costs before its own work)."""
    return HttpResponse(engines["django"].from_string('{% extends "base.html" %}').render({}, request))


urlpatterns = [
    path("bench/empty-page/", empty_page, name="bench_empty_page"),
    path("", include(settings.ROOT_URLCONF)),
]

#: The baselines, measured in turn with each page's requests (not once at the start): the trivial view
#: and the logged-in empty page, as the coordinator.
BASELINES = {"healthz": "healthz", "empty": "bench_empty_page"}


@dataclass
class Timing:
    median: float
    p95: float
    queries: int
    #: The baselines' medians over the same stretch of time: {"healthz": s, "empty": s}.
    baselines: dict

    def ratio(self, baseline):
        return self.median / self.baselines[baseline]


def _measure_pages(data, warmup, requests, only):
    clients = {"anonymous": Client()}
    for role, user in data["users"].items():
        clients[role] = Client()
        clients[role].force_login(user)
    baselines = {name: (clients["coordinator"], reverse(url_name)) for name, url_name in BASELINES.items()}
    for page in pages(data):
        if only not in page.label.casefold():
            continue
        try:
            url = reverse(page.url_name, kwargs=page.kwargs)
        except NoReverseMatch:
            yield page, f"the URL {page.url_name} does not exist yet"
            continue
        url = f"{url}?{page.query}" if page.query else url
        yield page, measure(clients[page.user], url, warmup, requests, baselines)


def measure(client, url, warmup, requests, baselines):
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            return f"{url} answered {response.status_code}"
    times = {name: [] for name in ["page", *baselines]}
    for _ in range(requests):
        for name, (get, address) in [("page", (client, url)), *baselines.items()]:
            started = time.perf_counter()
            get.get(address)
            times[name].append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    page_times = sorted(times.pop("page"))
    p95 = page_times[math.ceil(0.95 * len(page_times)) - 1]  # nearest rank
    return Timing(
        statistics.median(page_times),
        p95,
        len(queries),
        {name: statistics.median(baseline) for name, baseline in times.items()},
    )
