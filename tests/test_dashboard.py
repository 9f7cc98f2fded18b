"""The steering group's dashboard, its exports, the status pack PDF and the action that puts the pack on
the next meeting's agenda, against a fixture whose figures are worked out by hand below."""

import csv
import io
import re
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from evaluation import dashboard, status_pack
from evaluation.bench import fill_dashboard
from evaluation.forms.reports import TargetFormSet, TargetReportForm
from evaluation.models import ActionReport, OrganisationFigure, StatusReport, TargetReport
from evaluation.reporting import target_rows
from meetings.models import AgendaItem, Attachment, Body, Meeting
from strategies.models import Action, EffectTarget, FocusArea, Strategy
from tests.followup import follow_up
from tests.pdfs import Pdf
from volunteers.models import Unit

S = StatusReport.Status
A = ActionReport.Status
#: The day the figures are computed on: half years 1 and 2 are past their deadlines, 3 and 4 are not.
TODAY = date(2020, 3, 1)


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(10)))


@pytest.fixture
def figures_fixture(region):
    """3 units x 2 half years x 3 actions (two in focus area 1, one in focus area 2):

    half year 1 (deadline 30 July 2019): the hospital accepted on time (done, on track, at risk; 10),
    the other hospital submitted late (on track, behind, on track; 12.5), the social area nothing.
    half year 2 (deadline 30 January 2020): the hospital a draft (not counted), the other hospital
    accepted (done, at risk, behind; 30), the social area returned after the deadline (not counted; 99).
    """
    follow = follow_up(region)
    social = Unit.objects.create(
        organisation=region.organisation, name="Socialområdet", kind=Unit.Kind.SOCIAL_AREA
    )
    follow.schedule.units.add(social)
    second_area = FocusArea.objects.create(
        strategy=follow.strategy, position=2, title="Fastholdelse af frivillige"
    )
    a1 = region.action
    a2 = Action.objects.create(part=region.part, focus_area=region.focus_area, title="Fælles introduktion")
    a3 = Action.objects.create(part=region.part, focus_area=second_area, title="Årlig fejring af frivillige")
    first, second = follow.periods[0], follow.periods[1]

    def report(period, unit, status, submitted, statuses, actual, summary=""):
        made, _created = StatusReport.objects.update_or_create(
            period=period,
            unit=unit,
            defaults={
                "status": status,
                "submitted_at": _at(submitted) if submitted else None,
                "summary": summary,
                "active_volunteers": 40,
            },
        )
        for action, action_status in zip([a1, a2, a3], statuses, strict=True):
            ActionReport.objects.create(
                report=made, action=action, status=action_status, narrative="Det går godt på afdelingen."
            )
        TargetReport.objects.create(report=made, effect_target=region.effect_target, actual=actual)
        return made

    reports = {
        ("hospital", 1): report(
            first,
            region.hospital,
            S.ACCEPTED,
            date(2019, 7, 20),
            [A.DONE, A.ON_TRACK, A.AT_RISK],
            10,
            summary="Frivilligkoordinatoren er ansat; æ, ø og å virker.",
        ),
        ("other", 1): report(
            first,
            region.other_hospital,
            S.SUBMITTED,
            date(2019, 8, 5),
            [A.ON_TRACK, A.BEHIND, A.ON_TRACK],
            Decimal("12.5"),
        ),
        ("hospital", 2): report(second, region.hospital, S.DRAFT, None, [A.DONE, A.DONE, A.DONE], 500),
        ("other", 2): report(
            second, region.other_hospital, S.ACCEPTED, date(2020, 1, 10), [A.DONE, A.AT_RISK, A.BEHIND], 30
        ),
        ("social", 2): report(
            second, social, S.RETURNED, date(2020, 1, 31), [A.BEHIND, A.BEHIND, A.BEHIND], 99
        ),
    }
    return dict(follow=follow, social=social, second_area=second_area, reports=reports, actions=[a1, a2, a3])


def _cells(figures):
    return {
        row.unit.name: [(cell.status, cell.late, cell.submitted_on) for cell in row.cells]
        for row in figures.rows
    }


def _shares(shares):
    return {share.status: (share.count, share.percent) for share in shares if share.count}


def test_matrix_progress_targets_and_trend_by_hand(region, figures_fixture):
    figures = dashboard.build(figures_fixture["follow"].strategy, today=TODAY)
    hospital, other = region.hospital.name, region.other_hospital.name
    assert [row.unit.name for row in figures.rows] == sorted([hospital, other, "Socialområdet"])
    assert _cells(figures) == {
        hospital: [
            (S.ACCEPTED, False, date(2019, 7, 20)),
            (S.DRAFT, True, None),
            (None, False, None),
            (None, False, None),
        ],
        other: [
            (S.SUBMITTED, True, date(2019, 8, 5)),
            (S.ACCEPTED, False, date(2020, 1, 10)),
            (None, False, None),
            (None, False, None),
        ],
        "Socialområdet": [
            (None, True, None),
            (S.RETURNED, True, date(2020, 1, 31)),
            (None, False, None),
            (None, False, None),
        ],
    }
    assert figures.late_count == 4
    # Progress: the latest half year with a report handed in is the second; only the other hospital's counts.
    assert figures.latest_period == figures_fixture["follow"].periods[1]
    assert [row.focus_area.position for row in figures.progress] == [1, 2]
    assert _shares(figures.progress[0].shares) == {A.DONE: (1, 50), A.AT_RISK: (1, 50)}
    assert _shares(figures.progress[1].shares) == {A.BEHIND: (1, 100)}
    # Targets: the sum of the units' handed-in values per half year.
    (target,) = figures.targets
    assert [(m.actual, m.units) for m in target.measurements] == [
        (Decimal("22.5"), 2),
        (Decimal("30"), 1),
        (None, 0),
        (None, 0),
    ]
    assert (target.target.baseline, target.target.target) == (20, 60)
    # Trend: statuses per half year over the reports handed in.
    assert [_shares(point.shares) for point in figures.trend] == [
        {A.DONE: (1, 17), A.ON_TRACK: (3, 50), A.AT_RISK: (1, 17), A.BEHIND: (1, 17)},
        {A.DONE: (1, 33), A.AT_RISK: (1, 33), A.BEHIND: (1, 33)},
        {},
        {},
    ]
    assert [(point.total, point.reports) for point in figures.trend] == [(6, 2), (3, 1), (0, 0), (0, 0)]


def test_a_part_of_the_organisation_narrows_everything(region, figures_fixture):
    figures = dashboard.build(figures_fixture["follow"].strategy, part=region.part, today=TODAY)
    assert [row.unit for row in figures.rows] == [region.hospital]
    assert figures.latest_period == figures_fixture["follow"].periods[0]  # its second report is a draft
    assert _shares(figures.progress[0].shares) == {A.DONE: (1, 50), A.ON_TRACK: (1, 50)}
    assert _shares(figures.progress[1].shares) == {A.AT_RISK: (1, 100)}
    assert [m.actual for m in figures.targets[0].measurements][:2] == [Decimal("10"), None]


def test_the_page_shows_the_matrix_links_charts_and_tables(client, region, figures_fixture):
    client.force_login(region.users["steering_group"])
    response = client.get(reverse("evaluation:dashboard", args=[figures_fixture["follow"].strategy.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'style="' not in html
    assert html.count('role="img"') == 3  # progress, the one effect target, the trend
    for chart_id in ["progress", "trend", f"target-{region.effect_target.pk}"]:
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
    assert html.count('<details class="chart-data">') == 3
    assert "Socialområdet" in html
    assert str(dashboard.MISSING) in html
    reports = figures_fixture["reports"]
    try:
        url = reverse("evaluation:report_detail", args=[reports[("other", 1)].pk])
    except Exception:  # the report pages are another part's; until they exist cells are not links
        url = None
    if url:
        assert f'href="{url}"' in html
    # The agenda action is the secretariat's: the steering group is not offered it.
    assert "status_pack_agenda" not in html and "/dagsorden/" not in html


def test_the_secretariat_is_offered_the_agenda_action(client, region, figures_fixture):
    client.force_login(region.users["secretariat"])
    response = client.get(reverse("evaluation:dashboard", args=[figures_fixture["follow"].strategy.pk]))
    period = figures_fixture["follow"].periods[0]
    action = reverse("evaluation:status_pack_agenda", args=[period.pk])
    html = response.content.decode()
    assert action in html
    # Each period's form (written in Python) carries the CSRF token and offers the steering body.
    form = html.split(f'action="{action}"')[1].split("</form>")[0]
    assert 'name="csrfmiddlewaretoken"' in form
    assert f'<option value="{region.body.pk}"' in form


def test_without_a_steering_body_the_agenda_column_says_so(client, region, figures_fixture):
    strategy = figures_fixture["follow"].strategy
    Strategy.objects.filter(pk=strategy.pk).update(approved_by=None)
    Body.objects.filter(organisation=region.organisation).update(kind=Body.Kind.WORKING_GROUP)
    client.force_login(region.users["secretariat"])
    html = client.get(reverse("evaluation:dashboard", args=[strategy.pk])).content.decode()
    periods = len(figures_fixture["follow"].periods)
    assert html.count("Organisationen har ingen styregruppe.") == periods
    assert "status_pack_agenda" not in html and 'name="body"' not in html


def test_an_unknown_part_shows_everything_with_a_message(client, region, figures_fixture):
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:dashboard", args=[figures_fixture["follow"].strategy.pk])
    response = client.get(url, {"part": region.part.pk + 1000})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3


# --- exports -----------------------------------------------------------------------------------------------


def test_the_workbook_holds_the_figures_of_the_page(client, region, figures_fixture):
    client.force_login(region.users["steering_group"])
    response = client.get(reverse("evaluation:dashboard_xlsx", args=[figures_fixture["follow"].strategy.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.content))
    matrix, long, progress, targets, trend = workbook.worksheets
    with translation.override(settings.LANGUAGE_CODE):
        late = f"({_('late')})"
    rows = list(matrix.iter_rows(values_only=True))
    assert len(rows) == 4 and len(rows[0]) == 5
    by_unit = {row[0]: row[1:] for row in rows[1:]}
    assert by_unit["Socialområdet"][0].endswith(late) and by_unit["Socialområdet"][1].endswith(late)
    assert not by_unit[region.hospital.name][0].endswith(late)
    # Plain text, no symbol: a spreadsheet sorts and filters by it.
    assert all(cell[:1].isalpha() for row in rows[1:] for cell in row if cell)
    assert all(not sheet.title.startswith("Sheet") for sheet in workbook.worksheets)
    long_rows = list(long.iter_rows(values_only=True))
    assert len(long_rows) == 1 + 3 * 4
    other_first = next(
        r for r in long_rows if r[0] == region.other_hospital.name and r[2] == datetime(2019, 1, 1)
    )
    assert other_first[7] == datetime(2019, 8, 5)  # dates are dates, not text
    progress_rows = list(progress.iter_rows(values_only=True))[1:]
    # focus area, period, done, on track, at risk, behind, none, total, then the shares in per cent
    assert progress_rows[0][2:8] == (1, 0, 1, 0, 0, 2)
    assert progress_rows[1][2:8] == (0, 0, 0, 1, 0, 1)
    target_rows = list(targets.iter_rows(values_only=True))[1:]
    assert [row[6] for row in target_rows] == [22.5, 30, None, None]
    assert [row[4:6] for row in target_rows][0] == (20, 60)
    trend_rows = list(trend.iter_rows(values_only=True))[1:]
    assert [row[1:] for row in trend_rows] == [
        (1, 3, 1, 1, 0, 6, 2),
        (1, 0, 1, 1, 0, 3, 1),
        (0,) * 7,
        (0,) * 7,
    ]


def test_the_csv_has_one_row_per_unit_and_half_year(client, region, figures_fixture):
    client.force_login(region.users["administrator"])
    response = client.get(reverse("evaluation:dashboard_csv", args=[figures_fixture["follow"].strategy.pk]))
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 3 * 4
    assert len(rows[0]) == 8
    with translation.override(settings.LANGUAGE_CODE):
        period = str(figures_fixture["follow"].periods[0])
        expected = [
            region.other_hospital.name,
            period,
            "2019-01-01",
            "2019-06-30",
            "2019-07-30",
            str(S.SUBMITTED.label),
            _("Yes"),
            "2019-08-05",
        ]
        missing = str(dashboard.MISSING)
    assert expected in rows
    social_first = next(row for row in rows if row[0] == "Socialområdet" and row[1] == period)
    assert social_first[5] == missing and social_first[7] == ""


def test_exports_follow_the_part_filter(client, region, figures_fixture):
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:dashboard_csv", args=[figures_fixture["follow"].strategy.pk])
    rows = list(
        csv.reader(
            io.StringIO(client.get(url, {"part": region.part.pk}).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert {row[0] for row in rows[1:]} == {region.hospital.name}


def fetch_pdf(client, url):
    """The PDF behind a link: made at once, or (with the documents app) by its task, run here."""
    response = client.get(url)
    if response.status_code == 302 and apps.is_installed("documents"):
        from documents.models import Document
        from documents.tasks import make_document

        for document in Document.objects.filter(status=Document.Status.PENDING):
            make_document(document.pk)
        response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- the status pack -------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo) is not installed")
def test_the_status_pack_collates_the_half_year(client, region, figures_fixture, tmp_path):
    period = figures_fixture["follow"].periods[0]
    client.force_login(region.users["steering_group"])
    content = fetch_pdf(client, reverse("evaluation:status_pack_pdf", args=[period.pk]))
    pdf = Pdf(content)
    text = " ".join(pdf.text().split())
    with translation.override(settings.LANGUAGE_CODE):
        headings = [
            _("Table of contents"),
            _("Status reports of the half year"),
            _("Progress per focus area"),
            _("Effect targets: target against actual"),
            _("Development across the half years"),
        ]
    # After the contents (which name every unit), the chapters and then one section per unit, by name.
    body = text[text.index(headings[1], text.index(headings[0]) + len(headings[0]) + 200) :]
    positions = [text.index(headings[0])] + [text.index(h, text.index(headings[0]) + 1) for h in headings[1:]]
    assert positions == sorted(positions)
    units = sorted([region.hospital.name, region.other_hospital.name, "Socialområdet"])
    unit_positions = [body.rindex(name) for name in units]
    assert unit_positions == sorted(unit_positions)
    assert "æ, ø og å virker" in text
    assert "Frivilligkoordinator på hvert sygehus" in text and "Årlig fejring af frivillige" in text
    assert "Side 1 af" in text
    path = tmp_path / "pack.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert b"/StructTreeRoot" in pdf.source


# --- onto the next meeting -------------------------------------------------------------------------------


@pytest.fixture
def next_meeting(region):
    return Meeting.objects.create(
        body=region.body,
        date=timezone.localdate() + timedelta(days=14),
        start_time=time(9),
        end_time=time(11),
    )


def test_the_pack_is_put_on_the_next_meeting_once(client, region, figures_fixture, next_meeting):
    period = figures_fixture["follow"].periods[0]
    later = Meeting.objects.create(
        body=region.body, date=next_meeting.date + timedelta(days=30), start_time=time(9), end_time=time(11)
    )
    AgendaItem.objects.create(meeting=next_meeting, position=1, title="Godkendelse af dagsorden")
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:status_pack_agenda", args=[period.pk])
    response = client.post(url, {"body": region.body.pk})
    item = AgendaItem.objects.get(meeting=next_meeting, position=2)
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    with translation.override(settings.LANGUAGE_CODE):
        assert item.title == status_pack.agenda_title(period)
        assert str(period) in item.summary
    attachment = Attachment.objects.get(item=item)
    assert attachment.content_type == "application/pdf"
    assert attachment.filename == status_pack.filename(period)
    assert attachment.file.read().startswith(b"%PDF-")
    assert attachment.size > 1000
    # Twice: nothing new.
    response = client.post(url, {"body": region.body.pk}, follow=True)
    assert AgendaItem.objects.filter(meeting=next_meeting).count() == 2
    assert Attachment.objects.filter(item__meeting=next_meeting).count() == 1
    assert not later.items.exists()
    assert response.status_code == 200


def test_no_upcoming_meeting_is_said_and_nothing_is_made(client, region, figures_fixture):
    period = figures_fixture["follow"].periods[0]
    client.force_login(region.users["secretariat"])
    response = client.post(
        reverse("evaluation:status_pack_agenda", args=[period.pk]), {"body": region.body.pk}, follow=True
    )
    assert response.status_code == 200
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        message = _(
            "%(body)s has no upcoming meeting. Plan the meeting first, then put the status pack on it."
        ) % {"body": region.body}
    assert message in [str(m) for m in response.context["messages"]]
    assert not AgendaItem.objects.exclude(pk=region.item.pk).exists()
    assert not Attachment.objects.exists()


def test_a_published_agenda_is_left_alone(client, region, figures_fixture, next_meeting):
    AgendaItem.objects.create(meeting=next_meeting, position=1, title="Godkendelse af dagsorden")
    next_meeting.publish()
    client.force_login(region.users["secretariat"])
    period = figures_fixture["follow"].periods[0]
    response = client.post(
        reverse("evaluation:status_pack_agenda", args=[period.pk]), {"body": region.body.pk}, follow=True
    )
    assert response.status_code == 200
    assert next_meeting.items.count() == 1
    assert not Attachment.objects.exists()


def test_a_body_of_another_organisation_is_refused(
    client, region, other_region, figures_fixture, next_meeting
):
    client.force_login(region.users["secretariat"])
    period = figures_fixture["follow"].periods[0]
    client.post(reverse("evaluation:status_pack_agenda", args=[period.pk]), {"body": other_region.body.pk})
    assert not next_meeting.items.exists()
    assert not other_region.meeting.items.exclude(pk=other_region.item.pk).exists()


@pytest.mark.parametrize("role, expected", [("steering_group", 403), ("coordinator", 403)])
def test_only_the_secretariat_puts_the_pack_on_an_agenda(
    client, region, figures_fixture, next_meeting, role, expected
):
    client.force_login(region.users[role])
    period = figures_fixture["follow"].periods[0]
    response = client.post(
        reverse("evaluation:status_pack_agenda", args=[period.pk]), {"body": region.body.pk}
    )
    assert response.status_code == expected
    assert not next_meeting.items.exists()


def test_the_steering_group_reads_and_the_coordinator_does_not(client, region, figures_fixture):
    strategy, period = figures_fixture["follow"].strategy, figures_fixture["follow"].periods[0]
    urls = [
        reverse("evaluation:dashboard", args=[strategy.pk]),
        reverse("evaluation:dashboard_xlsx", args=[strategy.pk]),
        reverse("evaluation:dashboard_csv", args=[strategy.pk]),
        reverse("evaluation:status_pack_pdf", args=[period.pk]),
    ]
    for role, expected in [("steering_group", {200, 302}), ("coordinator", {403})]:
        client.force_login(region.users[role])
        for url in urls:
            assert client.get(url).status_code in expected, (role, url)
    client.force_login(region.users["steering_group"])
    assert fetch_pdf(client, urls[-1]).startswith(b"%PDF-")


def test_another_organisation_is_404(client, region, other_region):
    other = follow_up(other_region)
    client.force_login(region.users["secretariat"])
    for name, pk in [
        ("evaluation:dashboard", other.strategy.pk),
        ("evaluation:dashboard_xlsx", other.strategy.pk),
        ("evaluation:dashboard_csv", other.strategy.pk),
        ("evaluation:status_pack_pdf", other.periods[0].pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404
    response = client.post(
        reverse("evaluation:status_pack_agenda", args=[other.periods[0].pk]), {"body": other_region.body.pk}
    )
    assert response.status_code == 404


# --- bounded queries -------------------------------------------------------------------------------------


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dashboard_queries_do_not_grow_with_the_data(client, region, other_region):
    small = follow_up(other_region)
    small.schedule.units.set([other_region.hospital, other_region.other_hospital])
    fill_dashboard(other_region.organisation, 2, small.strategy, periods=1, actions=1)
    client.force_login(other_region.users["secretariat"])
    few = _count_queries(client, reverse("evaluation:dashboard", args=[small.strategy.pk]))

    big = follow_up(region)
    units = fill_dashboard(region.organisation, 50, big.strategy, periods=4, actions=10)
    assert StatusReport.objects.filter(period__strategy=big.strategy, unit__in=units).count() == 50 * 4
    assert ActionReport.objects.filter(report__unit__in=units).count() == 50 * 4 * 10
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:dashboard", args=[big.strategy.pk])
    many = _count_queries(client, url)
    assert many == few
    assert many <= 20
    # Read again, the figures come from the cache after the version check.
    assert _count_queries(client, url) <= 14


def test_the_kept_figures_follow_every_report_handed_in_or_returned(region, figures_fixture):
    """The dashboard keeps its figures in the cache; a report handed in or returned, or another day,
    shows at once."""
    strategy = figures_fixture["follow"].strategy
    first = dashboard.build(strategy, today=TODAY)
    assert dashboard.build(strategy, today=TODAY).cache_key == first.cache_key
    hospital_2 = figures_fixture["reports"]["hospital", 2]

    hospital_2.submit(region.users["coordinator"], now=_at(date(2020, 1, 20)))
    handed_in = dashboard.build(strategy, today=TODAY)
    assert handed_in.cache_key != first.cache_key
    # Half year 2 now counts the hospital's three done actions beside the other hospital's three.
    assert [point.total for point in handed_in.trend][:2] == [6, 6]

    hospital_2.refresh_from_db()
    hospital_2.decide(region.users["secretariat"], accept=False, comment="Uddyb venligst.")
    returned = dashboard.build(strategy, today=TODAY)
    assert [point.total for point in returned.trend][:2] == [6, 3]

    # Another day: a deadline passes and the late count grows.
    assert dashboard.build(strategy, today=TODAY + timedelta(days=365)).late_count > returned.late_count


# --- how the units' values combine (issue 12: "131,5 %") -----------------------------------------------


@pytest.fixture
def methods_fixture(region):
    """Half year 1, the units' values handed in, one effect target per method, worked out by hand:

    - sum ("personer"): the hospital 10, the other hospital 12.5 -> 22.5 (2 units);
    - average ("%", the issue's example): 57 and 74.5 -> (57 + 74.5) / 2 = 65.75, shown 65,75 %, never
      the 131,5 % of a sum; the social area handed in no value and does not count;
    - weighted ("%", weight: antal nye frivillige): 57 on 40 and 74.5 on 60 ->
      (57 x 40 + 74.5 x 60) / (40 + 60) = (2280 + 4470) / 100 = 67.5;
    - the organisation's own figure ("%"): 81.5, whatever the units entered (they enter nothing).
    A draft's values never count (the social area's 999 in half year 2).
    """
    follow = follow_up(region)
    social = Unit.objects.create(
        organisation=region.organisation, name="Socialområdet", kind=Unit.Kind.SOCIAL_AREA
    )
    follow.schedule.units.add(social)
    Aggregation = EffectTarget.Aggregation
    area = region.focus_area
    counted = region.effect_target
    introduced = EffectTarget.objects.create(
        focus_area=area,
        indicator="Nye frivillige med introduktion",
        unit="%",
        aggregation=Aggregation.AVERAGE,
    )
    weighted = EffectTarget.objects.create(
        focus_area=area,
        indicator="Nye frivillige med introduktion, vægtet",
        unit="%",
        aggregation=Aggregation.WEIGHTED,
        weight_label="antal nye frivillige",
    )
    own = EffectTarget.objects.create(
        focus_area=area,
        indicator="Frivillige der er tilfredse",
        unit="%",
        aggregation=Aggregation.ORGANISATION,
    )
    first, second = follow.periods[0], follow.periods[1]
    values = {
        region.hospital: [(counted, 10, None), (introduced, 57, None), (weighted, 57, 40), (own, 1, None)],
        region.other_hospital: [
            (counted, Decimal("12.5"), None),
            (introduced, Decimal("74.5"), None),
            (weighted, Decimal("74.5"), 60),
        ],
        social: [(counted, None, None), (introduced, None, None), (weighted, None, None)],
    }
    for unit, rows in values.items():
        report, _created = StatusReport.objects.update_or_create(
            period=first, unit=unit, defaults={"status": S.ACCEPTED, "submitted_at": _at(date(2019, 7, 20))}
        )
        for target, actual, weight in rows:
            TargetReport.objects.create(report=report, effect_target=target, actual=actual, weight=weight)
    draft = StatusReport.objects.create(period=second, unit=social, status=S.DRAFT)
    TargetReport.objects.create(report=draft, effect_target=introduced, actual=999)
    OrganisationFigure.objects.create(period=first, effect_target=own, value=Decimal("81.5"))
    return SimpleNamespace(
        follow=follow, counted=counted, introduced=introduced, weighted=weighted, own=own, first=first
    )


def test_the_kept_figures_follow_the_organisations_own_figure(region, methods_fixture):
    strategy, own = methods_fixture.follow.strategy, methods_fixture.own

    def latest_own_figure():
        (row,) = [row for row in dashboard.build(strategy, today=TODAY).targets if row.target == own]
        return row.latest.actual

    assert latest_own_figure() == Decimal("81.5")
    OrganisationFigure.objects.filter(effect_target=own).update(value=Decimal("90"))
    assert latest_own_figure() == Decimal("90")


def test_combined_value_by_hand():
    Aggregation = EffectTarget.Aggregation
    values = [(Decimal("57"), Decimal("40")), (Decimal("74.5"), Decimal("60")), (None, None)]

    def target(aggregation):
        return EffectTarget(aggregation=aggregation, unit="%", weight_label="antal nye frivillige")

    assert dashboard.combined_value(target(Aggregation.SUM), values) == Decimal("131.5")
    assert dashboard.combined_value(target(Aggregation.AVERAGE), values) == Decimal("65.75")
    assert dashboard.combined_value(target(Aggregation.WEIGHTED), values) == Decimal("67.5")
    assert dashboard.combined_value(target(Aggregation.ORGANISATION), values, Decimal("81.5")) == Decimal(
        "81.5"
    )
    # Missing values: nothing to show, not a zero.
    for aggregation in Aggregation:
        assert dashboard.combined_value(target(aggregation), [(None, None)]) is None
    # A unit whose weight is missing does not count in the weighted average.
    partial = [(Decimal("57"), Decimal("40")), (Decimal("74.5"), None)]
    assert dashboard.combined_value(target(Aggregation.WEIGHTED), partial) == Decimal("57")


def test_each_target_combines_as_it_says(region, methods_fixture):
    figures = dashboard.build(methods_fixture.follow.strategy, today=TODAY)
    by_target = {row.target: row.measurements for row in figures.targets}
    with translation.override("da"):
        found = {
            target.indicator: [(m.actual, m.method) for m in by_target[target][:2]]
            for target in [
                methods_fixture.counted,
                methods_fixture.introduced,
                methods_fixture.weighted,
                methods_fixture.own,
            ]
        }
    assert found == {
        methods_fixture.counted.indicator: [
            (Decimal("22.5"), "sum af 2 enheder"),
            (None, "sum af 0 enheder"),
        ],
        "Nye frivillige med introduktion": [
            (Decimal("65.75"), "gennemsnit af 2 enheder"),
            (None, "gennemsnit af 0 enheder"),  # the draft's 999 does not count
        ],
        "Nye frivillige med introduktion, vægtet": [
            (Decimal("67.5"), "vægtet gennemsnit af 2 enheder (vægt: antal nye frivillige)"),
            (None, "vægtet gennemsnit af 0 enheder (vægt: antal nye frivillige)"),
        ],
        "Frivillige der er tilfredse": [
            (Decimal("81.5"), "organisationens eget tal"),
            (None, "organisationens eget tal"),
        ],
    }


def test_the_page_shows_the_average_of_percentages_not_their_sum(client, region, methods_fixture):
    client.force_login(region.users["steering_group"])
    html = client.get(
        reverse("evaluation:dashboard", args=[methods_fixture.follow.strategy.pk])
    ).content.decode()
    assert "131,5" not in html
    assert "65,75 %" in html and "gennemsnit af 2 enheder" in html
    assert "Seneste: 65,75 % i Halvår 1 (gennemsnit af 2 enheder)." in html  # beside the chart, not folded
    assert "67,5 %" in html and "vægtet gennemsnit af 2 enheder (vægt: antal nye frivillige)" in html
    assert "81,5 %" in html and "organisationens eget tal" in html
    assert "22,5 personer" in html and "sum af 2 enheder" in html
    # Only the secretariat is offered the page where the organisation's figures are entered.
    figures_url = reverse("evaluation:organisation_figures", args=[methods_fixture.first.pk])
    assert figures_url not in html
    client.force_login(region.users["secretariat"])
    html = client.get(
        reverse("evaluation:dashboard", args=[methods_fixture.follow.strategy.pk])
    ).content.decode()
    assert figures_url in html


def test_the_workbook_names_the_method(client, region, methods_fixture):
    client.force_login(region.users["steering_group"])
    response = client.get(reverse("evaluation:dashboard_xlsx", args=[methods_fixture.follow.strategy.pk]))
    targets = load_workbook(io.BytesIO(response.content)).worksheets[3]
    rows = {(row[1], row[3]): row[6:9] for row in list(targets.iter_rows(values_only=True))[1:]}
    with translation.override("da"):
        first = str(methods_fixture.first)
    assert rows["Nye frivillige med introduktion", first] == (65.75, "gennemsnit af 2 enheder", 2)
    assert rows["Nye frivillige med introduktion, vægtet", first] == (
        67.5,
        "vægtet gennemsnit af 2 enheder (vægt: antal nye frivillige)",
        2,
    )
    assert rows["Frivillige der er tilfredse", first] == (81.5, "organisationens eget tal", 0)
    assert rows[methods_fixture.counted.indicator, first] == (22.5, "sum af 2 enheder", 2)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo) is not installed")
def test_the_status_pack_shows_the_average_and_names_it(client, region, methods_fixture):
    client.force_login(region.users["steering_group"])
    content = fetch_pdf(client, reverse("evaluation:status_pack_pdf", args=[methods_fixture.first.pk]))
    text = " ".join(Pdf(content).text().split())
    assert "131,5" not in text
    assert "65,75 %" in text and "gennemsnit af 2 enheder" in text
    assert "67,5 %" in text and "antal nye frivillige" in text
    assert "81,5 %" in text and "organisationens eget tal" in text
    assert "74,50 %" in text and "vægt (antal nye frivillige): 60" in text  # the unit's own, in its section


def test_the_secretariat_enters_the_organisations_figure(client, region, methods_fixture):
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:organisation_figures", args=[methods_fixture.first.pk])
    field = f"target_{methods_fixture.own.pk}"
    page = client.get(url).content.decode()
    assert 'value="81,50"' in page and "Nye frivillige med introduktion" not in page  # only its own targets
    response = client.post(url, {field: "abc"})
    assert response.status_code == 200 and 'value="abc"' in response.content.decode()
    assert client.post(url, {field: "83,25"}).status_code == 302
    assert OrganisationFigure.objects.get(period=methods_fixture.first).value == Decimal("83.25")
    client.post(url, {field: ""})
    assert not OrganisationFigure.objects.filter(period=methods_fixture.first).exists()


def test_a_unit_enters_the_weight_of_a_weighted_value(region, methods_fixture):
    report = StatusReport.objects.create(period=methods_fixture.follow.periods[1], unit=region.hospital)
    rows = {
        form.instance.effect_target: form
        for form in TargetFormSet(None, instances=target_rows(report), prefix="targets").forms
    }
    assert methods_fixture.own not in rows  # the organisation's own figure: units do not enter it
    assert "weight" in rows[methods_fixture.weighted].fields
    assert "weight" not in rows[methods_fixture.introduced].fields
    row = TargetReport(report=report, effect_target=methods_fixture.weighted)
    with translation.override("da"):
        refused = TargetReportForm({"actual": "74,5"}, instance=row)
        assert not refused.is_valid()
        assert "Angiv vægten for værdien (antal nye frivillige)" in refused.errors["weight"][0]
    assert TargetReportForm({"actual": "74,5", "weight": "60"}, instance=row).is_valid()
    assert TargetReportForm({"actual": "", "weight": ""}, instance=row).is_valid()  # no value, no weight


def test_the_report_form_asks_for_the_weight_of_weighted_targets_only(client, region, methods_fixture):
    report = StatusReport.objects.create(period=methods_fixture.follow.periods[1], unit=region.hospital)
    client.force_login(region.users["coordinator"])
    html = client.get(reverse("evaluation:report_edit", args=[report.pk])).content.decode()
    fields = re.findall(r'name="targets-\d+-(actual|weight)"', html)
    assert sorted(fields) == ["actual", "actual", "actual", "weight"]  # three targets, one weighted
    assert "Vægt: antal nye frivillige" in html  # the weighted target's weight, labelled
    assert "Nye frivillige med introduktion" in html and "Frivillige der er tilfredse" not in html
