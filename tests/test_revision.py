"""The revision process: the commission, its process variants side by side, choosing the plan, the
milestones with their overdue flag, and the timeline drawn on the server."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from meetings.models import Body
from strategies import timeline
from strategies.models import Commission, Milestone, ProcessVariant, Strategy

M = Milestone.Kind

# Seed 001: Region Midtjylland's strategy process of 2015 through several forums.
SEED_001 = [
    (
        M.MEETING,
        "Input til strategi drøftes",
        date(2015, 1, 16),
        None,
        "Midlertidigt udvalg vedr. borgerdialog",
    ),
    (M.MEETING, "Input til strategi drøftes", date(2015, 2, 19), None, "Strategisk HR forum"),
    (M.MEETING, "Input til strategi drøftes", date(2015, 4, 20), None, "Regions-MEDudvalget"),
    (M.MEETING, "Foreløbige overvejelser drøftes", date(2015, 5, 19), None, "Regions-MEDudvalget og FU"),
    (
        M.MEETING,
        "Udkast til strategi drøftes",
        date(2015, 8, 18),
        None,
        "Midlertidigt udvalg vedr. borgerdialog",
    ),
    (M.MEETING, "Udkast til strategi drøftes", date(2015, 8, 26), None, "Strategisk HR forum"),
    (M.MEETING, "Udkast til strategi drøftes", date(2015, 9, 14), None, "Regions-MEDudvalget"),
    (M.CONSULTATION, "Høringsproces", date(2015, 10, 1), date(2015, 11, 30), "Hoved-MEDudvalget m.fl."),
    (M.APPROVAL, "Udkast forelægges for regionsrådet", date(2015, 12, 16), None, "Regionsrådet"),
]


def says(response, text):
    return str(escape(text)) in response.content.decode()


def url(name, *args):
    return reverse(f"strategies:{name}", args=args)


def add_milestones(variant, specs):
    return Milestone.objects.bulk_create(
        Milestone(variant=variant, kind=kind, title=title, date=day, end_date=end, forum=forum)
        for kind, title, day, end, forum in specs
    )


def seed_000_variants(commission):
    """Seed 000's two processes: the standard one (three meetings, one workshop, an inspiration seminar,
    ready March 2019) and the more inclusive one (two more meetings, a second workshop, summer 2019)."""
    standard, inclusive = (
        ProcessVariant.objects.create(commission=commission, name=name, ready_by=ready_by, position=position)
        for position, (name, ready_by) in enumerate(
            [("Standardproces 2018", date(2019, 3, 1)), ("Mere inddragende proces", date(2019, 6, 1))],
            start=1,
        )
    )
    add_milestones(
        standard,
        [
            (M.MEETING, "1. møde", date(2018, 6, 12), None, ""),
            (M.WORKSHOP, "Workshop", date(2018, 8, 29), None, ""),
            (M.MEETING, "2. møde", date(2018, 9, 18), None, ""),
            (M.SEMINAR, "Inspirationsseminar", date(2018, 10, 9), None, ""),
            (M.MEETING, "3. møde", date(2018, 11, 27), None, ""),
        ],
    )
    add_milestones(
        inclusive,
        [
            *[(M.MEETING, f"{n}. møde", date(2018, 5 + n, 12), None, "") for n in range(1, 6)],
            (M.WORKSHOP, "1. workshop", date(2018, 8, 29), None, ""),
            (M.WORKSHOP, "2. workshop", date(2018, 11, 14), None, ""),
            (M.SEMINAR, "Inspirationsseminar", date(2018, 10, 9), None, ""),
        ],
    )
    return standard, inclusive


@pytest.fixture
def today(monkeypatch):
    """A fixed today, in the middle of seed 000's 2018 process."""
    fixed = date(2018, 10, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: fixed)
    return fixed


@pytest.fixture
def secretariat(client, region):
    client.force_login(region.users["secretariat"])
    return client


# --- the commission ------------------------------------------------------------------------------------


def test_commission_is_written_for_a_draft_with_the_organisations_bodies(secretariat, region, other_region):
    draft = Strategy.objects.create(
        organisation=region.organisation, title="Frivillighedsstrategi", version="2027"
    )
    working_group = Body.objects.create(
        organisation=region.organisation, name="Arbejdsgruppen", kind=Body.Kind.WORKING_GROUP
    )
    response = secretariat.get(url("commission_create", draft.pk))
    assert response.status_code == 200
    assert says(response, region.body.name) and not says(response, other_region.body.name)

    data = {
        "title": "Kommissorium for revision af Frivillighedsstrategien",
        "background": "I Aftale om budget for 2018 fremgår det …",
        "organisation_text": "Koncernledelsesforum er styregruppe.",
        "bodies": [region.body.pk, working_group.pk],
        "secretariat": "Tværsektorielt Samarbejde",
        "external_partners": "Center for Frivilligt Socialt Arbejde\n\nRegion Syddanmarks Ledelsesakademi\n",
        "implementation": "En handlingsanvisende implementeringsplan.",
        "evaluation": "To år efter godkendelsen.",
    }
    response = secretariat.post(url("commission_create", draft.pk), data)
    commission = Commission.objects.get(strategy=draft)
    assert response.status_code == 302 and response.url == commission.get_absolute_url()
    assert set(commission.bodies.all()) == {region.body, working_group}

    page = secretariat.get(commission.get_absolute_url())
    html = page.content.decode()
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    expected = [
        "Background and purpose",
        "Organisation",
        "Time and process plan",
        "Implementation",
        "Evaluation",
    ]
    assert headings == [_(heading) for heading in expected]
    assert reverse("meetings:body_detail", args=[working_group.pk]) in html
    assert "<li>Center for Frivilligt Socialt Arbejde</li>" in html
    assert "<li>Region Syddanmarks Ledelsesakademi</li>" in html

    # One per strategy: asking again leads to the commission.
    again = secretariat.get(url("commission_create", draft.pk))
    assert again.status_code == 302 and again.url == commission.get_absolute_url()


def test_commission_form_rejects_another_organisations_body_and_keeps_the_input(
    secretariat, region, other_region
):
    data = {
        "title": "Kommissorium, nyt udkast",
        "background": "Min baggrundstekst",
        "bodies": [other_region.body.pk],
    }
    response = secretariat.post(url("commission_edit", region.commission.pk), data)
    assert response.status_code == 200
    assert says(response, "Min baggrundstekst") and says(response, "Kommissorium, nyt udkast")
    assert 'class="alert alert-danger' in response.content.decode()
    region.commission.refresh_from_db()
    assert region.commission.background == "Aftale om budget for 2018."

    response = secretariat.post(
        url("commission_edit", region.commission.pk), {"title": "", "background": "Ny"}
    )
    assert response.status_code == 200 and says(response, "Ny")


def test_an_approved_version_gets_no_commission(secretariat, region):
    response = secretariat.post(
        url("commission_create", region.approved_strategy.pk), {"title": "Kommissorium"}
    )
    assert response.status_code == 409
    assert not Commission.objects.filter(strategy=region.approved_strategy).exists()


# --- process variants and milestones --------------------------------------------------------------------


def test_variant_create_and_edit_keeps_input_on_errors(secretariat, region):
    response = secretariat.post(
        url("variant_create", region.commission.pk),
        {"name": "Standardproces", "description": "Samme navn", "ready_by": "1.3.2019"},
    )
    assert response.status_code == 200
    assert says(response, _("The commission already has a process with this name."))
    assert says(response, "Samme navn")

    response = secretariat.post(
        url("variant_create", region.commission.pk),
        {"name": "Mere inddragende proces", "description": "To workshops", "ready_by": "1.6.2019"},
    )
    variant = ProcessVariant.objects.get(commission=region.commission, name="Mere inddragende proces")
    assert response.status_code == 302 and response.url.endswith(f"#variant-{variant.pk}")
    assert variant.ready_by == date(2019, 6, 1) and variant.position == 2

    response = secretariat.post(url("variant_edit", variant.pk), {"name": "", "ready_by": "ikke en dato"})
    assert response.status_code == 200 and says(response, "ikke en dato")
    variant.refresh_from_db()
    assert variant.name == "Mere inddragende proces"


def test_milestone_end_date_before_date_is_refused_in_danish_terms(secretariat, region):
    data = {
        "kind": M.CONSULTATION,
        "title": "Høringsproces",
        "date": "30.11.2015",
        "end_date": "1.10.2015",
        "forum": "Hoved-MEDudvalget",
    }
    response = secretariat.post(url("milestone_create", region.variant.pk), data)
    assert response.status_code == 200
    assert says(response, _("The end date cannot be before the date. Choose the same day or a later one."))
    assert says(response, "Hoved-MEDudvalget") and says(response, "Høringsproces")
    assert not Milestone.objects.filter(title="Høringsproces").exists()

    response = secretariat.post(url("milestone_create", region.variant.pk), {**data, "body": region.body.pk})
    assert says(response, _("Choose a body or write a forum, not both."))

    response = secretariat.post(
        url("milestone_create", region.variant.pk), {**data, "date": "1.10.2015", "end_date": "30.11.2015"}
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(title="Høringsproces")
    assert (milestone.date, milestone.end_date, milestone.forum) == (
        date(2015, 10, 1),
        date(2015, 11, 30),
        "Hoved-MEDudvalget",
    )


def test_milestone_body_must_be_the_organisations(secretariat, region, other_region):
    data = {"kind": M.MEETING, "title": "2. møde", "date": "18.9.2018", "body": other_region.body.pk}
    response = secretariat.post(url("milestone_edit", region.milestone.pk), data)
    assert response.status_code == 200 and says(response, "2. møde")
    region.milestone.refresh_from_db()
    assert region.milestone.title == "1. møde i arbejdsgruppen" and region.milestone.body == region.body


def test_milestone_completed_reopened_and_deleted_by_post(secretariat, region, today):
    milestone = region.milestone
    assert secretariat.get(url("milestone_complete", milestone.pk)).status_code == 405
    secretariat.post(url("milestone_complete", milestone.pk))
    milestone.refresh_from_db()
    assert milestone.completed_on == today
    secretariat.post(url("milestone_complete", milestone.pk), {"reopen": "1"})
    milestone.refresh_from_db()
    assert milestone.completed_on is None
    response = secretariat.post(url("milestone_delete", milestone.pk))
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


# --- choosing the plan ---------------------------------------------------------------------------------


def test_choosing_a_variant_makes_it_the_only_plan(secretariat, region, today):
    standard, inclusive = seed_000_variants(region.commission)
    choose = url("variant_choose", region.commission.pk, standard.pk)
    assert secretariat.get(choose).status_code == 405
    response = secretariat.post(choose)
    assert response.status_code == 302 and response.url.endswith("#plan")
    secretariat.post(url("variant_choose", region.commission.pk, inclusive.pk))
    region.commission.refresh_from_db()
    assert region.commission.chosen_variant == inclusive
    assert [v.pk for v in ProcessVariant.objects.filter(commission=region.commission) if v.is_chosen] == [
        inclusive.pk
    ]

    page = secretariat.get(region.commission.get_absolute_url()).content.decode()
    # The chosen process is said in words, on its card and in the comparison; the others can be chosen.
    assert page.count(f"✓ {_('Chosen process')}") == 3  # the plan, the comparison, the card
    assert f'id="variant-{inclusive.pk}"' in page
    assert url("variant_choose", region.commission.pk, standard.pk) in page
    assert url("variant_choose", region.commission.pk, inclusive.pk) not in page


def test_another_commissions_variant_cannot_be_chosen(secretariat, region, other_region):
    other_draft = Strategy.objects.create(
        organisation=region.organisation, title="Anden strategi", version="1"
    )
    other_commission = Commission.objects.create(strategy=other_draft, title="Andet kommissorium")
    foreign = ProcessVariant.objects.create(commission=other_commission, name="Fremmed proces")
    response = secretariat.post(url("variant_choose", region.commission.pk, foreign.pk))
    assert response.status_code == 404
    response = secretariat.post(url("variant_choose", region.commission.pk, other_region.variant.pk))
    assert response.status_code == 404
    response = secretariat.post(url("variant_choose", other_region.commission.pk, other_region.variant.pk))
    assert response.status_code == 404
    region.commission.refresh_from_db()
    other_region.commission.refresh_from_db()
    assert region.commission.chosen_variant is None and other_region.commission.chosen_variant is None


def test_comparison_counts_milestones_per_kind(region):
    standard, inclusive = seed_000_variants(region.commission)
    variants = list(
        ProcessVariant.objects.filter(pk__in=[standard.pk, inclusive.pk]).prefetch_related("milestones")
    )
    comparison = timeline.compare(variants)
    rows = {str(label): counts for label, counts in comparison.rows}
    assert rows == {
        str(M.MEETING.label): [3, 5],
        str(M.WORKSHOP.label): [1, 2],
        str(M.SEMINAR.label): [1, 1],
    }
    assert comparison.totals == [5, 8]


def test_commission_page_shows_the_comparison_table(secretariat, region):
    seed_000_variants(region.commission)
    html = secretariat.get(region.commission.get_absolute_url()).content.decode()
    table = html[html.index('class="table table-sm variant-comparison"') :]
    table = table[: table.index("</table>")]
    row = re.search(rf"<th scope=\"row\">{_('Workshop')}</th>(.*?)</tr>", table).group(1)
    assert re.findall(r"<td>(\d+)</td>", row) == ["0", "1", "2"]  # the fixture's own variant first
    assert "marts 2019" in table or "March 2019" in table
    assert "juni 2019" in table or "June 2019" in table


# --- overdue and the timeline ----------------------------------------------------------------------------


def test_overdue_is_flagged_with_text_and_symbol(secretariat, region, today):
    standard, _inclusive = seed_000_variants(region.commission)
    region.commission.choose(standard)
    Milestone.objects.filter(variant=standard, title="1. møde").update(completed_on=date(2018, 6, 12))
    overdue = [m.title for m in Milestone.objects.filter(variant=standard) if m.is_overdue(today)]
    assert overdue == ["Workshop", "2. møde"]  # 12 June was completed; 9 October is still to come
    html = secretariat.get(region.commission.get_absolute_url()).content.decode()
    assert f"⚠ {_('Overdue')}" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "⚠" in svg and "polygon" in svg


def test_timeline_svg_is_accessible_and_has_no_inline_style(secretariat, region, today):
    variant = ProcessVariant.objects.create(commission=region.commission, name="Strategiproces 2015")
    add_milestones(variant, SEED_001)
    region.commission.choose(variant)
    response = secretariat.get(region.commission.get_absolute_url())
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    assert 'role="img"' in svg and 'aria-labelledby="timeline-title timeline-desc"' in svg
    assert '<title id="timeline-title">' in svg and '<desc id="timeline-desc">' in svg
    assert "style=" not in html
    assert "<script" not in svg
    # Every milestone is a marker with a label, the consultation is a bar; numbers are not localised.
    assert svg.count('<text class="timeline-item"') == len(SEED_001)
    assert svg.count("<rect") == 2  # the background and the consultation period
    assert not re.search(r'(x|y|width|cx)="\d+,\d', svg)
    # The same milestones in the table beside it, all nine overdue in 2018 (none marked completed).
    table = html[html.index('class="table table-sm plan-milestones"') :]
    table = table[: table.index("</table>")]
    assert table.count(f"⚠ {_('Overdue')}") == len(SEED_001)
    assert "Regionsrådet" in table


def test_layout_maps_dates_monotonically_onto_the_width():
    scale = timeline.Scale(date(2015, 1, 1), date(2016, 1, 1))
    days = [date(2015, 1, 1) + timedelta(days=n) for n in range(0, 366, 7)]
    xs = [scale.x(day) for day in days]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert scale.x(date(2015, 1, 1)) == timeline.MARGIN
    assert scale.x(date(2016, 1, 1)) == timeline.WIDTH - timeline.MARGIN
    assert timeline.month_range(date(2015, 1, 16), date(2015, 12, 16)) == (date(2015, 1, 1), date(2016, 1, 1))
    assert len(timeline.months_between(date(2015, 1, 1), date(2016, 1, 1))) == 12
    assert [timeline.tick_step(n) for n in (6, 12, 24, 40, 60, 120)] == [1, 1, 2, 3, 6, 12]


def test_label_rows_do_not_overlap():
    spans = [(0, 100), (50, 150), (120, 200), (205, 300), (90, 95), (400, 420)]
    rows = timeline.assign_rows(spans, gap=10)
    assert rows[0] == 0 and rows[1] == 1 and rows[2] == 0 and rows[3] == 1 and rows[5] == 0
    for i, (a_start, a_end) in enumerate(spans):
        for j, (b_start, b_end) in enumerate(spans):
            if i < j and rows[i] == rows[j]:
                assert a_end + 10 <= b_start or b_end + 10 <= a_start
    # A label that would run past the right edge ends at its marker instead.
    assert timeline.label_span(900, 200, left=16, right=944) == (696, 896, "end")
    assert timeline.label_span(100, 200, left=16, right=944) == (104, 304, "start")


def test_layout_of_seed_001(today):
    variant = ProcessVariant(name="Strategiproces 2015")
    milestones = [
        Milestone(pk=n, variant=variant, kind=kind, title=title, date=day, end_date=end, forum=forum)
        for n, (kind, title, day, end, forum) in enumerate(SEED_001, start=1)
    ]
    drawing = timeline.layout(milestones, today)
    assert (drawing.start, drawing.end) == (date(2015, 1, 1), date(2016, 1, 1))
    assert [tick.year for tick in drawing.ticks if tick.year] == ["2015"]
    assert len(drawing.ticks) == 12 and drawing.today_x is None  # 2018 is after the plan
    xs = [item.x for item in drawing.items]
    assert xs == sorted(xs)
    consultation = drawing.items[7]
    assert consultation.is_period and consultation.x_end > consultation.x
    assert consultation.x_end == timeline.Scale(drawing.start, drawing.end).x(date(2015, 11, 30))
    # No two labels in a row overlap, and the drawing is tall enough for every row.
    widths = {item.milestone.pk: timeline.text_width(item.label) for item in drawing.items}
    for a in drawing.items:
        for b in drawing.items:
            if a is not b and a.row == b.row:
                a_start = a.label_x if a.anchor == "start" else a.label_x - widths[a.milestone.pk]
                b_start = b.label_x if b.anchor == "start" else b.label_x - widths[b.milestone.pk]
                assert (
                    a_start + widths[a.milestone.pk] <= b_start or b_start + widths[b.milestone.pk] <= a_start
                )
    assert max(item.label_y for item in drawing.items) < drawing.height
    assert all(item.label.startswith("⚠") for item in drawing.items)  # all overdue in 2018
    assert timeline.layout([], today) is None


def test_today_line_within_the_plan(today):
    milestones = [
        Milestone(
            pk=1, kind=M.MEETING, title="1. møde", date=date(2018, 6, 12), completed_on=date(2018, 6, 12)
        ),
        Milestone(pk=2, kind=M.MEETING, title="3. møde", date=date(2018, 11, 27)),
    ]
    drawing = timeline.layout(milestones, today)
    assert drawing.items[0].x < drawing.today_x < drawing.items[1].x
    assert drawing.items[0].label.startswith("✓") and drawing.overdue_count == 0


def test_plan_summary_lists_overdue_and_next(region, today):
    standard, _inclusive = seed_000_variants(region.commission)
    summary = timeline.plan_summary(list(standard.milestones.all()), today)
    assert [m.title for m in summary["overdue"]] == ["1. møde", "Workshop", "2. møde"]
    assert [m.title for m in summary["next"]] == ["Inspirationsseminar", "3. møde"]


# --- access and queries --------------------------------------------------------------------------------


def test_steering_group_reads_but_cannot_change(client, region):
    client.force_login(region.users["steering_group"])
    page = client.get(region.commission.get_absolute_url())
    assert page.status_code == 200
    assert url("commission_edit", region.commission.pk) not in page.content.decode()
    changes = [
        (url("commission_edit", region.commission.pk), {"title": "Ændret"}),
        (url("variant_create", region.commission.pk), {"name": "Ny"}),
        (url("variant_choose", region.commission.pk, region.variant.pk), {}),
        (url("milestone_create", region.variant.pk), {"kind": M.MEETING, "title": "X", "date": "1.1.2019"}),
        (url("milestone_complete", region.milestone.pk), {}),
        (url("milestone_delete", region.milestone.pk), {}),
    ]
    for address, data in changes:
        assert client.post(address, data).status_code == 403, address
    region.commission.refresh_from_db()
    assert region.commission.title != "Ændret" and region.commission.chosen_variant is None
    assert Milestone.objects.filter(pk=region.milestone.pk, completed_on=None).exists()


def test_coordinator_has_no_access(client, region):
    client.force_login(region.users["coordinator"])
    assert client.get(region.commission.get_absolute_url()).status_code == 403
    assert client.post(url("milestone_complete", region.milestone.pk)).status_code == 403


@pytest.mark.parametrize(
    "name, args",
    [
        ("variant_choose", lambda o: [o.commission.pk, o.variant.pk]),
        ("milestone_complete", lambda o: [o.milestone.pk]),
        ("milestone_delete", lambda o: [o.milestone.pk]),
    ],
)
def test_another_organisations_plan_does_not_exist(secretariat, region, other_region, name, args):
    assert secretariat.post(url(name, *args(other_region))).status_code == 404
    assert Milestone.objects.filter(pk=other_region.milestone.pk, completed_on=None).exists()


def test_commission_page_queries_do_not_grow_with_the_plan(
    secretariat, region, today, django_assert_max_num_queries
):
    def plan(milestones_per_variant):
        commission = region.commission
        ProcessVariant.objects.filter(commission=commission).delete()
        for position in (1, 2):
            variant = ProcessVariant.objects.create(commission=commission, name=f"Proces {position}")
            Milestone.objects.bulk_create(
                Milestone(
                    variant=variant,
                    kind=M.MEETING if n % 3 else M.WORKSHOP,
                    title=f"{n}. møde",
                    date=date(2018, 1, 1) + timedelta(days=9 * n),
                    end_date=date(2018, 1, 1) + timedelta(days=9 * n + 20) if n % 5 == 0 else None,
                    body=region.body,
                )
                for n in range(milestones_per_variant)
            )
        commission.choose(variant)

    plan(2)
    with django_assert_max_num_queries(9) as few:
        assert secretariat.get(region.commission.get_absolute_url()).status_code == 200
    plan(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = secretariat.get(region.commission.get_absolute_url())
    assert response.content.decode().count('<text class="timeline-item"') == 20


# --- the section on the strategy page ------------------------------------------------------------------


def test_strategy_page_offers_a_commission_to_the_secretariat_only(client, region):
    draft = Strategy.objects.create(
        organisation=region.organisation, title="Frivillighedsstrategi", version="2027"
    )
    write = url("commission_create", draft.pk)
    client.force_login(region.users["secretariat"])
    assert write in client.get(draft.get_absolute_url()).content.decode()
    client.force_login(region.users["steering_group"])
    page = client.get(draft.get_absolute_url())
    assert write not in page.content.decode()
    assert says(page, _("No commission has been written for this version yet."))


def test_strategy_page_shows_the_plan_with_overdue_and_next_milestones(client, region, today):
    standard, _inclusive = seed_000_variants(region.commission)
    region.commission.choose(standard)
    client.force_login(region.users["steering_group"])
    html = client.get(region.strategy.get_absolute_url()).content.decode()
    section = html[html.index('class="strategy-commission"') :]
    section = section[: section.index("</section>")]
    assert region.commission.get_absolute_url() in section
    assert f"✓ {_('Chosen process')}" in section and "Standardproces 2018" in section
    assert section.count(f"⚠ {_('Overdue')}") == 3  # 12 June, 29 August, 18 September
    assert "Inspirationsseminar" in section and "3. møde" in section
    # Coordinators implement the strategy but do not read the revision's administration.
    client.force_login(region.users["coordinator"])
    html = client.get(region.strategy.get_absolute_url()).content.decode()
    assert 'class="strategy-commission"' not in html
    assert region.commission.get_absolute_url() not in html
