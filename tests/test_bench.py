"""`manage.py bench` keeps working: on a tiny scale, on the test database (the real run is `make bench`)."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.models import Agreement
from evaluation.models import StatusReport
from frivillig.management.commands import bench
from meetings.models import Meeting
from strategies import bench as strategies_bench
from strategies.models import Action, Commission, Consultation, ImplementationPlan, Strategy
from volunteers.models import Organisation, Unit, Volunteer

TINY = {"volunteers": 50, "units": 5, "agreements": 10, "requests": 2, "warmup": 1, "renders": 1}


@pytest.fixture(autouse=True)
def _small_documents(monkeypatch):
    # The large strategy's documents take seconds to render; a few actions and responses show they work.
    monkeypatch.setattr(strategies_bench, "ACTIONS", 12)
    monkeypatch.setattr(strategies_bench, "RESPONSES", 10)


def test_bench_fills_the_organisation_and_measures_every_page(db):
    out = io.StringIO()
    call_command("bench", stdout=out, **TINY)
    output = out.getvalue()

    organisation = Organisation.objects.get(name=bench.ORGANISATION_NAME)
    assert organisation.volunteers.count() == 50
    assert Unit.objects.filter(organisation=organisation).count() == 5
    assert Agreement.objects.filter(organisation=organisation).count() == 10
    assert set(Agreement.objects.values_list("status", flat=True)) > {Agreement.Status.ACTIVE}
    for agreement in Agreement.objects.all():
        agreement.full_clean()
        if agreement.status in {Agreement.Status.ACTIVE, Agreement.Status.DUE_FOR_REVIEW}:
            assert agreement.tr_dialogue_on and agreement.approved_on
    # Every page is measured (none skipped): median, p95, queries and the ratios to the two baselines,
    # measured in turn with each page's requests.
    assert "skipped" not in output
    rows = re.findall(r"^(.+?)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$", output, re.MULTILINE)
    assert [label.strip() for label, *_numbers in rows] == [page.label for page in bench.pages(_data())]
    for *_measured, to_healthz, to_empty in rows:
        # Two requests a page are noise: which baseline is cheaper is the real bench's to say.
        assert float(to_healthz) > 0 and float(to_empty) > 0
    assert re.search(r"^baseline Empty page \(logged in\): median [\d.]+ ms", output, re.MULTILINE)
    assert re.search(r"^(over 5× the empty page: |every page within 5× the empty page)", output, re.MULTILINE)
    # The documents that the worker makes, each rendered and timed.
    rendered = re.findall(r"^(.+?)\s+([\d.]+)\s+(\d+)$", output.split("Documents rendered")[1], re.MULTILINE)
    assert [label.strip() for label, *_ in rendered] == [label for label, _render in bench.renders(_data())]
    strategy = Strategy.objects.get(version="2019")
    assert strategy.focus_areas.count() == strategies_bench.FOCUS_AREAS
    assert Action.objects.filter(part__plan__strategy=strategy).count() == strategies_bench.ACTIONS
    # The follow-up: every unit reports for each half year, and the reminder sweep runs twice.
    assert StatusReport.objects.count() == 5 * bench.FOLLOW_UP_PERIODS
    first, again = re.findall(
        r"^(first|again)\s+[\d.]+ s\s+\d+ queries\s+(\d+) reminders recorded$", output, re.M
    )
    assert int(first[1]) > 0 and again == ("again", "0")


def _data():
    """Just enough for pages() to build its list of URLs."""
    volunteer, agreement = Volunteer.objects.first(), Agreement.objects.first()
    return {
        "volunteer": volunteer,
        "agreement": agreement,
        "activity": volunteer.activities.first(),
        "meeting": Meeting.objects.first(),
        "strategy": Strategy.objects.get(version="2019"),
        "commission": Commission.objects.get(),
        "consultation": Consultation.objects.get(),
        "plan": ImplementationPlan.objects.get(strategy__version="2019"),
        "followed_up": Strategy.objects.get(version="2016"),
    }


def test_a_page_that_does_not_exist_yet_is_skipped_with_a_note(region, monkeypatch):
    # Measured without filling the bench's organisation: the skipping is the measuring's, whatever the data.
    start = bench.Page("Start page", "home")
    missing = bench.Page("Page still being built", "volunteers:not_there_yet")
    monkeypatch.setattr(bench, "pages", lambda data: [start, missing])
    data = {"users": {"coordinator": region.users["coordinator"]}}
    results = bench.measure_pages(data, warmup=0, requests=1)
    out = io.StringIO()
    bench.Command(stdout=out).report(results, requests=1)
    assert (
        "skipped: Page still being built: the URL volunteers:not_there_yet does not exist yet"
        in out.getvalue()
    )


def test_bench_refuses_a_database_that_holds_data(region):
    before = Volunteer.objects.count(), Unit.objects.count()
    with pytest.raises(CommandError, match="empty database"):
        call_command("bench", stdout=io.StringIO(), **TINY)
    assert (Volunteer.objects.count(), Unit.objects.count()) == before
    assert not Organisation.objects.filter(name=bench.ORGANISATION_NAME).exists()
