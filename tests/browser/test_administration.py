"""The administration pages (issue 13) in Chromium at a phone's width (390 px) and a desktop's (1280 px):
axe-core finds nothing on any of them; the unit tree keeps within the page's width and shows a closed
unit in words. Screenshots of the unit tree go to var/screenshots/."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_every_page import log_in
from tests.factories import UnitFactory
from volunteers.models import Role, Unit

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]


def test_administration_pages_at_both_widths(
    page, context, live_server, transactional_db, region, assert_accessible, screenshot_dir
):
    ward = UnitFactory(
        organisation=region.organisation,
        parent=region.department,
        name="Sengeafsnit 4",
        kind=Unit.Kind.DEPARTMENT,
    )
    UnitFactory(
        organisation=region.organisation,
        parent=ward,
        name="Tidligere dagafsnit med et meget langt navn",
        kind=Unit.Kind.DEPARTMENT,
        closed_on=date(2024, 3, 1),
    )
    log_in(context, live_server, region.users[Role.ADMINISTRATOR])
    urls = [
        reverse("administration:index"),
        reverse("administration:organisation"),
        reverse("administration:unit_tree"),
        reverse("administration:unit_create"),
        reverse("administration:unit_edit", args=[region.hospital.pk]),
        reverse("administration:unit_close", args=[region.other_hospital.pk]),
        reverse("administration:unit_close", args=[region.hospital.pk]),  # refused: open units below
        reverse("administration:audit_log"),
    ]
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            assert page.locator("h1").count() == 1, url
            assert_accessible(page)
            # Nothing wider than the page: no sideways scrolling at a phone's width.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{url} at {width} px is {overflow} px too wide"
        page.goto(f"{live_server.url}{reverse('administration:unit_tree')}")
        closed = page.locator(".unit-closed")
        assert closed.count() == 1
        assert "lukket 1. marts 2024" in closed.inner_text()
        page.screenshot(path=screenshot_dir / f"administration-unit-tree-{width}.png", full_page=True)
        page.goto(f"{live_server.url}{reverse('administration:audit_log')}")
        page.screenshot(path=screenshot_dir / f"administration-audit-log-{width}.png", full_page=True)

    # The settings form at the phone's width, refused: the error is announced and the typed value is kept.
    page.goto(f"{live_server.url}{reverse('administration:organisation')}")
    page.fill("#id_privacy_contact", "ikke en adresse")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("#error-summary")).to_be_visible()  # waits for the answer, as the click does not
    expect(page.locator("#id_privacy_contact")).to_have_value("ikke en adresse")
    assert_accessible(page)
