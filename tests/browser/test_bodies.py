"""The secretariat sets up the working group's seats in a real browser; axe-core on every page visited."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import Body
from tests.browser.demo_login import log_in
from tests.browser.navigation import follow

pytestmark = pytest.mark.browser

WORKING_GROUP = "Arbejdsgruppen for revision af Frivillighedsstrategien"
CATEGORY = "Repræsentanter for patientforeningerne"


def test_secretariat_adds_a_seat_category_and_a_member_and_sees_the_empty_seat(
    page, live_server, demo_data, assert_accessible, screenshot_dir
):
    body = Body.objects.get(organisation__name="Region Syddanmark", name=WORKING_GROUP)
    log_in(page, live_server, "sekretariat.syd", reverse("meetings:body_list"))
    assert_accessible(page)

    page.locator(f'main a[href="{body.get_absolute_url()}"]').first.click()
    expect(page.locator("main h1")).to_have_text(WORKING_GROUP)
    assert_accessible(page)

    follow(page, reverse("meetings:seat_category_create", args=[body.pk]))
    assert_accessible(page)
    page.locator("main input[name=name]").fill(CATEGORY)
    page.locator("main input[name=required]").fill("2")
    page.locator("main input[name=appointed_by]").fill("Danske Patienter")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#seat-quotas")).to_contain_text(CATEGORY)

    follow(page, reverse("meetings:membership_create", args=[body.pk]))
    assert_accessible(page)
    page.locator("main input[name=name]").fill("Repræsentant for Kræftens Bekæmpelse")
    page.locator("main input[name=represents]").fill("Kræftens Bekæmpelse")
    page.locator("main select[name=seat_category]").select_option(label=CATEGORY)
    page.locator("main form button[type=submit]").click()

    expect(page.locator("main h1")).to_have_text(WORKING_GROUP)
    row = page.locator("#seat-quotas tr", has_text=CATEGORY)
    expect(row.locator("td").nth(2)).to_have_text("1")
    expect(row.locator("td").nth(3)).to_have_text("2")
    expect(page.locator("#seat-warnings")).to_contain_text(CATEGORY)
    expect(page.locator("#members")).to_contain_text("Kræftens Bekæmpelse")
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "body_detail.png"), full_page=True)

    # The year's meetings in one form; then the plan is approved and fixed.
    follow(page, reverse("meetings:plan_create", args=[body.pk]))
    assert_accessible(page)
    page.locator("main input[name=title]").fill("Mødeplan 2019")
    for row, day in enumerate(["2019-01-15", "2019-03-12"]):
        page.locator(f"main input[name=meetings-{row}-date]").fill(day)
        page.locator(f"main input[name=meetings-{row}-start_time]").fill("09:00")
        page.locator(f"main input[name=meetings-{row}-end_time]").fill("12:00")
    page.locator("main form:has(#plan-meetings) button[type=submit]").click()
    expect(page.locator("#plan-meetings tbody tr")).to_have_count(4)  # the two meetings and two empty rows
    assert_accessible(page)
    page.locator("main input[name=approved_by]").fill("Koncernledelsesforum")
    page.locator("main input[name=approved_on]").fill("2018-12-01")
    page.locator(
        f'main form[action="{reverse("meetings:plan_approve", args=[body.meeting_plans.get().pk])}"] button'
    ).click()
    expect(page.locator("#plan-status")).to_contain_text("Koncernledelsesforum")
    expect(page.locator("main table tbody tr")).to_have_count(2)
    assert_accessible(page)
