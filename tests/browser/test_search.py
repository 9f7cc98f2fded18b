"""Search in a real browser (issue 15): the header's search box works with the keyboard and without
JavaScript, and the results page passes axe-core on a phone and a laptop."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD, FollowUpFactory
from volunteers.models import Role

pytestmark = pytest.mark.browser


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}{reverse('login')}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()


def test_the_header_search_works_without_javascript(browser, live_server, transactional_db, region):
    region.volunteer.phone = "27 58 17 90"
    region.volunteer.save()
    context = browser.new_context(
        locale="da-DK", java_script_enabled=False, viewport={"width": 390, "height": 900}
    )
    page = context.new_page()
    log_in(page, live_server, region.users[Role.COORDINATOR])
    search_box = page.get_by_role("search").get_by_label("Søg")
    search_box.fill("27 58")
    search_box.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{reverse('search')}?q=27+58")
    expect(page.get_by_role("heading", name="Frivillige")).to_be_visible()
    expect(page.get_by_role("link", name="Karen Holm")).to_have_attribute(
        "href", region.volunteer.get_absolute_url()
    )
    context.close()


def test_the_results_pass_axe_on_a_phone_and_a_laptop(
    page, live_server, transactional_db, region, assert_accessible
):
    FollowUpFactory(item=region.item, title="Ring til Karen om besøgsvennerne")
    log_in(page, live_server, region.users[Role.SECRETARIAT])
    for url in [f"{reverse('search')}?q=Karen", f"{reverse('search')}?q=Karen&kind=volunteers"]:
        page.goto(f"{live_server.url}{url}")
        expect(page.get_by_role("link", name="Karen Holm")).to_be_visible()
        for width in [390, 1280]:
            page.set_viewport_size({"width": width, "height": 900})
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (url, width)
            assert_accessible(page)
    expect(page.get_by_role("link", name="Ring til Karen om besøgsvennerne")).to_have_count(
        0
    )  # kind=volunteers
