"""On a form error the page opens at the error summary: it has the focus (autofocus, no script), it is in
view even when the form is far down the page (the public consultation), its links take the user to the
field, and what was typed is kept. Screenshots in var/screenshots (error-summary-*.png)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_every_page import log_in
from tests.test_consultation import open_consultation

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def assert_opens_at_the_summary(page, text):
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text(text)
    return summary


def follow(summary, page, href):
    """Click the summary's link to a field: the field gets the focus and scrolls into view."""
    summary.locator(f"a[href='{href}']").click()
    field = page.locator(href)
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()
    return field


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["390", "1280"])
def test_a_new_volunteer_without_a_name(
    page, context, live_server, transactional_db, region, assert_accessible, screenshot_dir, viewport
):
    page.set_viewport_size(viewport)
    log_in(context, live_server, region.users["coordinator"])
    page.goto(f"{live_server.url}{reverse('volunteers:volunteer_create')}")
    page.locator("main input[name=last_name]").fill("Lund")
    page.locator("main input[name=email]").fill("mette.lund@example.org")
    page.locator("main input[name=phone]").fill("20 30 40 50")
    page.locator("main form button[type=submit]").click()

    summary = assert_opens_at_the_summary(page, "Fornavn: Dette felt er påkrævet.")
    expect(summary.locator("h2")).to_have_text(re.compile(r"Der er \d fejl i formularen"))
    assert_accessible(page)
    page.screenshot(path=screenshot_dir / f"error-summary-volunteer-{viewport['width']}.png")
    # What was typed is kept; the field's own message is beside it and describes it.
    expect(page.locator("main input[name=last_name]")).to_have_value("Lund")
    expect(page.locator("main input[name=phone]")).to_have_value("20 30 40 50")
    first_name = follow(summary, page, "#id_first_name")
    expect(first_name).to_have_attribute("aria-describedby", "id_first_name_error")
    expect(page.locator("#id_first_name_error")).to_have_text("Dette felt er påkrævet.")
    expect(page.locator("main label[for=id_first_name]")).to_be_in_viewport()  # not hidden above the edge
    follow(summary, page, summary.locator("a").last.get_attribute("href"))  # a field further down

    # Sent again from the page the link left at the field (its URL ends in #id_…), the page opens at the
    # summary again, not at that field: the form posts to its address without the fragment.
    assert page.url.endswith("#" + summary.locator("a").last.get_attribute("href")[1:])
    page.locator("main input[name=phone]").fill("20 30 40 51")
    page.locator("main form button[type=submit]").click()
    assert_opens_at_the_summary(page, "Fornavn: Dette felt er påkrævet.")
    expect(page.locator("main input[name=phone]")).to_have_value("20 30 40 51")


def test_a_consultation_response_sent_too_fast_on_a_phone(
    page, live_server, transactional_db, region, assert_accessible, screenshot_dir
):
    page.set_viewport_size(PHONE)
    consultation = open_consultation(region)
    page.goto(f"{live_server.url}{consultation.get_public_url()}")
    page.locator("main input[name=name]").fill("Mette Sørensen")
    page.locator("main textarea[name=text]").fill("Vi savner fokus på pårørende i udkastet.")
    page.locator("main form button[type=submit]").click()  # at once: faster than a person

    summary = assert_opens_at_the_summary(page, "Formularen blev sendt for hurtigt")
    expect(summary.locator("h2")).to_have_text("Der er 1 fejl i formularen")
    assert page.evaluate("window.scrollY") < 300  # the page opens at its top, where the summary is
    assert_accessible(page)
    page.screenshot(path=screenshot_dir / "error-summary-consultation-too-fast-390.png")
    expect(page.locator("main textarea[name=text]")).to_have_value("Vi savner fokus på pårørende i udkastet.")
    follow(summary, page, "#id_name")  # the link leads down to the form, ~2,500 px below

    # Sent again a little later, the response goes through with what was typed.
    page.wait_for_timeout(3200)
    page.locator("main form button[type=submit]").click()
    thanks = reverse("strategies:consultation_thanks", args=[consultation.public_token])
    expect(page).to_have_url(f"{live_server.url}{thanks}")


def test_a_consultation_response_without_its_text(
    page, live_server, transactional_db, region, assert_accessible, screenshot_dir
):
    consultation = open_consultation(region)
    page.goto(f"{live_server.url}{consultation.get_public_url()}")
    page.locator("main input[name=name]").fill("Mette Sørensen")
    page.locator("main input[name=organisation_name]").fill("Ældre Sagen Vejle")
    page.wait_for_timeout(3200)
    page.locator("main form button[type=submit]").click()

    summary = assert_opens_at_the_summary(page, "Dit høringssvar: Dette felt er påkrævet.")
    assert_accessible(page)
    page.screenshot(path=screenshot_dir / "error-summary-consultation-1280.png")
    expect(page.locator("main input[name=organisation_name]")).to_have_value("Ældre Sagen Vejle")
    text = follow(summary, page, "#id_text")
    # The error first, then the text box's count of characters (static/js/text-count.js).
    expect(text).to_have_attribute("aria-describedby", "id_text_error id_text-count")


def test_a_failed_login_opens_at_the_summary_not_the_user_name(page, live_server, transactional_db, region):
    page.goto(f"{live_server.url}{reverse('login')}")
    page.locator("main input[name=username]").fill("coordinator.syd")
    page.locator("main input[name=password]").fill("forkert")
    page.locator("main form button[type=submit]").click()
    summary = assert_opens_at_the_summary(page, "adgangskode")
    expect(page.locator("main input[name=username]")).to_have_value("coordinator.syd")
    follow(summary, page, "#id_username")
