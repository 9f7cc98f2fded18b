"""Anyone responds to a consultation without logging in; the secretariat moderates the response. In a
real browser, axe-core on every page visited, screenshots in var/screenshots."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from strategies.models import ConsultationResponse
from tests.browser.navigation import follow
from tests.browser.test_every_page import log_in
from tests.test_consultation import SCRIPT, open_consultation

pytestmark = pytest.mark.browser


def test_a_citizen_responds_and_the_secretariat_moderates(
    page, context, live_server, transactional_db, region, assert_accessible, screenshot_dir
):
    consultation = open_consultation(region)
    public = f"{live_server.url}{consultation.get_public_url()}"

    page.goto(public)
    expect(page.locator("main h1")).to_have_text(consultation.title)
    expect(page.locator("main")).to_contain_text("Frivillighed i sektorovergange")
    # The honeypot is there for robots, not for people.
    box = page.locator("main div.visually-hidden:has(input[name=homepage])").bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    assert_accessible(page)
    page.screenshot(path=screenshot_dir / "consultation-public.png", full_page=True)

    page.locator("main input[name=name]").fill("Mette Sørensen")
    page.locator("main input[name=organisation_name]").fill("Ældre Sagen Vejle")
    page.locator("main select[name=party]").select_option(label="Ældrerådet")
    page.locator("main textarea[name=text]").fill(f"Vi savner fokus på pårørende. {SCRIPT}")
    page.wait_for_timeout(3200)  # a person takes a few seconds; faster is refused as a robot's
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(
        f"{live_server.url}{reverse('strategies:consultation_thanks', args=[consultation.public_token])}"
    )
    assert_accessible(page)
    saved = ConsultationResponse.objects.get(consultation=consultation)
    assert saved.text.endswith(SCRIPT) and saved.party.name == "Ældrerådet"

    log_in(context, live_server, region.users["secretariat"])
    page.goto(f"{live_server.url}{consultation.get_absolute_url()}")
    expect(page.locator(f"#response-{saved.pk}")).to_contain_text(SCRIPT)  # shown as text
    assert_accessible(page)
    page.screenshot(path=screenshot_dir / "consultation-detail.png", full_page=True)

    follow(page, page.locator(f"#response-{saved.pk} a").get_attribute("href"))
    assert_accessible(page)
    page.get_by_label(str(ConsultationResponse.Status.ACCEPTED.label)).check()
    page.locator("main textarea[name=comment]").fill("Indarbejdet i fokusområde 1.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(f"#response-{saved.pk}")).to_contain_text(
        str(ConsultationResponse.Status.ACCEPTED.label)
    )
    saved.refresh_from_db()
    assert (saved.status, saved.comment) == ("accepted", "Indarbejdet i fokusområde 1.")


def test_the_other_consultation_pages_are_accessible(
    page, context, live_server, transactional_db, region, assert_accessible
):
    consultation = region.consultation  # closed in 2018
    page.goto(f"{live_server.url}{consultation.get_public_url()}")
    expect(page.locator("main [role=status]")).to_be_visible()
    assert page.locator("main textarea[name=text]").count() == 0
    assert_accessible(page)

    log_in(context, live_server, region.users["secretariat"])
    for url in [
        reverse("strategies:consultation_create", args=[region.strategy.pk]),
        reverse("strategies:consultation_create", args=[region.approved_strategy.pk]),  # not a draft
        reverse("strategies:consultation_edit", args=[consultation.pk]),
        reverse("strategies:party_create", args=[consultation.pk]),
        reverse("strategies:party_edit", args=[region.party.pk]),
    ]:
        page.goto(f"{live_server.url}{url}")
        assert page.locator("h1").count() == 1
        assert_accessible(page)
    # A form sent back with errors: the summary links to the fields.
    page.goto(f"{live_server.url}{reverse('strategies:consultation_edit', args=[consultation.pk])}")
    page.locator("main input[name=title]").fill("")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
