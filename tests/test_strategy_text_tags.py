"""The focus areas of the strategy's text and the effect targets of a comparison, written in Python
(issue 16): escaped, linked and marked as their templates did."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.urls import reverse
from django.utils.translation import override

from strategies.compare import ADDED, CHANGED, REMOVED, compare_targets
from strategies.templatetags.diff_tags import diff_targets_table
from strategies.templatetags.effect_targets import effect_targets_table
from strategies.templatetags.focus_areas import focus_area_articles


class _Targets(list):
    def all(self):
        return self


def _target(indicator, baseline, target_date=date(2021, 6, 30)):
    return SimpleNamespace(
        indicator=indicator,
        baseline=baseline,
        target=None,
        unit="antal",
        target_date=target_date,
        aggregation="sum",
        weight_label="",
        aggregation_text="Sum",
    )


def _area(pk, title, description="", goals="", targets=()):
    return SimpleNamespace(
        pk=pk,
        title=title,
        description=description,
        goal_lines=lambda: goals.split("\n") if goals else [],
        effect_targets=_Targets(targets),
    )


@override("en")
def test_focus_area_articles_number_escape_and_link_only_when_editable():
    areas = [
        _area(7, "<Fokus>", description="Linje 1\nLinje & 2", goals="Et mål\nEt <andet>"),
        _area(8, "Uden mål", targets=[_target("Frivillige", Decimal("12.50"))]),
    ]
    html = focus_area_articles(areas, edit=True)
    assert '<h3 id="focus-area-7" class="h5">1. &lt;Fokus&gt;</h3>' in html
    assert '<h3 id="focus-area-8" class="h5">2. Uden mål</h3>' in html
    edit_url = reverse("strategies:focus_area_edit", args=[7])
    assert f'<a href="{edit_url}">Edit<span class="visually-hidden"> &lt;Fokus&gt;</span></a>' in html
    assert reverse("strategies:focus_area_delete", args=[8]) in html
    assert "<p>Linje 1<br>Linje &amp; 2</p>" in html
    assert '<h4 class="h6">Goals</h4>\n<ul><li>Et mål</li><li>Et &lt;andet&gt;</li></ul>' in html
    assert html.count("<table") == 1 and '<caption id="effect-targets-8">' in html
    assert "<td>30 June 2021</td>" in html
    assert "focus-area-actions" not in focus_area_articles(areas, edit=False)


@override("en")
def test_diff_targets_table_marks_added_removed_and_changed_values():
    old = [_target("Kept", Decimal("1")), _target("Gone", Decimal("2"))]
    new = [_target("Kept", Decimal("3")), _target("<New>", None)]
    targets = compare_targets(old, new)
    assert [t.kind for t in targets] == [CHANGED, ADDED, REMOVED]
    html = diff_targets_table(SimpleNamespace(title="Fokus", targets=targets), 4)
    assert html.startswith(
        '<div class="table-responsive" role="region" tabindex="0" aria-labelledby="targets-4-caption">'
    )
    assert '<caption id="targets-4-caption">Effect targets for Fokus</caption>' in html
    assert '<th scope="col">Indicator</th><th scope="col">Change</th><th scope="col">Baseline</th>' in html
    assert (
        '<td><del><span class="visually-hidden">[Removed: </span>1<span class="visually-hidden">]</span>'
        '</del> <span aria-hidden="true">→</span> <ins><span class="visually-hidden">[Added: </span>3'
    ) in html
    assert '<tr><th scope="row"><ins>&lt;New&gt;</ins></th><td class="diff-kind">Added</td><td>–</td>' in html
    assert '<tr><th scope="row"><del>Gone</del></th><td class="diff-kind">Removed</td><td>2</td>' in html
    assert html.count("<td>30 June 2021</td>") == 3


@override("en")
def test_effect_targets_table_is_captioned_and_left_out_without_targets():
    area = _area(5, "<Fokus>", targets=[_target("Frivillige", Decimal("12.50"), target_date=None)])
    html = effect_targets_table(area, "table", "text-end", scrolls=True)
    assert html.startswith(
        '<div class="table-responsive" role="region" tabindex="0" aria-labelledby="effect-targets-5">'
    )
    assert '<caption id="effect-targets-5">Effect targets for &lt;Fokus&gt;</caption>' in html
    assert '<td class="text-end">12.50</td><td class="text-end">–</td>' in html
    assert effect_targets_table(_area(6, ""), "t", "n") == ""
