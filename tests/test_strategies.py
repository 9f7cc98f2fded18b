"""Strategies and versions: the text, the workflow to approval and revision, focus areas with their
effect targets, and two versions compared side by side."""

import importlib
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from strategies.compare import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    Segment,
    compare_areas,
    compare_strategies,
    compare_targets,
    diff_lines,
    diff_words,
)
from strategies.models import EffectTarget, FocusArea, Strategy


def url(name, *args):
    return reverse(f"strategies:{name}", args=args)


def says(response, text):
    return str(escape(text)) in response.content.decode()


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def secretariat(client, region):
    client.force_login(region.users["secretariat"])
    return client


def strategy_data(**changes):
    return {
        "title": "Frivillighedsstrategi",
        "version": "2025",
        "approved_by": "",
        "vision": "Flere borgere løftes ind i lokale fællesskaber.",
        "purpose": "At styrke samarbejdet med civilsamfundet.",
        "principles": "De frivillige supplerer de professionelle\nÅbenhed i høringer",
        "attention_points": "De frivilliges motivation\nTiming",
        **changes,
    }


def area_data(targets=(), **changes):
    data = {
        "position": "2",
        "title": "Mangfoldighed blandt frivillige",
        "description": "Frivillige afspejler befolkningen.",
        "goals": "Flere unge frivillige\nFlere frivillige med anden etnisk baggrund",
        "targets-TOTAL_FORMS": str(max(len(targets), 2)),
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        **changes,
    }
    for index, target in enumerate(targets):
        for name, value in {"aggregation": "sum", **target}.items():
            data[f"targets-{index}-{name}"] = value
    return data


def add_areas(strategy, areas, targets):
    for number in range(areas):
        area = FocusArea.objects.create(strategy=strategy, position=number + 1, title=f"Område {number}")
        EffectTarget.objects.bulk_create(
            EffectTarget(focus_area=area, indicator=f"Indikator {index}", baseline=index, target=index * 10)
            for index in range(targets)
        )


# --- the list, the page and who reads it ---


def test_list_shows_versions_and_their_links(secretariat, region):
    response = secretariat.get(url("strategy_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2016" in page and "2019" in page
    assert says(response, _("In implementation")) and says(response, _("Draft"))
    assert url("strategy_detail", region.approved_strategy.pk) in page
    assert says(response, _("New strategy"))


def test_list_has_no_new_button_for_readers(client, region):
    client.force_login(region.users["steering_group"])
    assert not says(client.get(url("strategy_list")), _("New strategy"))


def test_coordinator_reads_the_strategy_but_gets_no_buttons(client, region):
    client.force_login(region.users["coordinator"])
    response = client.get(url("strategy_detail", region.strategy.pk))
    assert response.status_code == 200
    assert says(response, "Frivillighed i sektorovergange")
    assert says(response, "Antal frivillige i sektorovergange")
    assert not says(response, _("Edit the text"))
    assert url("strategy_status", region.strategy.pk) not in response.content.decode()


def test_detail_links_the_versions_and_offers_the_workflow(secretariat, region):
    response = secretariat.get(url("strategy_detail", region.strategy.pk))
    page = response.content.decode()
    assert url("strategy_detail", region.approved_strategy.pk) in page
    assert says(response, _("Send to consultation"))
    assert url("strategy_approve", region.strategy.pk) in page
    assert url("focus_area_edit", region.focus_area.pk) in page
    old = secretariat.get(url("strategy_detail", region.approved_strategy.pk))
    assert url("strategy_detail", region.strategy.pk) in old.content.decode()
    assert says(old, _("Mark as evaluated"))
    assert not says(old, _("Edit the text"))


def test_effect_targets_are_shown_the_danish_way(secretariat, region):
    region.effect_target.baseline = Decimal("1000.5")
    region.effect_target.save()
    response = secretariat.get(url("strategy_detail", region.strategy.pk))
    assert ">1.000,50<" in response.content.decode()
    assert "30. juni 2021" in response.content.decode()


# --- creating and editing ---


def test_create_a_strategy(secretariat, region):
    response = secretariat.post(url("strategy_create"), strategy_data(approved_by=str(region.body.pk)))
    strategy = Strategy.objects.get(version="2025")
    assert response.status_code == 302 and response["Location"] == url("strategy_detail", strategy.pk)
    assert strategy.organisation == region.organisation
    assert strategy.status == Strategy.Status.DRAFT
    assert strategy.approved_by == region.body
    assert strategy.principle_lines() == ["De frivillige supplerer de professionelle", "Åbenhed i høringer"]


def test_create_with_invalid_data_keeps_the_input(secretariat, region):
    response = secretariat.post(url("strategy_create"), strategy_data(title=""))
    assert response.status_code == 200
    assert says(response, "Flere borgere løftes ind i lokale fællesskaber.")
    assert response.context["form"].errors["title"]
    assert not Strategy.objects.filter(version="2025").exists()


def test_a_version_cannot_be_made_twice(secretariat, region):
    response = secretariat.post(url("strategy_create"), strategy_data(version="2019"))
    assert response.status_code == 200
    assert says(response, _("The organisation already has this version of the strategy."))
    assert Strategy.objects.filter(organisation=region.organisation, version="2019").count() == 1


def test_the_approving_body_is_one_of_the_organisations_own(secretariat, region, other_region):
    response = secretariat.post(url("strategy_create"), strategy_data(approved_by=str(other_region.body.pk)))
    assert response.status_code == 200
    assert response.context["form"].errors["approved_by"]
    choices = list(response.context["form"].fields["approved_by"].queryset)
    assert region.body in choices and other_region.body not in choices


def test_edit_a_draft(secretariat, region):
    response = secretariat.post(url("strategy_edit", region.strategy.pk), strategy_data(version="2019"))
    assert response.status_code == 302
    region.strategy.refresh_from_db()
    assert region.strategy.vision == "Flere borgere løftes ind i lokale fællesskaber."


def test_an_approved_version_is_locked(secretariat, region):
    strategy = region.approved_strategy
    response = secretariat.post(url("strategy_edit", strategy.pk), strategy_data(version="2016", vision="Ny"))
    assert response.status_code == 409
    assert says(response, _("Not possible now"))
    strategy.refresh_from_db()
    assert strategy.vision == "Frivillige er et værdifuldt supplement til personalets indsats."
    assert secretariat.get(url("focus_area_create", strategy.pk)).status_code == 409
    area = strategy.focus_areas.get()
    assert secretariat.post(url("focus_area_edit", area.pk), area_data()).status_code == 409
    assert secretariat.post(url("focus_area_delete", area.pk)).status_code == 409
    area.refresh_from_db()
    assert area.title == "Rekruttering af frivillige"


# --- the workflow ---


def test_send_to_consultation_and_back(secretariat, region):
    strategy = region.strategy
    response = secretariat.post(url("strategy_status", strategy.pk), {"status": "consultation"})
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.CONSULTATION
    assert strategy.is_editable
    secretariat.post(url("strategy_status", strategy.pk), {"status": "draft"})
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.DRAFT


def test_a_refused_transition_says_why_in_words(secretariat, region):
    strategy = region.strategy
    response = secretariat.post(url("strategy_status", strategy.pk), {"status": "evaluated"}, follow=True)
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.DRAFT
    expected = _("A strategy that is “%(current)s” cannot become “%(new)s”.") % {
        "current": _("Draft"),
        "new": _("Evaluated"),
    }
    assert expected in messages_of(response)


def test_an_unknown_status_is_refused(secretariat, region):
    response = secretariat.post(
        url("strategy_status", region.strategy.pk), {"status": "approved"}, follow=True
    )
    region.strategy.refresh_from_db()
    assert region.strategy.status == Strategy.Status.DRAFT
    assert _("Choose a status the strategy can change to.") in messages_of(response)


def test_implementation_then_evaluation(secretariat, region):
    strategy = region.approved_strategy
    secretariat.post(url("strategy_status", strategy.pk), {"status": "evaluated"})
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.EVALUATED
    response = secretariat.post(
        url("strategy_status", strategy.pk), {"status": "implementation"}, follow=True
    )
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.EVALUATED
    assert messages_of(response)


def test_approve_replaces_the_previous_version(secretariat, region):
    strategy = region.strategy
    response = secretariat.post(
        url("strategy_approve", strategy.pk),
        {"confirmed": "1", "approval-approved_on": "2019-03-12", "approval-approved_by": str(region.body.pk)},
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    region.approved_strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.APPROVED
    assert strategy.approved_on == date(2019, 3, 12) and strategy.approved_by == region.body
    assert region.approved_strategy.status == Strategy.Status.REPLACED
    page = secretariat.get(url("strategy_detail", strategy.pk))
    assert says(page, "12. marts 2019")
    assert says(page, _("Start implementation"))


def test_approve_without_focus_areas_is_refused_on_the_form(secretariat, region):
    strategy = Strategy.objects.create(organisation=region.organisation, title="Ny strategi", version="1")
    response = secretariat.post(
        url("strategy_approve", strategy.pk), {"confirmed": "1", "approval-approved_on": "2019-03-12"}
    )
    assert response.status_code == 200
    assert says(response, _("A strategy needs at least one focus area before it is approved."))
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.DRAFT


def test_approve_with_invalid_data_keeps_the_input(secretariat, region, other_region):
    response = secretariat.post(
        url("strategy_approve", region.strategy.pk),
        {
            "confirmed": "1",
            "approval-approved_on": "12-03-2019x",
            "approval-approved_by": str(other_region.body.pk),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["approved_on"] and form.errors["approved_by"]
    assert 'value="12-03-2019x"' in response.content.decode()
    region.strategy.refresh_from_db()
    assert region.strategy.status == Strategy.Status.DRAFT


def test_an_approved_strategy_cannot_be_approved_again(secretariat, region):
    response = secretariat.post(
        url("strategy_approve", region.approved_strategy.pk),
        {"confirmed": "1", "approval-approved_on": "2019-03-12"},
    )
    assert says(response, _("Only a draft or a strategy in consultation can be approved."))
    region.approved_strategy.refresh_from_db()
    assert region.approved_strategy.approved_on == date(2016, 6, 20)


def test_start_a_revision_copies_focus_areas_and_targets(secretariat, region):
    strategy = region.strategy
    strategy.approve(date(2019, 3, 12))
    response = secretariat.post(url("strategy_revise", strategy.pk), {"revision-version": "2023"})
    draft = Strategy.objects.get(version="2023")
    assert response.status_code == 302 and response["Location"] == url("strategy_detail", draft.pk)
    assert draft.replaces == strategy and draft.status == Strategy.Status.DRAFT
    assert draft.vision == strategy.vision and draft.principles == strategy.principles
    area = draft.focus_areas.get()
    assert area.pk != region.focus_area.pk and area.title == region.focus_area.title
    target = area.effect_targets.get()
    assert (target.indicator, target.baseline, target.target) == (
        "Antal frivillige i sektorovergange",
        20,
        60,
    )
    assert region.focus_area.effect_targets.count() == 1  # the approved version keeps its own


def test_a_version_is_revised_once(secretariat, region):
    response = secretariat.post(
        url("strategy_revise", region.approved_strategy.pk), {"revision-version": "2023"}
    )
    assert response.status_code == 200
    assert says(response, _("This strategy is already being revised."))
    assert not Strategy.objects.filter(version="2023").exists()


def test_a_revision_needs_a_new_version_label(secretariat, region):
    strategy = region.strategy
    strategy.approve(date(2019, 3, 12))
    response = secretariat.post(url("strategy_revise", strategy.pk), {"revision-version": "2016"})
    assert says(response, _("The organisation already has this version of the strategy."))
    assert 'value="2016"' in response.content.decode()


def test_a_draft_cannot_be_revised(secretariat, region):
    response = secretariat.post(url("strategy_revise", region.strategy.pk), {"revision-version": "2023"})
    assert says(response, _("Only an approved strategy can be revised."))


# --- focus areas and effect targets ---


def test_add_a_focus_area_with_danish_numbers(secretariat, region):
    targets = [
        {"indicator": "Antal frivillige", "baseline": "1.000,5", "target": "2.500", "unit": "personer"},
        {
            "indicator": "Andel unge",
            "baseline": "12,5",
            "target": "20",
            "unit": "%",
            "target_date": "2027-12-31",
            "aggregation": "average",
        },
    ]
    response = secretariat.post(url("focus_area_create", region.strategy.pk), area_data(targets))
    assert response.status_code == 302
    area = FocusArea.objects.get(title="Mangfoldighed blandt frivillige")
    assert area.strategy == region.strategy and area.position == 2
    saved = list(area.effect_targets.values_list("indicator", "baseline", "target", "position"))
    assert saved == [
        ("Antal frivillige", Decimal("1000.5"), Decimal("2500"), 0),
        ("Andel unge", Decimal("12.5"), Decimal("20"), 1),
    ]
    page = secretariat.get(url("strategy_detail", region.strategy.pk)).content.decode()
    assert ">1.000,50<" in page and ">2.500<" in page and ">12,50<" in page


#: One row of effect targets (a browser posts the select's chosen method for every row, even an empty one).
ONE_ROW = {"targets-TOTAL_FORMS": "1"}


@pytest.mark.parametrize("unit", ["%", "pct.", "Procent"])
def test_a_percentage_target_cannot_be_a_sum(secretariat, region, unit):
    targets = [{"indicator": "Nye frivillige med introduktion", "target": "90", "unit": unit}]
    response = secretariat.post(url("focus_area_create", region.strategy.pk), area_data(targets, **ONE_ROW))
    assert response.status_code == 200
    assert "Et procenttal kan ikke lægges sammen på tværs af enhederne" in response.content.decode()
    assert 'value="Nye frivillige med introduktion"' in response.content.decode()  # what was typed is kept
    assert not FocusArea.objects.filter(title="Mangfoldighed blandt frivillige").exists()


def test_a_weighted_target_says_what_the_weight_is(secretariat, region):
    target = {"indicator": "Nye frivillige med introduktion", "unit": "%", "aggregation": "weighted"}
    response = secretariat.post(url("focus_area_create", region.strategy.pk), area_data([target], **ONE_ROW))
    assert "Skriv, hvad vægten er" in response.content.decode()
    target["weight_label"] = "antal nye frivillige"
    response = secretariat.post(url("focus_area_create", region.strategy.pk), area_data([target], **ONE_ROW))
    assert response.status_code == 302, [f.errors for f in response.context["formset"]]
    saved = EffectTarget.objects.get(indicator="Nye frivillige med introduktion")
    assert (saved.aggregation, saved.weight_label) == ("weighted", "antal nye frivillige")
    page = secretariat.get(url("strategy_detail", region.strategy.pk)).content.decode()
    assert "Vægtet gennemsnit af enhedernes værdier (vægt: antal nye frivillige)" in page


def test_the_form_suggests_the_next_number_and_shows_numbers_danish(secretariat, region):
    response = secretariat.get(url("focus_area_create", region.strategy.pk))
    assert response.context["form"].initial.get("position", response.context["form"].instance.position) == 2
    region.effect_target.baseline = Decimal("1000.5")
    region.effect_target.save()
    page = secretariat.get(url("focus_area_edit", region.focus_area.pk)).content.decode()
    assert 'value="1.000,50"' in page
    assert 'inputmode="decimal"' in page


def test_invalid_effect_target_keeps_the_input(secretariat, region):
    targets = [{"indicator": "Antal frivillige", "baseline": "mange", "target": "2.500"}]
    response = secretariat.post(url("focus_area_create", region.strategy.pk), area_data(targets))
    assert response.status_code == 200
    assert 'value="mange"' in response.content.decode()
    assert says(response, "Flere unge frivillige")
    assert not FocusArea.objects.filter(title="Mangfoldighed blandt frivillige").exists()


def test_edit_a_focus_area_and_remove_a_target(secretariat, region):
    area, target = region.focus_area, region.effect_target
    data = area_data(
        [
            {
                "id": str(target.pk),
                "indicator": target.indicator,
                "baseline": "20",
                "target": "80",
                "DELETE": "on",
            },
            {"indicator": "Antal partnerskaber", "baseline": "3", "target": "10"},
        ],
        title="Frivillighed i sektorovergange",
        **{"targets-INITIAL_FORMS": "1"},
    )
    response = secretariat.post(url("focus_area_edit", area.pk), data)
    assert response.status_code == 302
    assert not EffectTarget.objects.filter(pk=target.pk).exists()
    assert list(area.effect_targets.values_list("indicator", flat=True)) == ["Antal partnerskaber"]
    area.refresh_from_db()
    assert area.description == "Frivillige afspejler befolkningen."


def test_remove_a_focus_area(secretariat, region):
    area = FocusArea.objects.create(strategy=region.strategy, position=2, title="Kompetenceudvikling")
    EffectTarget.objects.create(focus_area=area, indicator="Antal kurser")
    confirm = secretariat.get(url("focus_area_delete", area.pk))
    assert confirm.status_code == 200 and says(confirm, "Kompetenceudvikling")
    assert FocusArea.objects.filter(pk=area.pk).exists()  # a GET changes nothing
    response = secretariat.post(url("focus_area_delete", area.pk))
    assert response.status_code == 302
    assert not FocusArea.objects.filter(pk=area.pk).exists()


def test_a_focus_area_with_actions_is_kept(secretariat, region):
    response = secretariat.post(url("focus_area_delete", region.focus_area.pk), follow=True)
    assert FocusArea.objects.filter(pk=region.focus_area.pk).exists()
    assert any("Frivillighed i sektorovergange" in message for message in messages_of(response))


# --- who may change: the steering group and coordinators read only; other organisations: 404 ---


def change_requests(region):
    strategy, area = region.strategy, region.focus_area
    return [
        (url("strategy_create"), strategy_data()),
        (url("strategy_edit", strategy.pk), strategy_data(version="2019", vision="Ændret")),
        (url("strategy_status", strategy.pk), {"status": "consultation"}),
        (url("strategy_approve", strategy.pk), {"confirmed": "1", "approval-approved_on": "2019-03-12"}),
        (url("strategy_revise", region.approved_strategy.pk), {"revision-version": "2023"}),
        (url("focus_area_create", strategy.pk), area_data()),
        (url("focus_area_edit", area.pk), area_data(title="Ændret")),
        (url("focus_area_delete", area.pk), {}),
    ]


@pytest.mark.parametrize("role", ["steering_group", "coordinator"])
def test_readers_get_403_on_every_change(client, region, role):
    client.force_login(region.users[role])
    for address, data in change_requests(region):
        assert client.post(address, data).status_code == 403, address
    region.strategy.refresh_from_db()
    region.focus_area.refresh_from_db()
    assert region.strategy.status == Strategy.Status.DRAFT
    assert region.strategy.vision == "Stærkere partnerskaber med civilsamfundet."
    assert region.focus_area.title == "Frivillighed i sektorovergange"
    assert Strategy.objects.filter(organisation=region.organisation).count() == 2


def test_another_organisations_strategy_does_not_exist(client, region, other_region):
    client.force_login(region.users["secretariat"])
    for address, data in change_requests(other_region)[1:]:
        assert client.post(address, data).status_code == 404, address
    other_region.strategy.refresh_from_db()
    assert other_region.strategy.status == Strategy.Status.DRAFT
    compare = client.get(url("strategy_compare", region.strategy.pk), {"med": other_region.strategy.pk})
    assert compare.status_code == 200
    assert compare.context["comparison"] is None and compare.context["form"].errors["med"]


# --- comparing versions ---


def test_diff_words_marks_added_and_removed_words():
    segments = diff_words("Frivillige er et supplement", "Frivillige er et værdifuldt supplement")
    assert [(s.kind, s.text) for s in segments] == [
        (SAME, "Frivillige er et "),
        (ADDED, "værdifuldt "),
        (SAME, "supplement"),
    ]
    replaced = diff_words("ready March 2019", "ready summer 2019")
    assert [(s.kind, s.text) for s in replaced] == [
        (SAME, "ready "),
        (REMOVED, "March"),
        (ADDED, "summer"),
        (SAME, " 2019"),
    ]
    assert "".join(s.text for s in replaced if s.kind != ADDED) == "ready March 2019"
    assert "".join(s.text for s in replaced if s.kind != REMOVED) == "ready summer 2019"
    assert diff_words("", "") == ()


def test_diff_lines_pairs_similar_lines_as_changed():
    lines = diff_lines(
        ["De frivilliges motivation", "Fagforeninger", "Timing"],
        ["De frivilliges motivation", "Personalets holdninger", "Timing af indsatsen"],
    )
    assert [line.kind for line in lines] == [SAME, REMOVED, ADDED, CHANGED]
    assert lines[3].old == "Timing" and lines[3].new == "Timing af indsatsen"
    assert [(s.kind, s.text) for s in lines[3].segments] == [(SAME, "Timing"), (ADDED, " af indsatsen")]


class Targets(list):
    def all(self):
        return self


def fake_area(title, description="", goals="", targets=()):
    return SimpleNamespace(
        title=title,
        description=description,
        goals=goals,
        goal_lines=lambda: [line for line in goals.splitlines() if line],
        effect_targets=Targets(targets),
    )


def fake_target(indicator, baseline=None, target=None, unit="", target_date=None, method="Sum"):
    return SimpleNamespace(
        indicator=indicator,
        baseline=baseline,
        target=target,
        unit=unit,
        target_date=target_date,
        aggregation_text=method,
    )


def test_compare_targets_matches_by_indicator():
    changes = compare_targets(
        [fake_target("Antal frivillige", 20, 60, "personer"), fake_target("Antal caféer", 2, 4)],
        [fake_target("antal  frivillige", 20, 80, "personer"), fake_target("Antal partnerskaber", 3, 10)],
    )
    kinds = {(change.kind, change.indicator) for change in changes}
    assert kinds == {
        (CHANGED, "antal  frivillige"),
        (ADDED, "Antal partnerskaber"),
        (REMOVED, "Antal caféer"),
    }
    changed = next(change for change in changes if change.kind == CHANGED)
    assert [(value.name, value.old, value.new) for value in changed.values] == [
        ("indicator", "Antal frivillige", "antal  frivillige"),
        ("target", 60, 80),
    ]
    assert [cell.changed for cell in changed.cells] == [False, True, False, False, False]


def test_compare_areas_matches_by_title():
    old = [
        fake_area("Rekruttering", goals="Flere frivillige"),
        fake_area("Anerkendelse", description="Tak til de frivillige"),
        fake_area("Sektorovergange", targets=[fake_target("Antal", 1, 2)]),
    ]
    new = [
        fake_area("Mangfoldighed", goals="Flere unge"),
        fake_area("rekruttering ", goals="Flere frivillige\nFlere unge frivillige"),
        fake_area("Sektorovergange", targets=[fake_target("Antal", 1, 3)]),
    ]
    changes = compare_areas(old, new)
    assert [(change.kind, change.title) for change in changes] == [
        (ADDED, "Mangfoldighed"),
        (CHANGED, "rekruttering "),
        (CHANGED, "Sektorovergange"),
        (REMOVED, "Anerkendelse"),
    ]
    recruitment = changes[1]
    assert [field.name for field in recruitment.changed_fields] == ["goals"]
    assert [line.kind for line in recruitment.changed_fields[0].lines] == [SAME, ADDED]
    assert changes[2].changed_fields == [] and changes[2].targets[0].kind == CHANGED


def test_compare_the_same_text_has_no_changes(region):
    strategy = region.approved_strategy
    comparison = compare_strategies(strategy, strategy)
    assert not comparison.has_changes
    assert comparison.counts == {ADDED: 0, REMOVED: 0, CHANGED: 0, SAME: 1}


def test_compare_two_versions(region):
    comparison = compare_strategies(region.approved_strategy, region.strategy)
    assert [f.name for f in comparison.changed_fields] == ["vision", "principles", "attention_points"]
    assert {(area.kind, area.title) for area in comparison.areas} == {
        (ADDED, "Frivillighed i sektorovergange"),
        (REMOVED, "Rekruttering af frivillige"),
    }


def test_compare_page_defaults_to_the_replaced_version(client, region):
    client.force_login(region.users["coordinator"])
    response = client.get(url("strategy_compare", region.strategy.pk))
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.old == region.approved_strategy and comparison.new == region.strategy
    page = response.content.decode()
    assert "<ins>" in page and "<del>" in page
    assert f"[{_('Added')}: " in page and f"[{_('Removed')}: " in page
    assert says(response, _("How changes are shown"))


def test_compare_with_a_chosen_version_puts_the_older_first(client, region):
    client.force_login(region.users["secretariat"])
    newer = Strategy.objects.create(
        organisation=region.organisation, title="Frivillighedsstrategi", version="2030"
    )
    response = client.get(url("strategy_compare", region.strategy.pk), {"med": newer.pk})
    comparison = response.context["comparison"]
    assert comparison.old == region.strategy and comparison.new == newer
    area = comparison.areas[0]
    assert area.kind == REMOVED
    # From the approved version, the revision is the default.
    response = client.get(url("strategy_compare", region.approved_strategy.pk))
    assert response.context["comparison"].new == region.strategy


def test_compare_shows_changed_effect_targets(client, region):
    client.force_login(region.users["secretariat"])
    region.strategy.approve(date(2019, 3, 12))
    draft = region.strategy.start_revision("2023")
    EffectTarget.objects.filter(focus_area__strategy=draft).update(target=Decimal("1500.5"))
    response = client.get(url("strategy_compare", draft.pk))
    page = response.content.decode()
    area = response.context["comparison"].areas[0]
    assert area.kind == CHANGED and area.targets[0].kind == CHANGED
    assert "1.500,50" in page and ">60<" in page
    assert says(response, _("Changed"))


# --- bounded queries ---


PAGES = [
    ("strategy_list", lambda r: ()),
    ("strategy_detail", lambda r: (r.strategy.pk,)),
    ("strategy_compare", lambda r: (r.strategy.pk,)),
]


@pytest.mark.parametrize("name, args", PAGES)
def test_queries_do_not_grow_with_focus_areas_and_targets(
    client, region, django_assert_max_num_queries, name, args
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(region.users["secretariat"])
    address = url(name, *args(region))
    with CaptureQueriesContext(connection) as small:
        assert client.get(address).status_code == 200
    add_areas(region.strategy, 15, 4)
    add_areas(region.approved_strategy, 15, 4)
    for number in range(5):
        Strategy.objects.create(organisation=region.organisation, title="Anden strategi", version=str(number))
    with django_assert_max_num_queries(len(small)):
        response = client.get(address)
    assert response.status_code == 200
    assert len(small) <= 30


def test_diff_words_shows_a_rewritten_text_as_a_whole():
    old, new = "Frivillige er et værdifuldt supplement.", "Stærkere partnerskaber med civilsamfundet."
    assert diff_words(old, new) == (Segment(REMOVED, old), Segment(ADDED, new))
    # A space between two changed words is part of the change, not a piece of its own.
    segments = diff_words("en to tre fire fem seks", "en X Y fire fem seks")
    assert [(s.kind, s.text) for s in segments] == [
        (SAME, "en "),
        (REMOVED, "to tre"),
        (ADDED, "X Y"),
        (SAME, " fire fem seks"),
    ]


def test_the_migration_averages_the_existing_percentage_targets(region):
    """Existing targets get a method: a percent-like unit of measure is averaged, anything else added up."""
    from django.apps import apps as django_apps

    migration = importlib.import_module("strategies.migrations.0002_effect_target_aggregation")
    area = region.focus_area
    made = {
        unit: EffectTarget.objects.create(focus_area=area, indicator=f"Mål i {unit}", unit=unit)
        for unit in ["%", "pct.", "procent", "Procentpoint", "personer", "antal", ""]
    }
    migration.average_percentages(django_apps, None)
    methods = {unit: EffectTarget.objects.get(pk=target.pk).aggregation for unit, target in made.items()}
    assert methods == {
        "%": "average",
        "pct.": "average",
        "procent": "average",
        "Procentpoint": "average",
        "personer": "sum",
        "antal": "sum",
        "": "sum",
    }
