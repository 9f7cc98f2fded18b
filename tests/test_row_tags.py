"""The rows the agreement list, the plan page and the strategy's text write in Python (issue 16): escaped,
linked and marked as their templates did."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.urls import reverse
from django.utils.translation import override

from agreements.models import Agreement
from agreements.templatetags.agreement_tags import agreement_rows
from strategies.templatetags.effect_targets import effect_targets_table
from strategies.templatetags.plan_rows import action_rows
from volunteers.models import Unit, VolunteerOrganisation

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


class _Targets(list):
    def all(self):
        return self


@override("en")
def test_effect_targets_table_is_captioned_and_left_out_without_targets():
    target = SimpleNamespace(
        indicator="Frivillige",
        baseline=Decimal("12.50"),
        target=None,
        unit="antal",
        target_date=None,
        aggregation="sum",
        weight_label="",
        aggregation_text="Sum",
    )
    area = SimpleNamespace(pk=5, title="<Fokus>", effect_targets=_Targets([target]))
    html = effect_targets_table(area, "table", "text-end", scrolls=True)
    assert html.startswith(
        '<div class="table-responsive" role="region" tabindex="0" aria-labelledby="effect-targets-5">'
    )
    assert '<caption id="effect-targets-5">Effect targets for &lt;Fokus&gt;</caption>' in html
    assert '<td class="text-end">12.50</td><td class="text-end">–</td>' in html
    assert effect_targets_table(SimpleNamespace(pk=6, title="", effect_targets=_Targets()), "t", "n") == ""
