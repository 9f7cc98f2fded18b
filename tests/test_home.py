"""The start pages: what needs the coordinator's attention, and the organisation's numbers (issue 3)."""

from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from core.dates import add_years
from frivillig.views import START_FIGURES_SECONDS, START_PAGE_ROWS
from tests.factories import make_agreement
from volunteers.models import Unit, Volunteer, VolunteerOrganisation

TODAY = timezone.localdate


def make_volunteer(unit, first_name, activities=(), **fields):
    values = {
        "organisation": unit.organisation,
        "unit": unit,
        "first_name": first_name,
        "last_name": "Frivillig",
        "start_date": date(2020, 4, 2),
        "confidentiality_signed_on": date(2020, 4, 2),
        **fields,
    }
    volunteer = Volunteer.objects.create(**values)
    volunteer.activities.add(*activities)
    return volunteer


def running_agreement(unit, volunteer_organisation, review_in_days, status=Agreement.Status.ACTIVE, **fields):
    """An agreement that has been through TR dialogue and approval, reviewed in `review_in_days`."""
    today = TODAY()
    return make_agreement(
        unit,
        volunteer_organisation,
        status=status,
        start_date=today - timedelta(days=400),
        review_date=today + timedelta(days=review_in_days),
        tr_dialogue_on=today - timedelta(days=460),
        tr_dialogue_with="TR",
        tr_dialogue_outcome="Positiv",
        approved_by="Ledelsen",
        approved_on=today - timedelta(days=430),
        **fields,
    )


class Page(HTMLParser):
    """Headings, table headers and the text of each section of a page's <main>."""

    def __init__(self, html):
        super().__init__()
        self.headings, self.header_cells, self.sections, self._in_main, self._section = (
            [],
            [],
            {},
            False,
            None,
        )
        self._heading = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self._in_main = True
        if not self._in_main:
            return
        if tag == "section":
            self._section = attrs.get("aria-labelledby")
            self.sections[self._section] = ""
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = [int(tag[1]), ""]
            self.headings.append(self._heading)
        if tag == "th":
            self.header_cells.append(attrs.get("scope"))

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        if tag == "section":
            self._section = None
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        if self._section:
            self.sections[self._section] += " ".join(data.split()) + " "


def start_page(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = Page(response.content.decode())
    # Accessible structure: one h1, headings that never skip a level, every header cell scoped.
    levels = [level for level, _text in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))
    assert None not in page.header_cells
    return page


def test_coordinator_sees_agreements_due_for_review_in_their_units_only(client, region):
    organisation = region.organisation
    organisation.review_reminder_days = 30
    organisation.save()
    soon = running_agreement(region.department, region.volunteer_organisation, 25, title="Caféværter")
    overdue = running_agreement(
        region.hospital,
        region.volunteer_organisation,
        -3,
        status=Agreement.Status.DUE_FOR_REVIEW,
        title="Guider i forhallen",
    )
    running_agreement(region.hospital, region.volunteer_organisation, 31, title="Besøgsvenner om en måned")
    running_agreement(
        region.other_hospital, region.volunteer_organisation, 5, title="Et andet hospitals aftale"
    )
    ended = running_agreement(region.hospital, region.volunteer_organisation, 5, title="Afsluttet aftale")
    ended.end(TODAY())

    reviews = start_page(client, region.users["coordinator"]).sections["reviews-title"]

    assert "Guider i forhallen" in reviews and "Caféværter" in reviews
    assert reviews.index("Guider i forhallen") < reviews.index("Caféværter")  # soonest first
    for hidden in ["Besøgsvenner om en måned", "Et andet hospitals aftale", "Afsluttet aftale"]:
        assert hidden not in reviews
    html = client.get(reverse("home")).content.decode()
    assert f'href="{overdue.get_absolute_url()}"' in html and f'href="{soon.get_absolute_url()}"' in html
    assert f'href="{reverse("agreements:agreement_list")}?review=due"' in html


def test_coordinator_sees_volunteers_with_checks_missing_or_due(client, region):
    today = TODAY()
    make_volunteer(region.hospital, "Utavs", confidentiality_signed_on=None)
    make_volunteer(
        region.department,
        "Forfalden",
        [region.child_activity],
        child_check_assessed_on=add_years(today, -region.organisation.child_check_renewal_years),
    )
    make_volunteer(region.hospital, "Iorden", [region.child_activity], child_check_assessed_on=today)
    make_volunteer(
        region.hospital, "Stoppet", confidentiality_signed_on=None, end_date=today - timedelta(days=1)
    )
    make_volunteer(region.other_hospital, "Andetsted", confidentiality_signed_on=None)

    checks = start_page(client, region.users["coordinator"]).sections["checks-title"]

    assert "Utavs" in checks and "Forfalden" in checks
    for hidden in ["Iorden", "Stoppet", "Andetsted"]:
        assert hidden not in checks
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("volunteers:volunteer_list")}?checks=missing"' in html


def test_the_lists_are_cut_short_and_say_how_many_there_are(client, region):
    total = START_PAGE_ROWS + 3
    Volunteer.objects.bulk_create(
        Volunteer(
            organisation=region.organisation,
            unit=region.hospital,
            first_name=f"Nr{i:02d}",
            last_name="Frivillig",
            start_date=date(2021, 1, 1),
        )
        for i in range(total)
    )
    Volunteer.objects.filter(first_name__startswith="Nr").refresh_checks_due_on()  # bulk_create skips save()
    region.volunteer.confidentiality_signed_on = date(2022, 3, 1)  # the fixture's volunteer is in order
    region.volunteer.save()

    checks = start_page(client, region.users["coordinator"]).sections["checks-title"]

    assert "Nr00" in checks and f"Nr{START_PAGE_ROWS - 1:02d}" in checks
    assert f"Nr{START_PAGE_ROWS:02d}" not in checks
    assert str(total) in checks


def test_coordinator_sees_anniversaries(client, region):
    today = TODAY()
    make_volunteer(region.hospital, "Femårig", start_date=add_years(today + timedelta(days=6), -5))
    make_volunteer(region.department, "Etårig", start_date=add_years(today, -1))
    make_volunteer(region.hospital, "Treårig", start_date=add_years(today + timedelta(days=6), -3))
    make_volunteer(region.hospital, "Senere", start_date=add_years(today + timedelta(days=31), -10))
    make_volunteer(
        region.hospital,
        "Stoppet",
        start_date=add_years(today + timedelta(days=6), -10),
        end_date=today - timedelta(days=1),
    )
    make_volunteer(region.other_hospital, "Andetsted", start_date=add_years(today, -5))

    anniversaries = start_page(client, region.users["coordinator"]).sections["anniversaries-title"]

    assert "Etårig" in anniversaries and "Femårig" in anniversaries
    assert anniversaries.index("Etårig") < anniversaries.index("Femårig")  # soonest first
    for hidden in ["Treårig", "Senere", "Stoppet", "Andetsted"]:
        assert hidden not in anniversaries


@pytest.mark.parametrize(
    "today", [date(2025, 2, 27), date(2024, 2, 28), date(2024, 3, 1), date(2024, 12, 20), date(2025, 1, 30)]
)
def test_the_anniversary_query_agrees_with_the_model(region, today):
    """Every start date over 26 years: the SQL finds exactly whom Volunteer.anniversary() finds,
    29 February and the turn of the year included, soonest first."""
    first = add_years(today, -26)
    Volunteer.objects.bulk_create(
        Volunteer(
            organisation=region.organisation,
            unit=region.hospital,
            first_name="Dag",
            last_name=str(n),
            start_date=first + timedelta(days=n),
        )
        for n in range((today - first).days + 1)
    )
    volunteers = Volunteer.objects.filter(organisation=region.organisation, first_name="Dag")

    found = list(volunteers.with_anniversary_within(30, today))

    expected = {v.pk for v in volunteers if v.anniversary(today, 30)}
    assert {v.pk for v in found} == expected and len(expected) >= 6 * 30
    days = [v.anniversary(today, 30)[1] for v in found]
    assert days == sorted(days)


def test_coordinator_sees_their_units_with_the_totals_of_what_they_hold(client, region):
    today = TODAY()
    make_volunteer(region.hospital, "Aktiv")
    make_volunteer(region.department, "Afdeling1")
    make_volunteer(region.department, "Afdeling2")
    make_volunteer(region.department, "Kommende", start_date=today + timedelta(days=3))
    make_volunteer(region.department, "Stoppet", end_date=today - timedelta(days=1))
    make_volunteer(region.other_hospital, "Andetsted")
    running_agreement(region.department, region.volunteer_organisation, 100)
    running_agreement(
        region.department, region.volunteer_organisation, -1, status=Agreement.Status.DUE_FOR_REVIEW
    )
    running_agreement(region.other_hospital, region.volunteer_organisation, 100)
    # The fixture's volunteer (at the hospital) is active; its agreements are drafts.

    response = _coordinator_home(client, region)

    context = response.context
    assert list(context["own_units"]) == [region.hospital]
    assert (context["unit_count"], context["active_volunteer_total"], context["running_agreement_total"]) == (
        2,
        4,
        2,
    )
    section = " ".join(Page(response.content.decode()).sections["units-title"].split())
    assert "Enheder 2 Aktive frivillige 4 Aktive aftaler 2" in section
    assert region.hospital.name in section and region.other_hospital.name not in section
    assert f'href="{region.hospital.get_absolute_url()}"' in response.content.decode()


def test_a_hospitals_coordinator_gets_the_totals_of_every_unit_below_and_a_link_to_them(client, region):
    """A hospital's coordinator has dozens of departments: the start page totals them all and links to
    the units page, which lists the tree."""
    departments = Unit.objects.bulk_create(
        Unit(organisation=region.organisation, parent=region.hospital, name=f"Afsnit {i:02d}")
        for i in range(START_PAGE_ROWS + 2)
    )
    for department in departments:
        make_volunteer(department, f"Frivillig{department.name[-2:]}")
    units = 1 + len(departments) + 1  # the hospital, its new departments and the fixture's department
    active = len(departments) + 1  # the fixture's volunteer at the hospital

    response = _coordinator_home(client, region)

    assert list(response.context["own_units"]) == [region.hospital]
    assert (response.context["unit_count"], response.context["active_volunteer_total"]) == (units, active)
    section = " ".join(Page(response.content.decode()).sections["units-title"].split())
    assert f"Enheder {units} Aktive frivillige {active}" in section and "Se alle dine enheder" in section
    assert f'href="{reverse("volunteers:unit_list")}"' in response.content.decode()


def _coordinator_home(client, region):
    client.force_login(region.users["coordinator"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def test_overview_shows_the_organisations_numbers(client, region, other_region):
    make_volunteer(region.department, "Aktiv")
    make_volunteer(region.other_hospital, "Andetsted")
    make_volunteer(region.hospital, "Stoppet", end_date=TODAY() - timedelta(days=1))
    make_volunteer(other_region.hospital, "Andenregion")
    running_agreement(region.other_hospital, region.volunteer_organisation, 10)
    running_agreement(region.hospital, region.volunteer_organisation, 200)
    running_agreement(other_region.hospital, other_region.volunteer_organisation, 10)
    # With the fixture's two volunteers and two drafts: 4 active volunteers; 2 drafts, 2 active agreements.

    for role in ["secretariat", "steering_group", "administrator"]:
        client.force_login(region.users[role])
        response = client.get(reverse("home"))
        context = response.context
        assert context["active_volunteer_count"] == 4
        counts = {status.value: count for status, count in context["agreement_counts"]}
        assert counts == {
            "draft": 2,
            "tr_dialogue": 0,
            "approved": 0,
            "active": 2,
            "due_for_review": 0,
            "ended": 0,
        }
        assert context["due_agreement_count"] == 1
        numbers = start_page(client, region.users[role]).sections["register-title"]
        assert str(Agreement.Status.ACTIVE.label) in numbers
        assert f'href="{reverse("agreements:agreement_list")}?status=active"' in response.content.decode()


def test_the_organisations_active_volunteers_are_counted_every_few_minutes(client, region):
    """Counting tens of thousands of volunteers on each start page would cost more than its other
    figures: the count is kept START_FIGURES_SECONDS, and a new day counts afresh."""
    noon = timezone.make_aware(datetime.combine(TODAY(), time(12)))

    def active_count():
        client.force_login(region.users["secretariat"])  # a session lasts a working day
        response = client.get(reverse("home"))
        assert response.status_code == 200, response
        return response.context["active_volunteer_count"]

    with time_machine.travel(noon, tick=False):
        assert active_count() == 2  # the fixture's two
        make_volunteer(region.department, "Ny")
        assert active_count() == 2
    with time_machine.travel(noon + timedelta(days=1), tick=False):
        assert active_count() == 3
    assert START_FIGURES_SECONDS <= 10 * 60


def test_the_coordinators_totals_and_anniversaries_are_kept_a_few_minutes_and_the_tasks_never(client, region):
    """The totals of the coordinator's units and the anniversaries coming are kept for the day's next
    minutes (a new day counts afresh; the cache, Redis in CI, expires them on its own clock); the
    volunteers missing checks are read afresh on every request."""
    noon = timezone.make_aware(datetime.combine(TODAY(), time(12)))

    def start():
        client.force_login(region.users["coordinator"])
        response = client.get(reverse("home"))
        assert response.status_code == 200, response
        context = response.context
        missing = "Jubilar" in [volunteer.first_name for volunteer, _labels in context["missing_checks"]]
        return context["active_volunteer_total"], context["anniversary_count"], missing

    with time_machine.travel(noon, tick=False):
        assert start() == (1, 0, False)  # the fixture's volunteer at the hospital
        make_volunteer(
            region.department,
            "Jubilar",
            start_date=add_years(TODAY() + timedelta(days=3), -5),
            confidentiality_signed_on=None,
        )
        assert start() == (1, 0, True)
    with time_machine.travel(noon + timedelta(days=1), tick=False):
        assert start() == (2, 1, True)


# --- Bounded queries ----------------------------------------------------------------------------------


def grow(region, n):
    """n more of everything the start pages show, in the coordinator's units and elsewhere."""
    today = TODAY()
    organisation = region.organisation
    first = Unit.objects.count()
    units = Unit.objects.bulk_create(
        Unit(organisation=organisation, parent=region.hospital, name=f"Afsnit {i}", kind=Unit.Kind.DEPARTMENT)
        for i in range(first, first + n)
    )
    for i, unit in enumerate(units, start=first):
        volunteer_organisation = VolunteerOrganisation.objects.create(
            organisation=organisation, name=f"Forening {i}", kind=VolunteerOrganisation.Kind.ORGANISATION
        )
        volunteer_organisation.units.add(unit, region.hospital)
        for hospital in (unit, region.other_hospital):
            running_agreement(hospital, volunteer_organisation, i % 40 - 5, title=f"Aftale {i}")
            make_volunteer(hospital, f"Mangler{i}", [region.child_activity, region.activity])
            make_volunteer(hospital, f"Jubilar{i}", start_date=add_years(today + timedelta(days=i % 30), -5))


def count_queries(client, user):
    """The queries of a start page, its kept figures counted afresh."""
    cache.clear()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_start_pages_queries_do_not_grow_with_the_data(client, region):
    users = [region.users[role] for role in ["coordinator", "secretariat", "steering_group", "administrator"]]
    grow(region, 2)
    small = [count_queries(client, user) for user in users]
    grow(region, START_PAGE_ROWS + 20)
    assert [count_queries(client, user) for user in users] == small
    assert max(small) <= 20
