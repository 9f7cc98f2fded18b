"""The rows the agreement list and the plan page write in Python (issue 16): escaped, linked and marked as
their templates did (the strategy's text: tests/test_strategy_text_tags.py)."""

from datetime import date
from types import SimpleNamespace

from django.urls import reverse
from django.utils.translation import override

from agreements.models import Agreement
from agreements.templatetags.agreement_tags import agreement_rows, due_agreement_rows
from evaluation.models import ReportingPeriod, StatusReport
from evaluation.reporting import OwedReport
from evaluation.templatetags.reports import owed_report_items
from strategies.models import Action
from strategies.templatetags.plan_rows import action_rows, plan_pdf_action_rows
from volunteers.models import Unit, Volunteer, VolunteerOrganisation
from volunteers.templatetags.start_rows import anniversary_rows, missing_check_rows

TODAY = date(2026, 3, 1)


def _agreement(pk, status, review_date):
    return Agreement(
        pk=pk,
        title="<b>Aftale</b>",
        unit=Unit(name="Afsnit & co"),
        volunteer_organisation=VolunteerOrganisation(name="Røde Kors"),
        kind=Agreement.Kind.choices[0][0],
        status=status,
        review_date=review_date,
    )


@override("en")
def test_agreement_rows_link_escape_and_mark_reviews_due():
    rows = agreement_rows(
        [
            _agreement(7, Agreement.Status.ACTIVE, date(2026, 2, 1)),
            _agreement(8, Agreement.Status.DUE_FOR_REVIEW, date(2026, 3, 10)),
            _agreement(9, Agreement.Status.DRAFT, date(2026, 2, 1)),
        ],
        TODAY,
        date(2026, 4, 1),
    )
    first, second, third = rows.split("\n")
    assert f'<th scope="row"><a href="{reverse("agreements:agreement_detail", args=[7])}">' in first
    assert "&lt;b&gt;Aftale&lt;/b&gt;" in first and "<td>Afsnit &amp; co</td>" in first
    assert '<span class="agreement-status status-active"><span aria-hidden="true">●</span>' in first
    assert '<span class="review-due">(overdue)</span>' in first
    assert '<span class="review-due">(due soon)</span>' in second
    assert "review-due" not in third  # a draft is not reviewed


def _action(pk, overdue):
    return SimpleNamespace(
        pk=pk,
        title="<i>Handling</i>",
        focus_area="Fokus",
        owner_unit=None,
        responsible=None,
        start=None,
        deadline=date(2026, 2, 1),
        overdue=overdue,
        get_status_display=lambda: "Planlagt",
    )


def test_action_rows_mark_overdue_actions_and_link_to_edit_only_for_changers():
    rows = action_rows([_action(3, True), _action(4, False)], True)
    overdue, on_time = rows.split("\n")
    assert overdue.startswith('<tr class="action-overdue-row">') and 'class="action-overdue"' in overdue
    assert on_time.startswith("<tr>") and "action-overdue" not in on_time
    assert "<td>–</td>" in on_time and "&lt;i&gt;Handling&lt;/i&gt;" in on_time
    assert f'<a href="{reverse("strategies:action_edit", args=[4])}">' in on_time
    assert "<a " not in action_rows([_action(3, True)], False)


@override("da")
def test_plan_pdf_action_rows_escape_and_write_each_actions_cells():
    described = SimpleNamespace(
        **{**vars(_action(5, False)), "description": "Med <b>frivillige</b>", "status": Action.Status.DONE}
    )
    plain = SimpleNamespace(**{**vars(_action(6, False)), "description": "", "status": Action.Status.PLANNED})

    first, second = plan_pdf_action_rows([described, plain]).split("\n")

    assert first.startswith('<tr><td class="col-action"><strong>&lt;i&gt;Handling&lt;/i&gt;</strong>')
    assert "<br>Med &lt;b&gt;frivillige&lt;/b&gt;</td>" in first
    assert '<td class="col-owner">–<br>–</td><td class="col-period">– –<br>1. feb. 2026</td>' in first
    assert f'<td class="col-status">{Action.Status.DONE.label}</td></tr>' in first
    assert "</strong></td>" in second and f">{Action.Status.PLANNED.label}<" in second


@override("da")
def test_the_start_pages_rows_link_escape_and_mark_what_is_due():
    unit = Unit(name="Afsnit & co")
    due, later = (
        _agreement(7, Agreement.Status.DUE_FOR_REVIEW, date(2026, 2, 1)),
        _agreement(8, Agreement.Status.ACTIVE, date(2026, 3, 10)),
    )
    overdue, on_time = due_agreement_rows([due, later], TODAY).split("\n")
    assert f'<th scope="row"><a href="{reverse("agreements:agreement_detail", args=[7])}">' in overdue
    assert "&lt;b&gt;Aftale&lt;/b&gt;" in overdue and "<td>Afsnit &amp; co</td>" in overdue
    assert '<td class="text-nowrap">1. februar 2026 (overskredet)</td>' in overdue
    assert "overskredet" not in on_time

    volunteer = Volunteer(pk=4, first_name="<Ib>", last_name="Ås", unit=unit)
    (missing,) = missing_check_rows([(volunteer, ["børneattest", "straffeattest"])]).split("\n")
    assert f'<a href="{reverse("volunteers:volunteer_detail", args=[4])}">&lt;Ib&gt; Ås</a>' in missing
    assert missing.endswith("<td>Afsnit &amp; co</td><td>Børneattest, straffeattest</td></tr>")

    one, five = anniversary_rows([(volunteer, 1, date(2026, 3, 2)), (volunteer, 5, TODAY)]).split("\n")
    assert one.endswith('<td>1 år</td><td class="text-nowrap">2. marts 2026</td></tr>')
    assert "<td>5 år</td>" in five


@override("en")
def test_the_owed_reports_items_link_a_started_report_and_mark_a_late_one():
    period = ReportingPeriod(
        number=3, months=6, starts_on=date(2025, 7, 1), ends_on=date(2025, 12, 31), deadline=date(2026, 2, 15)
    )
    unit = Unit(pk=4, name="Afsnit <3>")
    draft = StatusReport(pk=12, period=period, unit=unit, status=StatusReport.Status.DRAFT)
    started, not_started = owed_report_items(
        [OwedReport(period, unit, draft, TODAY), OwedReport(period, unit, None, date(2026, 2, 1))]
    ).split("\n")
    url = reverse("evaluation:report_detail", args=[12])
    deadline = "deadline 15 February 2026"
    assert started.startswith(f'<li><a href="{url}">Afsnit &lt;3&gt;, {period}</a> – {deadline} (')
    assert "Draft" in started and '<span class="report-late">' in started
    assert not_started.startswith(f"<li>Afsnit &lt;3&gt;, {period} – {deadline} (")
    assert "<a " not in not_started and "report-late" not in not_started
