"""Attendance in a real browser, without JavaScript's help: the secretary records apologies before a
meeting and who was there after it, with a guest; a member sends apologies through their private link.
On the demo data (Aarhus Kommune's Chefteamet); every page is checked with axe-core."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Attendance, Meeting, Membership
from tests.browser.demo_login import log_in

pytestmark = pytest.mark.browser

BODY = "Chefteamet i Sundhed og Omsorg"


def radio(page, attendance, status):
    return page.locator(f'main input[name="attendance-{attendance.pk}"][value="{status}"]')


def test_apologies_before_and_attendance_after_the_meeting(
    page, context, live_server, demo_data, assert_accessible, screenshot_dir
):
    meetings = Meeting.objects.filter(body__name=BODY).order_by("date")
    today = timezone.localdate()
    held = meetings.filter(date__lt=today).last()
    coming = meetings.filter(date__gt=today).first()
    maj = coming.attendances.get(name="Maj Morgenstjerne")
    log_in(page, live_server, "sekretariat.aarhus", coming.get_absolute_url())
    expect(page.locator("main #attendance-title")).to_have_text("Deltagere")
    expect(page.locator("main .attendance-summary")).to_contain_text("Afbud: Henriette Andersen")

    # Before the meeting: apologies only.
    page.locator(f'main a[href="{reverse("meetings:attendance", args=[coming.pk])}"]').click()
    expect(page.locator("main h1")).to_have_text("Deltagere")
    assert_accessible(page)
    expect(radio(page, maj, "present")).to_have_count(0)
    radio(page, maj, "apologised").check()
    page.get_by_role("button", name="Gem afbud").click()
    expect(page.locator("main .alert-success")).to_be_visible()
    maj.refresh_from_db()
    assert maj.status == Attendance.Status.APOLOGISED

    # Maj changes her mind on her own page, behind her calendar link (no login).
    membership = Membership.objects.get(body__name=BODY, name="Maj Morgenstjerne")
    context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('meetings:apologies', args=[membership.calendar_token])}")
    assert_accessible(page)
    page.get_by_role("button", name="Træk afbud tilbage: jeg deltager").first.click()
    expect(page.locator("main .alert-success")).to_contain_text("du forventes at deltage")
    assert_accessible(page)
    maj.refresh_from_db()
    assert maj.status == Attendance.Status.INVITED
    page.screenshot(path=screenshot_dir / "attendance-apologies-page.png", full_page=True)

    # After the meeting: Maj absent, a guest added; the meeting page says so.
    log_in(page, live_server, "sekretariat.aarhus", reverse("meetings:attendance", args=[held.pk]))
    assert_accessible(page)
    maj_held = held.attendances.get(name="Maj Morgenstjerne")
    radio(page, maj_held, "absent").check()
    page.get_by_role("button", name="Gem fremmødet").click()
    expect(page.locator("main .alert-success")).to_be_visible()
    page.locator("main input[name=name]").fill("Peter Hansen")
    page.locator("main input[name=represents]").fill("Økonomi")
    page.get_by_role("button", name="Tilføj gæsten").click()
    expect(page.locator("main #guests-title ~ ul")).to_contain_text("Peter Hansen, Økonomi")
    assert_accessible(page)
    page.screenshot(path=screenshot_dir / "attendance-secretary.png", full_page=True)
    page.goto(f"{live_server.url}{held.get_absolute_url()}")
    summary = page.locator("main .attendance-summary")
    expect(summary).to_contain_text("Afbud: Henriette Andersen")
    expect(summary).to_contain_text("Fraværende: Maj Morgenstjerne")
    expect(summary).to_contain_text("Gæster: Peter Hansen (Økonomi)")
