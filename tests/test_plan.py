"""The implementation plan: parts of the organisation, their actions, the budget and its totals."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from strategies.budget import plan_budget
from strategies.forms.plan import KronerField
from strategies.models import Action, BudgetAmount, BudgetLine, FocusArea, ImplementationPlan, PlanPart
from volunteers.models import Role, Unit


def danish(text):
    """The message as the page shows it (Danish, HTML-escaped), whether or not it is translated yet."""
    with translation.override("da"):
        return escape(translation.gettext(text))


@pytest.fixture
def secretary(client, region):
    client.force_login(region.users[Role.SECRETARIAT])
    return client


def action_data(region, **changes):
    data = {
        "title": "Introduktionskursus for nye frivillige",
        "part": region.part.pk,
        "focus_area": region.focus_area.pk,
        "description": "",
        "owner_unit": region.hospital.pk,
        "responsible": region.users[Role.COORDINATOR].pk,
        "start": "2019-05-01",
        "deadline": "2019-10-31",
        "status": Action.Status.PLANNED,
    }
    return {**data, **changes}


# --- the plan -------------------------------------------------------------------------------------------


def test_the_secretariat_creates_the_one_plan_of_a_strategy(secretary, region):
    strategy = region.approved_strategy
    url = reverse("strategies:plan_create", args=[strategy.pk])
    response = secretary.post(url, {"introduction": "Planen er handlingsanvisende."})
    plan = ImplementationPlan.objects.get(strategy=strategy)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.introduction == "Planen er handlingsanvisende."
    # A second plan is not made: the page sends the user to the one there is.
    response = secretary.post(url, {"introduction": "En til"})
    assert response["Location"] == plan.get_absolute_url()
    assert ImplementationPlan.objects.filter(strategy=strategy).count() == 1


def test_the_strategy_page_links_to_the_plan_or_offers_to_create_one(client, region):
    client.force_login(region.users[Role.SECRETARIAT])
    page = client.get(region.strategy.get_absolute_url()).content.decode()
    assert region.implementation_plan.get_absolute_url() in page
    assert reverse("strategies:plan_pdf", args=[region.implementation_plan.pk]) in page
    assert reverse("strategies:strategy_pdf", args=[region.strategy.pk]) in page
    page = client.get(region.approved_strategy.get_absolute_url()).content.decode()
    assert reverse("strategies:plan_create", args=[region.approved_strategy.pk]) in page
    client.force_login(region.users[Role.STEERING_GROUP])
    page = client.get(region.approved_strategy.get_absolute_url()).content.decode()
    assert reverse("strategies:plan_create", args=[region.approved_strategy.pk]) not in page
    assert reverse("strategies:strategy_pdf", args=[region.approved_strategy.pk]) in page


def test_plan_detail_shows_each_part_with_guidance_and_actions(client, region):
    client.force_login(region.users[Role.COORDINATOR])  # coordinators carry the plan out: they read it
    response = client.get(region.implementation_plan.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sygehusene" in page and "Start med én afdeling." in page
    assert "Frivilligkoordinator på hvert sygehus" in page
    assert "Frivillighed i sektorovergange" in page
    assert "31. december 2019" in page
    assert reverse("strategies:action_edit", args=[region.action.pk]) not in page  # reads only


def test_an_overdue_action_is_flagged_with_text(client, region):
    client.force_login(region.users[Role.SECRETARIAT])
    page = client.get(region.implementation_plan.get_absolute_url()).content.decode()
    assert page.count('class="action-overdue"') == 1  # deadline 31 December 2019, still planned
    Action.objects.filter(pk=region.action.pk).update(status=Action.Status.DONE)
    page = client.get(region.implementation_plan.get_absolute_url()).content.decode()
    assert 'class="action-overdue"' not in page


def test_the_filter_narrows_the_actions(client, region):
    plan = region.implementation_plan
    other_area = FocusArea.objects.create(strategy=region.strategy, position=2, title="Samskabelse")
    psychiatry = PlanPart.objects.create(plan=plan, name="Psykiatrien", position=2)
    Action.objects.create(
        part=psychiatry, focus_area=other_area, title="Recovery-café", status=Action.Status.IN_PROGRESS
    )
    client.force_login(region.users[Role.STEERING_GROUP])
    url = plan.get_absolute_url()

    page = client.get(url, {"part": psychiatry.pk}).content.decode()
    assert "Recovery-café" in page and "Frivilligkoordinator på hvert sygehus" not in page
    page = client.get(url, {"focus_area": region.focus_area.pk}).content.decode()
    assert "Recovery-café" not in page and "Frivilligkoordinator på hvert sygehus" in page
    page = client.get(url, {"status": "in_progress"}).content.decode()
    assert "Recovery-café" in page and "Frivilligkoordinator på hvert sygehus" not in page
    page = client.get(url, {"overdue": "overdue"}).content.decode()
    assert "Recovery-café" not in page and "Frivilligkoordinator på hvert sygehus" in page
    # Another strategy's focus area is no choice: the filter says so and filters nothing by it.
    foreign = FocusArea.objects.create(strategy=region.approved_strategy, position=9, title="Fremmed")
    response = client.get(url, {"focus_area": foreign.pk})
    assert response.status_code == 200 and "Recovery-café" in response.content.decode()


def test_plan_detail_queries_are_bounded(client, region, django_assert_max_num_queries):
    plan = region.implementation_plan
    client.force_login(region.users[Role.SECRETARIAT])
    url = plan.get_absolute_url()
    client.get(url)  # warm the session and the user
    with django_assert_max_num_queries(25) as few:
        assert client.get(url).status_code == 200

    areas = FocusArea.objects.bulk_create(
        FocusArea(strategy=region.strategy, position=10 + n, title=f"Fokus {n}") for n in range(15)
    )
    parts = PlanPart.objects.bulk_create(
        PlanPart(plan=plan, name=f"Del {n}", position=n + 2) for n in range(4)
    )
    for part in parts:
        part.units.add(region.hospital)
    Action.objects.bulk_create(
        Action(
            part=parts[n % 4],
            focus_area=areas[n % 15],
            title=f"Handling {n}",
            owner_unit=region.hospital,
            responsible=region.users[Role.COORDINATOR],
            start=date(2025, 1, 1),
            deadline=date(2025, 1, 1) + timedelta(days=n),
        )
        for n in range(200)
    )
    for year in range(2018, 2024):
        BudgetAmount.objects.create(line=region.budget_line, year=year + 10, amount=1000)
    with django_assert_max_num_queries(len(few)) as many:
        response = client.get(url)
    assert len(many) == len(few)
    # 25 actions a page, in the plan's order; the parts whose actions are on later pages link to them.
    listing = response.context["listing"]
    assert listing.page.paginator.count == Action.objects.filter(part__plan=plan).count() > 200
    assert len(listing.page.object_list) == 25
    # The total is the parts' counts added up: the actions are not counted a second time.
    assert not [query for query in many if 'COUNT(*) AS "__count" FROM "strategies_action"' in query["sql"]]
    filtered = client.get(url, {"part": parts[0].pk}).context["listing"]
    assert filtered.page.paginator.count == 50 and filtered.page.paginator.num_pages == 2
    later = [part for part in response.context["parts"] if part.action_count and not part.filtered_actions]
    assert later and all("page=" in part.first_page_url for part in later)
    assert later[-1].first_page_url in response.content.decode().replace("&amp;", "&")


# --- parts ----------------------------------------------------------------------------------------------


def test_a_part_with_units_of_the_organisation(secretary, region, other_region):
    plan = region.implementation_plan
    url = reverse("strategies:part_create", args=[plan.pk])
    data = {"name": "Psykiatrien", "guidance": "Start i de ambulante tilbud.", "units": [region.hospital.pk]}
    response = secretary.post(url, {**data, "position": 2})
    assert response.status_code == 302
    part = plan.parts.get(name="Psykiatrien")
    assert list(part.units.all()) == [region.hospital]

    # Another organisation's unit is refused, with a clear message; nothing is saved.
    response = secretary.post(url, {**data, "name": "Socialområdet", "units": [other_region.hospital.pk]})
    assert response.status_code == 200
    assert danish("Choose units of your own organisation.") in response.content.decode()
    assert not plan.parts.filter(name="Socialområdet").exists()
    # The same name twice in one plan: refused, the input kept.
    response = secretary.post(url, {**data, "name": "Sygehusene", "position": 3})
    assert danish("The plan already has a part with this name.") in response.content.decode()
    assert 'value="Sygehusene"' in response.content.decode()


def test_removing_a_part_removes_its_actions(secretary, region):
    url = reverse("strategies:part_delete", args=[region.part.pk])
    assert "1" in secretary.get(url).content.decode()
    response = secretary.post(url)
    assert response.status_code == 302
    assert not PlanPart.objects.filter(pk=region.part.pk).exists()
    assert not Action.objects.filter(pk=region.action.pk).exists()


def test_the_steering_group_cannot_change_the_plan(client, region):
    client.force_login(region.users[Role.STEERING_GROUP])
    assert client.post(reverse("strategies:part_delete", args=[region.part.pk])).status_code == 403
    url = reverse("strategies:action_edit", args=[region.action.pk])
    assert client.post(url, action_data(region, title="Ændret")).status_code == 403
    assert (
        client.post(reverse("strategies:plan_edit", args=[region.implementation_plan.pk]), {}).status_code
        == 403
    )
    region.action.refresh_from_db()
    assert region.action.title == "Frivilligkoordinator på hvert sygehus"
    assert PlanPart.objects.filter(pk=region.part.pk).exists()


# --- actions --------------------------------------------------------------------------------------------


def test_the_secretariat_adds_edits_and_removes_an_action(secretary, region):
    url = reverse("strategies:action_create", args=[region.part.pk])
    response = secretary.post(url, action_data(region))
    assert response.status_code == 302
    assert response["Location"] == f"{region.implementation_plan.get_absolute_url()}#part-{region.part.pk}"
    action = Action.objects.get(title="Introduktionskursus for nye frivillige")
    assert (action.part, action.focus_area, action.owner_unit) == (
        region.part,
        region.focus_area,
        region.hospital,
    )
    assert action.position == region.action.position + 1

    url = reverse("strategies:action_edit", args=[action.pk])
    secretary.post(url, action_data(region, status=Action.Status.DONE))
    action.refresh_from_db()
    assert action.status == Action.Status.DONE

    response = secretary.post(reverse("strategies:action_delete", args=[action.pk]))
    assert response.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()


def test_action_deletion_is_post_only_in_effect(secretary, region):
    response = secretary.get(reverse("strategies:action_delete", args=[region.action.pk]))
    assert response.status_code == 200  # the page that asks
    assert Action.objects.filter(pk=region.action.pk).exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"deadline": "2019-04-30"}, "deadline", "The deadline cannot be before the start."),
        ({"title": ""}, "title", None),
        ({"start": "31-31-2019"}, "start", None),
    ],
)
def test_invalid_actions_are_refused_and_the_input_kept(secretary, region, changes, field, message):
    url = reverse("strategies:action_create", args=[region.part.pk])
    response = secretary.post(url, action_data(region, **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert danish(message) in response.content.decode()
    assert 'value="2019-05-01"' in response.content.decode() or field == "start"
    assert Action.objects.filter(part__plan=region.implementation_plan).count() == 1


def test_a_foreign_focus_area_unit_or_person_is_refused(secretary, region, other_region):
    url = reverse("strategies:action_create", args=[region.part.pk])
    cases = [
        (
            "focus_area",
            region.approved_strategy.focus_areas.first().pk,
            "Choose one of this strategy's focus areas.",
        ),
        ("focus_area", other_region.focus_area.pk, "Choose one of this strategy's focus areas."),
        ("owner_unit", other_region.hospital.pk, "Choose a unit of your own organisation."),
        ("responsible", other_region.users[Role.COORDINATOR].pk, "Choose a person of your own organisation."),
        ("part", other_region.part.pk, "Choose one of this plan's parts of the organisation."),
    ]
    for field, value, message in cases:
        response = secretary.post(url, action_data(region, **{field: value}))
        assert response.status_code == 200, field
        assert danish(message) in response.content.decode(), field
    assert Action.objects.filter(part__plan=region.implementation_plan).count() == 1


def test_another_organisations_part_does_not_exist(secretary, other_region):
    url = reverse("strategies:action_create", args=[other_region.part.pk])
    assert secretary.post(url, {}).status_code == 404


# --- budget ---------------------------------------------------------------------------------------------


def seed_004_budget(plan):
    """Seed 004's budget: "Drift af Klyngen" 1 mio. kr. a year 2019-2021, "Cafeudvikling" 273.000 kr.
    a year 2018-2021, both from MSO's joint savings."""
    plan.budget_lines.all().delete()
    for position, (title, years, amount) in enumerate(
        [("Drift af Klyngen", range(2019, 2022), 1_000_000), ("Cafeudvikling", range(2018, 2022), 273_000)]
    ):
        line = BudgetLine.objects.create(
            plan=plan, title=title, funding_source="MSO's fælles opsparing", position=position
        )
        BudgetAmount.objects.bulk_create(BudgetAmount(line=line, year=year, amount=amount) for year in years)


def test_budget_totals_with_seed_004s_numbers(region, django_assert_num_queries):
    plan = region.implementation_plan
    seed_004_budget(plan)
    BudgetLine.objects.create(plan=plan, title="Uden beløb", position=9)
    with django_assert_num_queries(1):
        table = plan_budget(plan)
    assert table.years == [2018, 2019, 2020, 2021]
    assert [row.line.title for row in table.rows] == ["Drift af Klyngen", "Cafeudvikling", "Uden beløb"]
    assert table.rows[0].amounts == [None, 1_000_000, 1_000_000, 1_000_000]
    assert table.rows[2].amounts == [None, None, None, None]  # a line without amounts keeps its row
    assert [row.total for row in table.rows] == [3_000_000, 1_092_000, 0]
    assert table.year_totals == [273_000, 1_273_000, 1_273_000, 1_273_000]
    assert table.total == 4_092_000


def test_the_budget_table_on_the_plan_page(client, region):
    seed_004_budget(region.implementation_plan)
    client.force_login(region.users[Role.COORDINATOR])
    page = client.get(region.implementation_plan.get_absolute_url()).content.decode()
    for text in ["1.273.000 kr.", "273.000 kr.", "3.000.000 kr.", "1.092.000 kr.", "4.092.000 kr.", "2018"]:
        assert text in page
    assert "MSO&#x27;s fælles opsparing" in page or "MSO's fælles opsparing" in page
    assert "2.018" not in page


def amounts(rows, total_forms=None):
    data = {
        "amounts-TOTAL_FORMS": str(total_forms or len(rows)),
        "amounts-INITIAL_FORMS": "0",
        "amounts-MIN_NUM_FORMS": "0",
        "amounts-MAX_NUM_FORMS": "1000",
    }
    for index, (year, amount) in enumerate(rows):
        data[f"amounts-{index}-year"] = year
        data[f"amounts-{index}-amount"] = amount
    return data


def test_a_budget_line_in_danish_amounts(secretary, region):
    url = reverse("strategies:budget_line_create", args=[region.implementation_plan.pk])
    form = secretary.get(url).context["formset"]
    assert [f.initial.get("year") for f in form.forms][:1] == [2019]  # the plan's years are offered
    data = {"title": "Drift af Klyngen", "funding_source": "MSO's fælles opsparing", "position": 2}
    rows = [("2019", "1.000.000"), ("2020", "1000000"), ("2021", "1.000.000 kr."), ("", "")]
    response = secretary.post(url, {**data, **amounts(rows)})
    assert response.status_code == 302
    line = BudgetLine.objects.get(title="Drift af Klyngen")
    assert dict(line.amounts.values_list("year", "amount")) == {
        2019: 1_000_000,
        2020: 1_000_000,
        2021: 1_000_000,
    }

    # Editing shows the amounts the Danish way and can remove a year.
    edit = reverse("strategies:budget_line_edit", args=[line.pk])
    assert 'value="1.000.000"' in secretary.get(edit).content.decode()
    ids = list(line.amounts.order_by("year").values_list("pk", flat=True))
    data = {**data, **amounts([("2019", "1.000.000"), ("2020", "1.000.000"), ("2021", "1.000.000")])}
    data["amounts-INITIAL_FORMS"] = "3"
    for index, pk in enumerate(ids):
        data[f"amounts-{index}-id"] = pk
    data["amounts-2-DELETE"] = "on"
    assert secretary.post(edit, data).status_code == 302
    assert sorted(line.amounts.values_list("year", flat=True)) == [2019, 2020]


@pytest.mark.parametrize(
    "rows, message",
    [
        ([("2019", "1.000,50")], "Write the amount in whole kroner, e.g. 1.000.000."),
        ([("2019", "en mio.")], "Write the amount in whole kroner, e.g. 1.000.000."),
        ([("2019", "-5")], "Write the amount in whole kroner, e.g. 1.000.000."),
        ([("2019", "1.000"), ("2019", "2.000")], "Året 2019 er angivet mere end én gang."),
    ],
)
def test_invalid_amounts_are_refused(secretary, region, rows, message):
    url = reverse("strategies:budget_line_create", args=[region.implementation_plan.pk])
    data = {"title": "Ny linje", "funding_source": "", "position": 3, **amounts(rows)}
    response = secretary.post(url, data)
    assert response.status_code == 200
    assert danish(message) in response.content.decode()
    assert not BudgetLine.objects.filter(title="Ny linje").exists()


def test_a_line_name_is_unique_in_the_plan(secretary, region):
    url = reverse("strategies:budget_line_create", args=[region.implementation_plan.pk])
    response = secretary.post(url, {"title": "Cafeudvikling", "position": 3, **amounts([])})
    assert danish("The budget already has a line with this name.") in response.content.decode()


def test_removing_a_budget_line(secretary, region):
    response = secretary.post(reverse("strategies:budget_line_delete", args=[region.budget_line.pk]))
    assert response.status_code == 302
    assert not BudgetLine.objects.filter(pk=region.budget_line.pk).exists()


@pytest.mark.parametrize(
    "text, amount",
    [
        ("1.000.000", 1_000_000),
        ("273000", 273_000),
        ("273.000 kr.", 273_000),
        ("1 000 000", 1_000_000),
        ("0", 0),
        ("12,00", 12),
    ],
)
def test_kroner_field_reads_danish_amounts(text, amount):
    assert KronerField().clean(text) == amount


def test_unit_choices_are_the_organisations_own(secretary, region, other_region):
    response = secretary.get(reverse("strategies:action_create", args=[region.part.pk]))
    choices = {unit.pk for unit in response.context["form"].fields["owner_unit"].queryset}
    assert choices == set(Unit.objects.filter(organisation=region.organisation).values_list("pk", flat=True))
