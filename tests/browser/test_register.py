"""The coordinators' register in a real browser, each page checked with axe-core.

The data comes from the `region` fixture plus a few dozen volunteers; texts are located by
structure (names, hrefs, ids) or by the data's own Danish names, not by interface strings.
"""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.factories import PASSWORD
from volunteers.models import ContactPerson, TrainingRecord, Volunteer

pytestmark = pytest.mark.browser

FIRST_NAMES = ["Anne", "Bent", "Birgit", "Jørgen", "Lise", "Niels", "Søren", "Ulla", "Åse", "Poul"]
LAST_NAMES = ["Nielsen", "Sørensen", "Mikkelsen", "Bækgaard", "Holm"]


@pytest.fixture
def register(region):
    organisation = region.organisation
    for index in range(32):
        volunteer = Volunteer.objects.create(
            organisation=organisation,
            unit=region.department if index % 3 else region.hospital,
            first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
            last_name=LAST_NAMES[index % len(LAST_NAMES)],
            email=f"frivillig{index}@example.org",
            phone=f"20 30 40 {index:02}",
            birth_year=1945 + index,
            gender=["female", "male", ""][index % 3],
            affiliation=region.volunteer_organisation if index % 2 else None,
            start_date=date(2018 + index % 7, 1 + index % 12, 1),
            confidentiality_signed_on=date(2024, 1, 1) if index % 4 else None,
        )
        volunteer.activities.set([region.activity] if index % 5 else [region.activity, region.child_activity])
    Volunteer.objects.create(
        organisation=organisation,
        unit=region.hospital,
        first_name="Tidligere",
        last_name="Frivillig",
        start_date=date(2015, 1, 1),
        end_date=date(2020, 6, 30),
    )
    karen = region.volunteer
    karen.phone, karen.birth_year, karen.gender = "21 22 23 24", 1956, "female"
    karen.confidentiality_signed_on = date(2022, 3, 1)
    karen.save()
    karen.active_units.set([region.department])
    TrainingRecord.objects.create(
        volunteer=karen, title="Introduktion til hospitalet", completed_on=date(2022, 3, 5)
    )
    ContactPerson.objects.create(
        volunteer_organisation=region.volunteer_organisation,
        name="Ole Bak",
        title="Frivilligkonsulent",
        email="ole.bak@example.org",
    )
    Agreement.objects.create(
        organisation=organisation,
        unit=region.hospital,
        volunteer_organisation=region.volunteer_organisation,
        title="Besøgsvenner på medicinsk afdeling",
        kind=Agreement.Kind.SUPPLEMENT_TO_CARE,
        purpose="Samvær med indlagte patienter",
        target_group="Indlagte patienter uden pårørende",
        volunteer_tasks="Samtale\nGåture",
        professional_tasks="Pleje og behandling",
        start_date=date(2024, 1, 1),
        review_date=date(2026, 1, 1),
    )
    return region


def go(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("main h1")).to_have_count(1)


def test_coordinator_works_with_the_register(page, live_server, register, assert_accessible, screenshot_dir):
    region = register
    page.goto(f"{live_server.url}{reverse('login')}")
    page.locator("input[name=username]").fill("coordinator.syd")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('home')}")

    # The list, filtered and sorted.
    list_url = reverse("volunteers:volunteer_list")
    go(page, live_server, f"{list_url}?status=active&activity={region.activity.pk}&sort=-start")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(25)
    expect(page.locator('main th[aria-sort="descending"]')).to_have_count(1)
    expect(page.locator('main nav a[aria-current="page"]')).to_contain_text("1")
    expect(page.locator("main select[name=status]")).to_have_value("active")
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "register_list.png"), full_page=True)

    page.locator("main input[name=q]").fill("karen holm")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name="Karen Holm").click()

    # The detail page.
    expect(page).to_have_url(f"{live_server.url}{region.volunteer.get_absolute_url()}")
    expect(page.locator("main h1")).to_have_text("Karen Holm")
    expect(page.locator("main")).to_contain_text("Introduktion til hospitalet")
    expect(page.locator("main")).to_contain_text(region.department.name)
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "register_detail.png"), full_page=True)

    # The form, with an end date before the start date.
    go(page, live_server, reverse("volunteers:volunteer_create"))
    page.locator("main input[name=first_name]").fill("Mette")
    page.locator("main input[name=last_name]").fill("Lund")
    page.locator("main select[name=unit]").select_option(str(region.hospital.pk))
    page.locator("main input[name=start_date]").fill("2024-05-01")
    page.locator("main input[name=end_date]").fill("2024-04-30")
    page.locator("main form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator('a[href="#id_end_date"]')).to_have_count(1)
    expect(page.locator("main input[name=first_name]")).to_have_value("Mette")
    expect(page.locator("main input[name=end_date]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "register_form_errors.png"), full_page=True)
    assert not Volunteer.objects.filter(first_name="Mette").exists()

    # The volunteer organisation.
    go(page, live_server, region.volunteer_organisation.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Ole Bak")
    expect(page.locator("main")).to_contain_text("Besøgsvenner på medicinsk afdeling")
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "register_organisation.png"), full_page=True)

    # The diversity overview.
    go(page, live_server, reverse("volunteers:diversity"))
    expect(page.locator("main table")).to_have_count(2)
    expect(page.locator("main")).not_to_contain_text("Karen")
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "register_diversity.png"), full_page=True)

    # The register's other pages pass axe too.
    for path in [
        reverse("volunteers:volunteer_organisation_list") + "?kind=organisation&q=kors",
        reverse("volunteers:volunteer_organisation_edit", args=[region.volunteer_organisation.pk]),
        reverse("volunteers:activity_list"),
        reverse("volunteers:anonymisation_list"),
        reverse("volunteers:volunteer_data", args=[region.volunteer.pk]),
        reverse("volunteers:volunteer_end", args=[region.volunteer.pk]),
    ]:
        go(page, live_server, path)
        assert_accessible(page)
    expect(page.locator("main input[name=end_date]")).to_be_visible()
