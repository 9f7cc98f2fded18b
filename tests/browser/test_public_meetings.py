"""The public version of the demo's public bodies, as anybody sees it without login, in Chromium at a
phone's width (390 px) and a desktop's (1280 px): axe-core finds nothing, nothing is wider than the page,
the closed item shows as “Lukket punkt” only. Screenshots go to var/screenshots/."""

from datetime import date

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, Body

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]


def test_public_pages_without_login(page, live_server, demo_data, assert_accessible, screenshot_dir):
    steering_group = Body.objects.get(organisation__name="Region Syddanmark", name="Koncernledelsesforum")
    closed = AgendaItem.objects.get(meeting__body=steering_group, is_closed=True)
    committee = Body.objects.get(name="Midlertidigt udvalg vedrørende samarbejde med civilsamfundet")
    approved = committee.meetings.get(date=date(2020, 8, 18))
    pages = {
        "bodies": reverse("meetings:public_bodies", args=[steering_group.organisation_id]),
        "body": reverse("meetings:public_body", args=[steering_group.pk]),
        "agenda": reverse("meetings:public_meeting", args=[closed.meeting.pk]),
        "minutes": reverse("meetings:public_meeting", args=[approved.pk]),
    }
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            page.goto(f"{live_server.url}{url}")
            assert page.url == f"{live_server.url}{url}", "no login asked for"
            assert page.locator("h1").count() == 1, url
            assert_accessible(page)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{url} at {width} px is {overflow} px too wide"
            page.screenshot(path=screenshot_dir / f"public-{name}-{width}.png", full_page=True)

    page.goto(f"{live_server.url}{pages['agenda']}")
    main = page.locator("main").inner_text()
    assert "Lukket punkt" in main and closed.title not in main
    assert "Internt notat" not in main
    page.goto(f"{live_server.url}{pages['minutes']}")
    assert "Referat" in page.locator("main").inner_text()
    # From the body's page to the meeting, by its link.
    page.goto(f"{live_server.url}{pages['body']}")
    page.locator(f'main a[href="{pages["agenda"]}"]').click()
    page.wait_for_url(f"{live_server.url}{pages['agenda']}")
