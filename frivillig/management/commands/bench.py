"""`manage.py bench`: fill one large organisation, then time the main pages beside a trivial view.

A benchmark, not a test. `make bench` runs it on a PostgreSQL database of its own (frivillig_bench),
created before and dropped after; the command itself refuses any database that already holds an
organisation, so that it never writes into the dev or CI data. tests/test_bench.py runs it on a tiny
scale to keep it working.

Each page is requested through Django's test client (all middleware, no network): a few warm-up
requests, then --requests timed ones; one more counts the queries. Pages are found by URL name, so a
page that does not exist yet is skipped with a note and measured as soon as it does.
"""

import math
import random
import statistics
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as clock
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agreements.models import Agreement
from evaluation.bench import fill_dashboard
from evaluation.models import ReportingPeriod, StatusReport
from evaluation.reminders import record_due_reminders
from meetings import demo as meetings_demo
from meetings.models import AgendaItem, Attachment, Body, Meeting
from strategies import demo as strategies_demo
from strategies import memo
from strategies import pdf as strategy_pdfs
from strategies.models import (
    Action,
    BudgetAmount,
    BudgetLine,
    Commission,
    Consultation,
    ConsultationResponse,
    ConsultedParty,
    EffectTarget,
    FocusArea,
    ImplementationPlan,
    Milestone,
    PlanPart,
    ProcessVariant,
    Strategy,
)
from volunteers import demo
from volunteers.models import Organisation, Role, Unit, User, Volunteer, VolunteerOrganisation

ORGANISATION_NAME = "Region Benchmark"
STATIC_FILES_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"
#: Departments per hospital: 500 units are 10 hospitals with 49 departments each.
UNITS_PER_HOSPITAL = 50
#: The large meeting: items on its agenda and attachments on each (the agenda PDF is about 40 pages).
MEETING_ITEMS, ATTACHMENTS_PER_ITEM = 30, 2
#: The large strategy: focus areas, actions of its implementation plan and consultation responses.
FOCUS_AREAS, ACTIONS, RESPONSES = 15, 200, 300
#: The follow-up of the approved strategy: every unit reports on this many actions for this many half years.
FOLLOW_UP_PERIODS, FOLLOW_UP_ACTIONS = 20, 10
# How the agreements are spread over the workflow's states.
STATUS_WEIGHTS = {
    Agreement.Status.DRAFT: 10,
    Agreement.Status.TR_DIALOGUE: 5,
    Agreement.Status.APPROVED: 5,
    Agreement.Status.ACTIVE: 60,
    Agreement.Status.DUE_FOR_REVIEW: 10,
    Agreement.Status.ENDED: 10,
}


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
                cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum keeps them in production
        self.stdout.write(
            f"Filled {ORGANISATION_NAME} in {time.perf_counter() - started:.1f} s: "
            f"{options['volunteers']} volunteers, {options['units']} units, {options['agreements']} "
            f"agreements ({connection.vendor}); the coordinator sees "
            f"{data['coordinator_volunteers']} volunteers and {data['coordinator_agreements']} agreements."
        )
        self.report(measure_pages(data, options["warmup"], options["requests"]), options["requests"])
        self.report_renders(data, options["renders"])
        self.report_sweep(data["followed_up"])

    def report(self, results, requests):
        trivial = results[0][1] if not isinstance(results[0][1], str) else None
        self.stdout.write(f"\nTimes over {requests} requests per page, through Django's test client:\n")
        self.stdout.write(f"{'page':<44} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'× trivial':>10}")
        notes = []
        for page, result in results:
            if isinstance(result, str):
                notes.append(f"{page.label}: {result}")
                continue
            median, p95, queries = result
            ratio = median / trivial[0] if trivial else float("nan")
            line = f"{page.label:<44} {median * 1000:>10.1f} {p95 * 1000:>8.1f} {queries:>8} {ratio:>10.1f}"
            self.stdout.write(line)
        for note in notes:
            self.stdout.write(f"skipped: {note}")

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

    def report_renders(self, data, times):
        """Documents a Celery task makes: how long the task takes to render each (the request only queues)."""
        self.stdout.write(f"\nDocuments rendered by the worker, median of {times}:\n")
        self.stdout.write(f"{'document':<44} {'median s':>10} {'KB':>8}")
        for label, render in renders(data):
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
    specs = [spec for specs in demo.AGREEMENTS.values() for spec in specs]
    agreements = []
    for i in range(agreement_count):
        unit = units[i % len(units)]
        agreement = _agreement(rng, specs[i % len(specs)], unit, rng.choice(works_with[unit]), today)
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
    return {
        "users": {"coordinator": coordinator, "secretariat": secretariat},
        "volunteer": volunteer,
        "agreement": agreement,
        "meeting": _large_meeting(organisation),
        **_large_strategy(organisation, units, coordinator, rng),
        "activity": activities[0],  # besøgsven
        "coordinator_volunteers": Volunteer.objects.filter(unit__in=mine).count(),
        "coordinator_agreements": Agreement.objects.filter(unit__in=mine).count(),
    }


def _agreement(rng, spec, unit, volunteer_organisation, today):
    """An agreement from a demo spec, at a random point of its workflow, its fields set to match it."""
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    fields = demo.agreement_fields(spec, today)
    started = status not in {Agreement.Status.DRAFT, Agreement.Status.TR_DIALOGUE, Agreement.Status.APPROVED}
    start = today + timedelta(days=-rng.randint(30, 1500) if started else rng.randint(1, 120))
    if status == Agreement.Status.DUE_FOR_REVIEW:
        review = max(start, today - timedelta(days=rng.randint(0, 60)))
    elif status == Agreement.Status.ENDED:
        review = start + timedelta(days=rng.randint(0, (today - start).days))
    else:
        review = max(start, today) + timedelta(days=rng.randint(1, 700))
    fields.update(
        title=f"{spec['title']} ({unit.name})",
        status=status,
        start_date=start,
        review_date=review,
        end_date=review if status == Agreement.Status.ENDED else None,
    )
    if status != Agreement.Status.DRAFT:
        _held_on, held_with, outcome = spec.get("tr_dialogue") or (0, "Tillidsrepræsentanten", "Positiv.")
        fields.update(
            tr_dialogue_on=min(today, start - timedelta(days=60)),
            tr_dialogue_with=held_with,
            tr_dialogue_outcome=outcome,
        )
    if status not in {Agreement.Status.DRAFT, Agreement.Status.TR_DIALOGUE}:
        fields.update(approved_by="Hospitalsledelsen", approved_on=min(today, start - timedelta(days=30)))
    if status == Agreement.Status.ENDED:
        fields["ended_on"] = review
    return Agreement(
        organisation=unit.organisation, unit=unit, volunteer_organisation=volunteer_organisation, **fields
    )


def _large_meeting(organisation):
    """A working group's meeting with MEETING_ITEMS items in seed 003's format, each with attachments."""
    body = Body.objects.create(organisation=organisation, name="Arbejdsgruppen", kind=Body.Kind.WORKING_GROUP)
    meeting = Meeting.objects.create(
        body=body, date=date(2026, 9, 1), start_time=clock(9), end_time=clock(12), place="Mødelokale 1"
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            title=f"{title} ({position})",
            case_number=meetings_demo.CASE_NUMBER,
            summary=summary,
            recommendation_by="Direktionen",
            recommendation="\n".join(at_lines) or "at sagen tages til efterretning.",
            # Every third item runs over a page, as long cases do.
            case_presentation="\n\n".join([presentation] * (3 if position % 3 == 0 else 1)),
            decision=decision,
        )
        for position, (title, summary, at_lines, presentation, decision, _links) in enumerate(
            (meetings_demo.ITEMS * MEETING_ITEMS)[:MEETING_ITEMS], start=1
        )
    )
    for item in items:
        for number in range(1, ATTACHMENTS_PER_ITEM + 1):
            content = f"Bilag {number} til punkt {item.position}\n".encode()
            attachment = Attachment(
                item=item,
                title=f"Bilag {number} til punkt {item.position}",
                filename=f"bilag-{item.position}-{number}.txt",
                content_type="text/plain",
                size=len(content),
            )
            attachment.file.save(attachment.filename, ContentFile(content), save=False)
            attachment.save()
    return meeting


def _large_strategy(organisation, units, responsible, rng):
    """A draft revision with FOCUS_AREAS focus areas (three effect targets each), ACTIONS actions over
    three parts of the organisation, a budget, a commission with two process variants and a consultation
    with RESPONSES responses."""
    approved = Strategy.objects.create(
        organisation=organisation,
        title="Frivillighedsstrategi",
        version="2016",
        status=Strategy.Status.IMPLEMENTATION,
        approved_on=date(2016, 3, 1),
        vision=strategies_demo.SYD_VISION,
        principles=strategies_demo.PRINCIPLES_2011,
        attention_points=strategies_demo.ATTENTION_POINTS,
    )
    for position, title in enumerate(strategies_demo.CANDIDATE_FOCUS_AREAS, start=1):
        FocusArea.objects.create(
            strategy=approved, position=position, title=title, goals="Et mål\nEt andet mål"
        )
    strategy = approved.start_revision("2019")
    titles = strategies_demo.CANDIDATE_FOCUS_AREAS + ["Frivillighed i sektorovergange", "Samskabelse"]
    FocusArea.objects.bulk_create(
        FocusArea(
            strategy=strategy,
            position=100 + position,
            title=titles[position % len(titles)] + f" ({position})",
            description=strategies_demo.SYD_COMMISSION["implementation"],
            goals="Flere frivillige\nBedre introduktion\nFlere samarbejdsaftaler",
        )
        for position in range(FOCUS_AREAS - len(strategies_demo.CANDIDATE_FOCUS_AREAS))
    )
    areas = list(strategy.focus_areas.all())
    EffectTarget.objects.bulk_create(
        EffectTarget(
            focus_area=area,
            position=number,
            indicator=f"Indikator {number} for {area.title}",
            baseline=rng.randint(10, 500),
            target=rng.randint(500, 1000),
            unit="personer",
            target_date=date(2021, 6, 30),
        )
        for area in areas
        for number in range(1, 4)
    )
    commission = Commission.objects.create(strategy=strategy, **strategies_demo.SYD_COMMISSION)
    for position, (name, description, ready_by, milestones) in enumerate(
        strategies_demo.SYD_VARIANTS, start=1
    ):
        variant = ProcessVariant.objects.create(
            commission=commission, name=name, description=description, ready_by=ready_by, position=position
        )
        Milestone.objects.bulk_create(
            Milestone(variant=variant, kind=kind, title=title, date=day, end_date=end, forum=where or "")
            for kind, title, day, end, where in milestones
        )
    commission.choose(variant)
    plan = ImplementationPlan.objects.create(strategy=strategy, introduction="Handlingsanvisende plan.")
    parts = PlanPart.objects.bulk_create(
        PlanPart(plan=plan, name=name, guidance=guidance, position=position)
        for position, (name, guidance, _units, _actions) in enumerate(strategies_demo.SYD_PARTS, start=1)
    )
    statuses = list(Action.Status.values)
    Action.objects.bulk_create(
        Action(
            part=parts[i % len(parts)],
            focus_area=areas[i % len(areas)],
            title=f"Handling {i + 1}: {areas[i % len(areas)].title}",
            description="Beskrivelse af handlingen.",
            owner_unit=units[i % len(units)],
            responsible=responsible,
            start=date(2019, 6, 1) + timedelta(days=i),
            deadline=date(2020, 6, 1) + timedelta(days=i),
            status=statuses[i % len(statuses)],
            position=i,
        )
        for i in range(ACTIONS)
    )
    for position, (title, years) in enumerate(
        [("Drift af Klyngen", range(2019, 2022)), ("Cafeudvikling", range(2018, 2022))]
    ):
        line = BudgetLine.objects.create(
            plan=plan, title=title, funding_source="MSO's fælles opsparing", position=position
        )
        BudgetAmount.objects.bulk_create(BudgetAmount(line=line, year=year, amount=273_000) for year in years)
    consultation = Consultation.objects.create(
        strategy=strategy,
        title="Høring over Frivillighedsstrategi 2019",
        opens_on=date(2018, 10, 1),
        closes_on=date(2018, 11, 30),
    )
    parties = ConsultedParty.objects.bulk_create(
        ConsultedParty(consultation=consultation, name=name, position=position)
        for position, name in enumerate(strategies_demo.MIDT_PARTIES, start=1)
    )
    ConsultationResponse.objects.bulk_create(
        ConsultationResponse(
            consultation=consultation,
            party=parties[i % len(parties)] if i % 3 else None,
            name=f"Borger {i + 1}",
            text="Vi bakker op om udkastet, men savner mere om samskabelse. " * 5,
            status=ConsultationResponse.Status.ACCEPTED if i % 4 else ConsultationResponse.Status.RECEIVED,
            comment="Indarbejdet." if i % 2 else "",
        )
        for i in range(RESPONSES)
    )
    fill_dashboard(organisation, units, approved, periods=FOLLOW_UP_PERIODS, actions=FOLLOW_UP_ACTIONS)
    return {
        "strategy": strategy,
        "commission": commission,
        "consultation": consultation,
        "plan": plan,
        "followed_up": approved,
    }


def pages(data):
    volunteer, agreement = data["volunteer"], data["agreement"]
    return [
        Page("Trivial view (/healthz)", "healthz"),
        Page("Start page (coordinator)", "home"),
        Page("Start page (secretariat)", "home", user="secretariat"),
        Page("Volunteer list (coordinator)", "volunteers:volunteer_list"),
        Page(
            "Volunteer list, searched and filtered",
            "volunteers:volunteer_list",
            query=f"q=jensen&status=active&activity={data['activity'].pk}&sort=-start",
        ),
        Page("Volunteer list (secretariat: all)", "volunteers:volunteer_list", user="secretariat"),
        Page("Volunteer detail", "volunteers:volunteer_detail", kwargs={"pk": volunteer.pk}),
        Page("Volunteer organisation list", "volunteers:volunteer_organisation_list"),
        Page("Agreement list (coordinator)", "agreements:agreement_list"),
        Page("Agreement list (secretariat: all)", "agreements:agreement_list", user="secretariat"),
        Page("Agreement detail", "agreements:agreement_detail", kwargs={"pk": agreement.pk}),
        Page("Agreement PDF", "agreements:agreement_pdf", kwargs={"pk": agreement.pk}),
        Page(
            f"Meeting page ({MEETING_ITEMS} items, {MEETING_ITEMS * ATTACHMENTS_PER_ITEM} attachments)",
            "meetings:meeting_detail",
            user="secretariat",
            kwargs={"pk": data["meeting"].pk},
        ),
        Page(
            f"Agenda PDF ({MEETING_ITEMS} items)",
            "meetings:agenda_pdf",
            user="secretariat",
            kwargs={"pk": data["meeting"].pk},
        ),
        Page(
            f"Strategy page ({FOCUS_AREAS} focus areas)",
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
            f"Consultation ({RESPONSES} responses)",
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
            f"Implementation plan ({ACTIONS} actions)",
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
    """Documents that a Celery task makes, timed as the task renders them: (label, function)."""
    return [
        (f"Strategy PDF ({FOCUS_AREAS} focus areas)", partial(strategy_pdfs.strategy_pdf, data["strategy"])),
        (f"Implementation-plan PDF ({ACTIONS} actions)", partial(strategy_pdfs.plan_pdf, data["plan"])),
        (f"Consultation memo PDF ({RESPONSES} responses)", partial(memo.memo_pdf, data["consultation"])),
    ]


def measure_pages(data, warmup, requests):
    """[(page, (median s, p95 s, queries) or why it was skipped)], the trivial view first."""
    # The test client's host; static files without collectstatic's manifest (a lookup either way), and
    # so without WhiteNoise's warning that there is no STATIC_ROOT.
    with (
        override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_FILES_STORAGE}},
        ),
        warnings.catch_warnings(),
    ):
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        return list(_measure_pages(data, warmup, requests))


def _measure_pages(data, warmup, requests):
    clients = {"anonymous": Client()}
    for role, user in data["users"].items():
        clients[role] = Client()
        clients[role].force_login(user)
    for page in pages(data):
        try:
            url = reverse(page.url_name, kwargs=page.kwargs)
        except NoReverseMatch:
            yield page, f"the URL {page.url_name} does not exist yet"
            continue
        url = f"{url}?{page.query}" if page.query else url
        yield page, measure(clients[page.user], url, warmup, requests)


def measure(client, url, warmup, requests):
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            return f"{url} answered {response.status_code}"
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    p95 = times[math.ceil(0.95 * len(times)) - 1]  # nearest rank
    return statistics.median(times), p95, len(queries)
