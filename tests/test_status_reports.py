"""Half-year status reports (issue 6): the reports a coordinator's units owe, key figures pre-filled from
the register, the actions that concern a unit, the workflow draft -> submitted -> returned / accepted,
late reports, who may see and change what, and bounded numbers of queries.

`follow_up(region)` approves the region's 2019 strategy on 1 January 2019 (four half-year periods), makes
the hospital and the other hospital reporting units and starts the hospital's report for half year 1.
"""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Agreement
from evaluation.models import ActionReport, ReportingPeriod, ReportStatusError, StatusReport, TargetReport
from evaluation.reporting import concerning_actions, key_figures
from strategies.models import Action, PlanPart
from tests.factories import StatusReportFactory, make_agreement
from tests.followup import follow_up
from volunteers.models import Unit, Volunteer

Status = StatusReport.Status


def _url(name, *args):
    return reverse(f"evaluation:{name}", args=args)


def _login(client, region, role):
    client.force_login(region.users[role])
    return client


def _edit_data(report, actions=None, targets=None, **fields):
    """A complete POST of report_edit: the report's fields, then one row per action and target."""
    from evaluation.reporting import action_rows, target_rows

    data = {
        "active_volunteers": "12",
        "active_agreements": "3",
        "agreements_due_for_review": "1",
        "summary": "Et godt halvår.",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
        **fields,
    }
    for index, row in enumerate(action_rows(report)):
        values = (actions or {}).get(row.action_id, {})
        data[f"actions-{index}-status"] = values.get("status", "")
        data[f"actions-{index}-narrative"] = values.get("narrative", "")
        data[f"actions-{index}-next_steps"] = values.get("next_steps", "")
    for index, row in enumerate(target_rows(report)):
        data[f"targets-{index}-actual"] = (targets or {}).get(row.effect_target_id, "")
    return data


@pytest.fixture
def follow(region):
    return follow_up(region)


# --- key figures from the register ------------------------------------------------------------------------


def _volunteer(unit, **fields):
    values = {
        "first_name": "Ole",
        "last_name": "Lund",
        "start_date": timezone.localdate() - timedelta(days=100),
    }
    return Volunteer.objects.create(organisation=unit.organisation, unit=unit, **{**values, **fields})


def test_starting_a_report_fills_in_the_key_figures_from_the_register(client, region, follow):
    today = timezone.localdate()
    # Active: Karen at the hospital (fixture) and two at its department; not: ended, upcoming, anonymised,
    # and Jens at the other hospital.
    _volunteer(region.department)
    _volunteer(region.department, first_name="Bo")
    _volunteer(region.hospital, end_date=today - timedelta(days=1))
    _volunteer(region.hospital, start_date=today + timedelta(days=10))
    anonymised = _volunteer(region.hospital)
    Volunteer.objects.filter(pk=anonymised.pk).update(anonymised_on=today)
    # Running agreements: two active (one of them due for review in 10 days), one due for review at the
    # department; not: the fixture's draft, an ended one, and the other hospital's.
    vo = region.volunteer_organisation
    make_agreement(
        region.hospital, vo, status=Agreement.Status.ACTIVE, review_date=today + timedelta(days=400)
    )
    make_agreement(
        region.hospital, vo, status=Agreement.Status.ACTIVE, review_date=today + timedelta(days=10)
    )
    make_agreement(region.department, vo, status=Agreement.Status.DUE_FOR_REVIEW, review_date=today)
    make_agreement(region.hospital, vo, status=Agreement.Status.ENDED, review_date=today)
    make_agreement(region.other_hospital, vo, status=Agreement.Status.ACTIVE, review_date=today)

    assert key_figures(region.hospital) == {
        "active_volunteers": 3,
        "active_agreements": 3,
        "agreements_due_for_review": 2,
    }
    _login(client, region, "coordinator")
    response = client.post(_url("report_start", follow.periods[1].pk, region.hospital.pk))
    report = StatusReport.objects.get(period=follow.periods[1], unit=region.hospital)
    assert response.status_code == 302 and response["Location"] == _url("report_edit", report.pk)
    assert (report.status, report.active_volunteers, report.active_agreements) == (Status.DRAFT, 3, 3)
    assert report.agreements_due_for_review == 2
    # The figures are editable: the form shows them and saves what the coordinator corrects.
    page = client.get(_url("report_edit", report.pk)).content.decode()
    assert 'name="active_volunteers" value="3"' in page
    client.post(_url("report_edit", report.pk), _edit_data(report, active_volunteers="5"))
    report.refresh_from_db()
    assert report.active_volunteers == 5

    # Starting it again opens the same report and changes nothing.
    _volunteer(region.hospital, first_name="Ny")
    client.post(_url("report_start", follow.periods[1].pk, region.hospital.pk))
    assert StatusReport.objects.filter(period=follow.periods[1], unit=region.hospital).count() == 1
    report.refresh_from_db()
    assert report.active_volunteers == 5


def test_a_report_without_key_figures_is_offered_the_registers(client, region, follow):
    # follow_up() made the report directly, without figures: the form offers the register's (Karen).
    page = _login(client, region, "coordinator").get(_url("report_edit", follow.report.pk)).content.decode()
    assert 'name="active_volunteers" value="1"' in page
    follow.report.refresh_from_db()
    assert follow.report.active_volunteers is None  # offered, saved only with the form


def test_the_admin_shows_the_platform_operator_every_organisations_reports(
    client, region, other_region, follow, django_user_model
):
    theirs = follow_up(other_region)
    admin = _login(client, region, "administrator")
    assert admin.get(reverse("admin:evaluation_statusreport_changelist")).status_code == 302
    operator = django_user_model.objects.create_user(username="operator", is_superuser=True, is_staff=True)
    client.force_login(operator)
    page = client.get(reverse("admin:evaluation_statusreport_changelist")).content.decode()
    assert region.hospital.name in page and other_region.hospital.name in page
    for report in (follow.report, theirs.report):
        assert (
            client.get(reverse("admin:evaluation_statusreport_change", args=[report.pk])).status_code == 200
        )


def test_a_unit_that_does_not_report_cannot_start_a_report(client, region, follow):
    _login(client, region, "secretariat")
    response = client.post(_url("report_start", follow.periods[0].pk, region.department.pk))
    assert response.status_code == 404
    assert not StatusReport.objects.filter(unit=region.department).exists()


# --- actions that concern a unit --------------------------------------------------------------------------


def test_actions_that_concern_a_unit(region, follow):
    plan = region.implementation_plan
    region_wide = PlanPart.objects.create(plan=plan, name="Hele regionen", position=2)
    top = Unit.objects.create(
        organisation=region.organisation, name="Regionshuset", kind=Unit.Kind.ADMINISTRATION
    )
    Unit.objects.filter(pk=region.hospital.pk).update(parent=top)
    region_wide.units.add(top)
    no_units = PlanPart.objects.create(plan=plan, name="Tværgående", position=3)
    psychiatry = PlanPart.objects.create(plan=plan, name="Psykiatrien", position=4)
    psychiatry.units.add(region.other_hospital)

    def action(part, title, owner=None):
        return Action.objects.create(part=part, focus_area=region.focus_area, title=title, owner_unit=owner)

    in_part_above = action(region_wide, "Fælles rekrutteringskampagne")  # the part includes a unit above
    owned_below = action(no_units, "Besøgsvenner på afdelingen", owner=region.department)  # owner below
    owned_elsewhere = action(no_units, "Café på det andet hospital", owner=region.other_hospital)
    other_part = action(psychiatry, "Café i psykiatrien")
    hospital = Unit.objects.get(pk=region.hospital.pk)
    department = Unit.objects.get(pk=region.department.pk)

    # The fixture's action: its part "Sygehusene" includes the hospital, and the hospital owns it.
    assert list(concerning_actions(follow.strategy, hospital)) == [region.action, in_part_above, owned_below]
    # The department: the parts of the hospital and the region above it, and its own action.
    assert list(concerning_actions(follow.strategy, department)) == [
        region.action,
        in_part_above,
        owned_below,
    ]
    # A unit above: the actions owned below it, and the parts that include it.
    assert list(concerning_actions(follow.strategy, top)) == [region.action, in_part_above, owned_below]
    assert list(concerning_actions(follow.strategy, region.other_hospital)) == [owned_elsewhere, other_part]
    # Another strategy's actions never concern the unit.
    assert not concerning_actions(region.approved_strategy, hospital).exists()


# --- the workflow -----------------------------------------------------------------------------------------


def test_coordinator_fills_in_and_submits_and_the_secretariat_returns_and_accepts(client, region, follow):
    report = follow.report
    coordinator = _login(client, region, "coordinator")
    data = _edit_data(
        report,
        actions={region.action.pk: {"status": "at_risk", "narrative": "Ansat på to af tre sygehuse."}},
        targets={region.effect_target.pk: "27,5"},
        summary="Godt i gang.",
    )
    response = coordinator.post(_url("report_edit", report.pk), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.summary) == (Status.DRAFT, "Godt i gang.")
    row = ActionReport.objects.get(report=report)
    assert (row.action, row.status, row.narrative) == (
        region.action,
        "at_risk",
        "Ansat på to af tre sygehuse.",
    )
    assert TargetReport.objects.get(report=report).actual == Decimal("27.5")

    page = coordinator.get(_url("report_detail", report.pk)).content.decode()
    assert "▲</span> I risiko" in page or "▲</span> At risk" in page
    assert "27,5" in page

    coordinator.post(_url("report_submit", report.pk))
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.submitted_by == region.users["coordinator"]
    # Submitted: the coordinator can no longer change it.
    response = coordinator.post(_url("report_edit", report.pk), _edit_data(report, summary="Ændret"))
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.summary == "Godt i gang."
    # ... nor decide on it.
    assert coordinator.post(_url("report_decide", report.pk), {"decision": "accept"}).status_code == 403

    secretariat = _login(client, region, "secretariat")
    # Returning needs a comment: the form says so and nothing changes.
    response = secretariat.post(_url("report_decide", report.pk), {"decision": "return", "comment": "  "})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    secretariat.post(
        _url("report_decide", report.pk), {"decision": "return", "comment": "Tilføj tal for Q2."}
    )
    report.refresh_from_db()
    assert (report.status, report.return_comment) == (Status.RETURNED, "Tilføj tal for Q2.")

    # The coordinator sees the comment, changes the report and submits it again from the form.
    coordinator = _login(client, region, "coordinator")
    assert "Tilføj tal for Q2." in coordinator.get(_url("report_edit", report.pk)).content.decode()
    data = _edit_data(
        report, actions={region.action.pk: {"status": "on_track"}}, summary="Med tal for Q2.", submit=""
    )
    response = coordinator.post(_url("report_edit", report.pk), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.summary) == (Status.SUBMITTED, "Med tal for Q2.")
    assert ActionReport.objects.get(report=report).status == "on_track"

    secretariat = _login(client, region, "secretariat")
    # Accepting asks first, on a page that names the coordinators told; only its button accepts.
    response = secretariat.post(_url("report_decide", report.pk), {"decision": "accept", "comment": ""})
    assert response.status_code == 200
    assert region.users["coordinator"].get_full_name() in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    secretariat.post(
        _url("report_decide", report.pk), {"decision": "accept", "comment": "", "confirmed": "1"}
    )
    report.refresh_from_db()
    assert (report.status, report.decided_by, report.return_comment) == (
        Status.ACCEPTED,
        region.users["secretariat"],
        "",
    )
    # Refused steps say why, in Danish, and change nothing.
    response = secretariat.post(_url("report_submit", report.pk), follow=True)
    assert "Kun et udkast eller en rapport, der er sendt retur, kan indsendes." in response.content.decode()
    response = secretariat.post(
        _url("report_decide", report.pk), {"decision": "accept", "confirmed": "1"}, follow=True
    )
    assert "Kun en indsendt" in response.content.decode() or "Only a submitted" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED


def test_a_report_is_submitted_only_with_a_status_for_every_action(client, region, follow):
    report = follow.report
    coordinator = _login(client, region, "coordinator")
    response = coordinator.post(_url("report_submit", report.pk))
    assert response.status_code == 302 and response["Location"] == _url("report_edit", report.pk)
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    # From the form: the error is shown beside the action and everything typed stays.
    data = _edit_data(
        report, actions={region.action.pk: {"narrative": "Skrevet, men uden status."}}, submit=""
    )
    response = coordinator.post(_url("report_edit", report.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skrevet, men uden status." in page and "error-summary" in page
    report.refresh_from_db()
    assert report.status == Status.DRAFT and not report.actions.exists()


def test_a_report_is_not_handed_in_before_its_period_begins(client, region, follow):
    """Rule of time (issue 12): the report of a period that has not begun can be drafted, not handed in;
    the message names the day it begins, and what was typed stays saved."""
    period = follow.periods[1]  # half year 2 begins on 1 July 2019
    report = StatusReportFactory(period=period, unit=region.hospital)
    with time_machine.travel(datetime(2019, 6, 30, 12, tzinfo=timezone.get_current_timezone())):
        with pytest.raises(ReportStatusError) as refused:
            report.submit(region.users["coordinator"])
        with translation.override("da"):
            assert "Perioden begynder først 1. juli 2019" in str(refused.value)
        coordinator = _login(client, region, "coordinator")
        page = coordinator.get(_url("report_detail", report.pk)).content.decode()
        assert "Perioden begynder først 1. juli 2019" in page
        assert _url("report_submit", report.pk) not in page
        data = _edit_data(
            report, actions={region.action.pk: {"status": "on_track"}}, summary="I god tid.", submit=""
        )
        response = coordinator.post(_url("report_edit", report.pk), data, follow=True)
        expected = "Rapporten er gemt, men ikke indsendt. Perioden begynder først 1. juli 2019"
        assert expected in response.content.decode()
        report.refresh_from_db()
        assert (report.status, report.summary, report.submitted_at) == (Status.DRAFT, "I god tid.", None)
        response = coordinator.post(_url("report_submit", report.pk), follow=True)
        assert "Perioden begynder først 1. juli 2019" in response.content.decode()
        report.refresh_from_db()
        assert report.status == Status.DRAFT
    with time_machine.travel(datetime(2019, 7, 1, 8, tzinfo=timezone.get_current_timezone())):
        report.submit(region.users["coordinator"])
    assert report.status == Status.SUBMITTED


def test_invalid_input_keeps_what_was_typed_and_saves_nothing(client, region, follow):
    report = follow.report
    coordinator = _login(client, region, "coordinator")
    data = _edit_data(
        report,
        actions={region.action.pk: {"status": "done", "narrative": "Gennemført i marts."}},
        targets={region.effect_target.pk: "mange"},
        active_volunteers="-3",
        summary="Ny tekst",
    )
    response = coordinator.post(_url("report_edit", report.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Gennemført i marts." in page and 'value="mange"' in page and "Ny tekst" in page
    assert "error-summary" in page
    report.refresh_from_db()
    assert report.summary == "" and not report.actions.exists() and not report.targets.exists()


def test_a_tampered_form_count_changes_no_other_rows(client, region, follow):
    report = follow.report
    data = _edit_data(report, actions={region.action.pk: {"status": "done"}})
    data.update({"actions-TOTAL_FORMS": "5", "actions-1-status": "behind", "actions-1-narrative": "x"})
    _login(client, region, "coordinator").post(_url("report_edit", report.pk), data)
    assert list(report.actions.values_list("action", "status")) == [(region.action.pk, "done")]


# --- late reports -----------------------------------------------------------------------------------------


def test_late_at_the_edge_dates(client, region, follow):
    today = timezone.localdate()
    report, period = follow.report, follow.periods[0]
    period.deadline = today
    period.save()
    assert not report.is_late(today)
    assert report.is_late(today + timedelta(days=1))
    coordinator = _login(client, region, "coordinator")
    owed = coordinator.get(_url("report_list")).content.decode().split('id="owed-reports"')[1]
    assert "⚠" not in _row_of(owed, str(period))

    period.deadline = today - timedelta(days=1)
    period.save()
    owed = coordinator.get(_url("report_list")).content.decode().split('id="owed-reports"')[1]
    assert "⚠" in _row_of(owed, str(period))
    assert "Forsinket" in _row_of(owed, str(period)) or "Late" in _row_of(owed, str(period))
    secretariat_page = _login(client, region, "secretariat").get(_url("report_list")).content.decode()
    assert "⚠" in secretariat_page
    assert client.get(_url("report_list"), {"late": "late"}).context["listing"].page.paginator.count == 1
    assert client.get(_url("report_list"), {"late": "on_time"}).context["listing"].page.paginator.count == 0

    # Submitted on the deadline day (late in the evening) is in time; the next morning is late.
    deadline = period.deadline
    tz = timezone.get_current_timezone()
    report.submitted_at = timezone.make_aware(datetime.combine(deadline, time(23, 59)), tz)
    report.status = Status.SUBMITTED
    report.save()
    assert not report.is_late()
    assert client.get(_url("report_list"), {"late": "late"}).context["listing"].page.paginator.count == 0
    report.submitted_at = timezone.make_aware(datetime.combine(deadline + timedelta(days=1), time(0, 1)), tz)
    report.save()
    assert report.is_late()
    assert client.get(_url("report_list"), {"late": "late"}).context["listing"].page.paginator.count == 1


def _row_of(table_html, text):
    return next(row for row in table_html.split("</tr>") if text in row)


def test_the_coordinator_sees_what_their_units_owe(client, region, follow):
    page = _login(client, region, "coordinator").get(_url("report_list")).content.decode()
    owed = page.split('id="owed-reports"')[1].split("</table>")[0]
    # Four half years of the hospital's; the other hospital is not the coordinator's unit.
    assert owed.count("<tr>") == 1 + 4
    assert region.other_hospital.name not in owed
    assert _url("report_detail", follow.report.pk) in owed
    assert _url("report_start", follow.periods[1].pk, region.hospital.pk) in owed
    assert _url("period_list", follow.strategy.pk) in page


def test_a_report_is_started_from_the_owed_list_with_its_csrf_token(region, follow):
    """The owed list's rows are written in Python: each start form still carries the CSRF token."""
    client = _login(Client(enforce_csrf_checks=True), region, "coordinator")
    action = _url("report_start", follow.periods[1].pk, region.hospital.pk)
    form = client.get(_url("report_list")).content.decode().split(f'action="{action}"')[1].split("</form>")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(action, {"csrfmiddlewaretoken": token})
    report = StatusReport.objects.get(period=follow.periods[1], unit=region.hospital)
    assert response.status_code == 302 and response.url == _url("report_edit", report.pk)


def test_the_secretariat_filters_the_organisations_reports(client, region, other_region, follow):
    StatusReport.objects.create(period=follow.periods[1], unit=region.other_hospital, status=Status.SUBMITTED)
    follow_up(other_region)
    secretariat = _login(client, region, "secretariat")
    listing = secretariat.get(_url("report_list")).context["listing"]
    assert listing.page.paginator.count == 2  # not the other region's
    assert (
        secretariat.get(_url("report_list"), {"status": "submitted"}).context["listing"].page.paginator.count
        == 1
    )
    units = secretariat.get(_url("report_list"), {"unit": region.hospital.pk}).context["listing"]
    assert [r.unit for r in units.page] == [region.hospital]
    periods = secretariat.get(_url("report_list"), {"period": "2"}).context["listing"]
    assert [r.period for r in periods.page] == [follow.periods[1]]


def test_the_period_filter_offers_the_organisations_own_periods(client, region, other_region, follow):
    other = follow_up(other_region)
    last = other.periods[-1]
    ReportingPeriod.objects.create(
        strategy=other.strategy,
        number=9,
        starts_on=last.ends_on + timedelta(days=1),
        ends_on=last.ends_on + timedelta(days=180),
        deadline=last.ends_on + timedelta(days=200),
    )
    form = _login(client, region, "secretariat").get(_url("report_list")).context["listing"].filterset.form
    assert [value for value, _label in form.fields["period"].choices] == ["", 1, 2, 3, 4]


def test_period_list_counts_the_reports_handed_in(client, region, follow):
    StatusReport.objects.create(period=follow.periods[0], unit=region.other_hospital, status=Status.ACCEPTED)
    page = _login(client, region, "steering_group").get(_url("period_list", follow.strategy.pk))
    rows = page.context["periods"]
    assert [row.handed_in for row in rows] == [1, 0, 0, 0]
    assert [len(row.units) for row in rows] == [2, 2, 2, 2]
    assert rows[0].outstanding == [region.hospital]
    # The coordinator counts their own unit only.
    rows = (
        _login(client, region, "coordinator").get(_url("period_list", follow.strategy.pk)).context["periods"]
    )
    assert [(row.handed_in, len(row.units)) for row in rows][0] == (0, 1)


# --- who may see and change what --------------------------------------------------------------------------


def test_steering_group_reads_but_every_change_is_403(client, region, follow):
    report = follow.report
    steering = _login(client, region, "steering_group")
    for url in [
        _url("report_list"),
        _url("report_detail", report.pk),
        _url("period_list", follow.strategy.pk),
    ]:
        assert steering.get(url).status_code == 200
    posts = [
        (_url("report_start", follow.periods[1].pk, region.hospital.pk), {}),
        (_url("report_edit", report.pk), _edit_data(report, summary="Ændret")),
        (_url("report_submit", report.pk), {}),
        (_url("report_decide", report.pk), {"decision": "accept"}),
    ]
    for url, data in posts:
        assert steering.post(url, data).status_code == 403, url
    report.refresh_from_db()
    assert (report.status, report.summary) == (Status.DRAFT, "")
    assert StatusReport.objects.filter(unit=region.hospital).count() == 1
    page = steering.get(_url("report_detail", report.pk)).content.decode()
    assert _url("report_edit", report.pk) not in page and _url("report_decide", report.pk) not in page


def test_coordinator_of_another_unit_gets_404(client, region, follow):
    theirs = StatusReport.objects.create(period=follow.periods[0], unit=region.other_hospital)
    coordinator = _login(client, region, "coordinator")
    for name in ["report_detail", "report_edit"]:
        assert coordinator.get(_url(name, theirs.pk)).status_code == 404
    assert coordinator.post(_url("report_submit", theirs.pk)).status_code == 404
    assert (
        coordinator.post(_url("report_start", follow.periods[1].pk, region.other_hospital.pk)).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == Status.DRAFT
    assert not StatusReport.objects.filter(period=follow.periods[1], unit=region.other_hospital).exists()


def test_another_organisations_reports_do_not_exist(client, region, other_region):
    theirs = follow_up(other_region)
    for role in ["coordinator", "secretariat", "steering_group", "administrator"]:
        user = _login(client, region, role)
        assert user.get(_url("report_detail", theirs.report.pk)).status_code == 404
        assert user.get(_url("period_list", theirs.strategy.pk)).status_code == 404
    secretariat = _login(client, region, "secretariat")
    assert secretariat.post(_url("report_submit", theirs.report.pk)).status_code == 404
    assert (
        secretariat.post(_url("report_decide", theirs.report.pk), {"decision": "accept"}).status_code == 404
    )
    assert (
        secretariat.post(_url("report_start", theirs.periods[1].pk, other_region.hospital.pk)).status_code
        == 404
    )
    assert secretariat.post(_url("report_start", theirs.periods[1].pk, region.hospital.pk)).status_code == 404
    theirs.report.refresh_from_db()
    assert theirs.report.status == Status.DRAFT


# --- bounded queries --------------------------------------------------------------------------------------


def _actions(region, count):
    Action.objects.bulk_create(
        Action(part=region.part, focus_area=region.focus_area, title=f"Handling {n}", position=n)
        for n in range(count)
    )


@pytest.mark.parametrize("count", [5, 50])
def test_report_edit_and_detail_queries_do_not_grow_with_the_actions(
    client, region, follow, count, django_assert_max_num_queries
):
    _actions(region, count)
    report = follow.report
    report.active_volunteers = 1  # as a report started in the app has (else the register is counted too)
    report.save()
    coordinator = _login(client, region, "coordinator")
    with django_assert_max_num_queries(14):
        response = coordinator.get(_url("report_edit", report.pk))
    assert response.content.decode().count('class="report-action"') == count + 1
    data = _edit_data(report, actions={a.pk: {"status": "on_track"} for a in Action.objects.all()})
    with django_assert_max_num_queries(18):
        assert coordinator.post(_url("report_edit", report.pk), data).status_code == 302
    assert report.actions.count() == count + 1
    with django_assert_max_num_queries(26):  # handing in records the secretariat's hand-offs too
        assert coordinator.post(_url("report_edit", report.pk), data | {"submit": ""}).status_code == 302
    with django_assert_max_num_queries(14):
        page = coordinator.get(_url("report_detail", report.pk)).content.decode()
    assert page.count("●</span>") == count + 1 and page.count("Handling ") == count


@pytest.mark.django_db
def test_the_descending_deadline_index_says_nulls_last_where_the_database_takes_it():
    """PostgreSQL reads the index for the list's "-deadline" sort only with NULLS LAST; SQLite's
    indexes take no NULLS clause (and put empty values last in a descending one anyway)."""
    index = next(index for index in ReportingPeriod._meta.indexes if index.name == "period_deadline_desc")
    sql = str(index.create_sql(ReportingPeriod, connection.schema_editor(collect_sql=True)))
    assert '("deadline" DESC' in sql
    assert ("NULLS LAST" in sql) == (connection.vendor == "postgresql")


@pytest.mark.parametrize("count", [3, 40])
def test_report_lists_queries_do_not_grow_with_the_reports(
    client, region, follow, count, django_assert_max_num_queries
):
    units = Unit.objects.bulk_create(
        Unit(organisation=region.organisation, name=f"Enhed {n}", kind=Unit.Kind.HOSPITAL)
        for n in range(count)
    )
    follow.schedule.units.add(*units)
    region.users["coordinator"].units.add(*units)
    StatusReport.objects.bulk_create(
        StatusReport(period=period, unit=unit, status=Status.SUBMITTED)
        for period in follow.periods
        for unit in units
    )
    secretariat = _login(client, region, "secretariat")
    with django_assert_max_num_queries(12):
        response = secretariat.get(_url("report_list"))
    assert response.context["listing"].page.paginator.count == 4 * count + 1
    coordinator = _login(client, region, "coordinator")
    with django_assert_max_num_queries(12):
        response = coordinator.get(_url("report_list"))
    assert response.context["listing"].page.paginator.count == 4 * (count + 1)
    assert len(response.context["owed"]) == min(25, 4 * (count + 1))
    with django_assert_max_num_queries(12):
        response = client.get(_url("period_list", follow.strategy.pk))
    assert response.context["periods"][1].handed_in == count
