"""A coordinator's collaboration agreement, from draft to active and printed, in a real browser.

On the demo data, as Regionshospital Horsens' coordinator; every page visited is checked with axe-core.
Texts are located by structure (names, hrefs, ids) or by the data's own Danish words.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.browser.demo_login import log_in
from tests.browser.pdf_download import fetch_pdf

pytestmark = pytest.mark.browser

TITLE = "Besøgsvenner på medicinsk afdeling, Horsens"


def submit(page, action=None):
    form = page.locator(f'main form[action="{action}"]' if action else "main form[method=post]").first
    form.locator("button[type=submit]").click()


def test_coordinator_takes_an_agreement_from_draft_to_active_and_prints_it(
    page, live_server, demo_data, assert_accessible, screenshot_dir, eager_celery
):
    log_in(page, live_server, "koordinator.midt", reverse("agreements:agreement_list"))
    assert_accessible(page)

    page.locator(f'main a[href="{reverse("agreements:agreement_create")}"]').click()
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page)

    page.locator("main input[name=title]").fill(TITLE)
    page.locator("main select[name=kind]").select_option("supplement")
    page.locator("main select[name=unit]").select_option(label="Regionshospital Horsens")
    page.locator("main select[name=volunteer_organisation]").select_option(label="Dansk Røde Kors")
    page.locator("main textarea[name=purpose]").fill("At give indlagte patienter selskab og en god samtale.")
    # Each text box says how much of its room is used (core/fields.py, static/js/text-count.js).
    expect(page.locator("#id_purpose-count")).to_have_text("53 af 20.000 tegn")
    assert "id_purpose-count" in page.locator("main textarea[name=purpose]").get_attribute("aria-describedby")
    page.locator("main textarea[name=target_group]").fill("Indlagte patienter uden besøg af pårørende.")
    page.locator("main textarea[name=volunteer_tasks]").fill("Samtale og selskab\nHøjtlæsning af avis")
    page.locator("main input[name=start_date]").fill("2026-03-01")
    page.locator("main input[name=review_date]").fill("2027-03-01")
    # The responsible coordinator is the one creating it, unless changed.
    expect(page.locator("main select[name=responsible] option:checked")).to_contain_text("Sofie Bach")
    submit(page)

    # The professionals' tasks were left out: the summary says so, and nothing typed is lost.
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator('a[href="#id_professional_tasks"]')).to_have_count(1)
    expect(page.locator("main input[name=title]")).to_have_value(TITLE)
    expect(page.locator("main textarea[name=volunteer_tasks]")).to_have_value(
        "Samtale og selskab\nHøjtlæsning af avis"
    )
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "agreement_form_errors.png"), full_page=True)

    page.locator("main textarea[name=professional_tasks]").fill(
        "Pleje og behandling\nVurdering af, hvem der ønsker besøg"
    )
    submit(page)
    expect(page.locator("main .messages .alert-success")).to_be_visible()  # saved, before the ORM looks

    agreement = Agreement.objects.get(title=TITLE)
    expect(page).to_have_url(f"{live_server.url}{agreement.get_absolute_url()}")
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator("main .messages .alert-success")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "agreement_draft.png"), full_page=True)

    tr_dialogue = reverse("agreements:agreement_tr_dialogue", args=[agreement.pk])
    page.locator("main input[name='tr_dialogue-held_with']").fill("Hanne Møller, TR for sygeplejerskerne")
    page.locator("main textarea[name='tr_dialogue-outcome']").fill("TR støtter samarbejdet.")
    submit(page, tr_dialogue)
    expect(page.locator("main .messages .alert-success")).to_be_visible()
    assert_accessible(page)

    approve = reverse("agreements:agreement_approve", args=[agreement.pk])
    page.locator("main input[name='approve-approved_by']").fill("Jens Østergaard, hospitalsledelsen")
    submit(page, approve)
    expect(page.locator("main .messages .alert-success")).to_be_visible()
    # Approved: the contents are locked, so there is no edit button any more.
    expect(
        page.locator(f'main a[href="{reverse("agreements:agreement_edit", args=[agreement.pk])}"]')
    ).to_have_count(0)
    assert_accessible(page)

    # Its edit page now only explains why.
    page.goto(f"{live_server.url}{reverse('agreements:agreement_edit', args=[agreement.pk])}")
    expect(page.locator("main form[method=post]")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")

    # Activation asks first, on a page of its own, saying what happens.
    page.locator(f'main a[href="{reverse("agreements:agreement_activate", args=[agreement.pk])}"]').click()
    expect(page.locator("main .consequences")).to_be_visible()
    assert_accessible(page)
    submit(page)
    expect(page.locator("main .messages .alert-success")).to_be_visible()
    expect(page.locator("main .workflow-track [aria-current=step]")).to_have_count(1)
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "agreement_active.png"), full_page=True)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    assert agreement.tr_dialogue_with == "Hanne Møller, TR for sygeplejerskerne"

    # The history names who did each step.
    expect(page.locator("main .history")).to_contain_text("Sofie Bach")

    page.locator(f'.breadcrumb a[href="{reverse("agreements:agreement_list")}"]').click()
    expect(page.locator("main table")).to_contain_text(TITLE)
    assert_accessible(page)
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")

    pdf_link = page.locator("main a#agreement-pdf")
    assert TITLE in fetch_pdf(page, live_server, pdf_link.get_attribute("href"))
