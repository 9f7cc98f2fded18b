"""The secretary's journey from a new meeting to approved minutes, in a real browser.

On the demo data, as Region Midtjylland's secretariat with its temporary political committee; every
page visited is checked with axe-core. Texts are located by structure (names, hrefs, ids) or by the
data's own Danish words.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import AgendaItem, Body, Meeting
from tests.browser.demo_login import log_in
from tests.browser.navigation import follow
from tests.browser.pdf_download import fetch_pdf

pytestmark = pytest.mark.browser

COMMITTEE = "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet"


def submit_and_wait(page):
    """Submit the page's form and wait until the answer has replaced it."""
    url = page.url
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(lambda new: new != url)


def post_step(page, meeting, step):
    page.locator(
        f'main form[action="{reverse("meetings:meeting_step", args=[meeting.pk, step])}"] button'
    ).click()
    expect(page.locator("main .messages .alert-success")).to_be_visible()


def test_secretary_takes_a_meeting_from_new_to_approved_minutes(
    page, live_server, demo_data, assert_accessible, screenshot_dir, eager_celery
):
    body = Body.objects.get(name=COMMITTEE)
    log_in(page, live_server, "sekretariat.midt", body.get_absolute_url())
    assert_accessible(page)

    # A new meeting: a time that clashes with the plan's meeting of 18 August is refused, typed values kept.
    follow(page, reverse("meetings:meeting_create", args=[body.pk]))
    assert_accessible(page)
    page.locator("main input[name=date]").fill("2020-08-18")
    page.locator("main input[name=start_time]").fill("10:00")
    page.locator("main input[name=end_time]").fill("11:00")
    page.locator("main input[name=place]").fill("Regionshuset Viborg, mødelokale C2")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("#error-summary a[href='#id_start_time']")).to_have_count(1)
    expect(page.locator("main input[name=place]")).to_have_value("Regionshuset Viborg, mødelokale C2")
    assert_accessible(page)
    page.locator("main input[name=date]").fill("2021-11-30")
    page.locator("main input[name=start_time]").fill("13:00")
    page.locator("main input[name=end_time]").fill("15:00")
    submit_and_wait(page)
    meeting = Meeting.objects.get(body=body, date="2021-11-30")
    expect(page).to_have_url(f"{live_server.url}{meeting.get_absolute_url()}")
    assert_accessible(page)

    # The body's standard items open and close the new agenda; a new item goes between them.
    expect(page.locator("main .agenda-item h3")).to_have_text(
        ["Punkt 1: Godkendelse af dagsorden", "Punkt 2: Gensidig orientering"]
    )
    follow(page, reverse("meetings:item_create", args=[meeting.pk]))
    assert_accessible(page)
    page.locator("main [name=title]").fill("Drøftelse af udvalgets afrapportering")
    page.locator("main [name=case_number]").fill("1-00-6-20")
    page.locator("main [name=summary]").fill("Udvalget drøfter formen på afrapporteringen til regionsrådet.")
    page.locator("main [name=recommendation_by]").fill("Direktionen")
    page.locator("main [name=recommendation]").fill(
        "at udvalget drøfter formen på afrapporteringen, og\nat udvalget godkender tidsplanen for temadagen."
    )
    page.locator("main [name=case_presentation]").fill(
        "Udvalget afrapporterer på en temadag i efteråret 2021."
    )
    submit_and_wait(page)
    second = AgendaItem.objects.get(meeting=meeting, position=2)
    recommendation = page.locator(f"#item-{second.pk} .recommendation-lines li")
    expect(recommendation).to_have_count(2)
    expect(recommendation.first).to_have_text("at udvalget drøfter formen på afrapporteringen, og")
    page.screenshot(path=str(screenshot_dir / "meeting.png"), full_page=True)

    # Publishing asks first, on a page of its own: who gets the agenda, and that it is locked.
    page.locator(f'main a[href="{reverse("meetings:meeting_step", args=[meeting.pk, "publish"])}"]').click()
    expect(page.locator("main .consequences")).to_contain_text("låst")
    assert_accessible(page)
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("main .messages .alert-success")).to_be_visible()
    assert_accessible(page)
    # The agenda is published: it can no longer be changed from the page.
    expect(page.locator(f'main a[href="{reverse("meetings:item_edit", args=[second.pk])}"]')).to_have_count(0)
    post_step(page, meeting, "held")

    # On the day: the committee's members were invited from its membership on the meeting's date; the
    # secretary records who came, who did not, and a guest.
    invited = list(meeting.attendances.filter(is_guest=False).order_by("pk"))
    assert len(invited) >= 2
    absent = invited[-1]
    follow(page, reverse("meetings:attendance", args=[meeting.pk]))
    assert_accessible(page)
    for attendance in invited:
        status = "absent" if attendance == absent else "present"
        page.locator(f'main input[name="attendance-{attendance.pk}"][value="{status}"]').check()
    page.get_by_role("button", name="Gem fremmødet").click()
    expect(page.locator("main .alert-success")).to_be_visible()
    page.locator("main input[name=name]").fill("Jakob Olesen")
    page.locator("main input[name=represents]").fill("Koncern HR")
    page.get_by_role("button", name="Tilføj gæsten").click()
    expect(page.locator("main #guests-title ~ ul")).to_contain_text("Jakob Olesen")
    assert_accessible(page)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    expect(page.locator("main .attendance-summary")).to_contain_text(f"Fraværende: {absent.name}")

    # The minutes are written on one page, each item saved on its own.
    follow(page, reverse("meetings:minutes_write", args=[meeting.pk]))
    assert_accessible(page)
    for item, decision in [
        (AgendaItem.objects.get(meeting=meeting, position=1), "Dagsordenen blev godkendt."),
        (second, "Udvalget drøftede afrapporteringen. Tidsplanen blev godkendt."),
    ]:
        page.locator(f"main textarea[name=item-{item.pk}-decision]").fill(decision)
        page.locator(f"#item-{item.pk} form button[type=submit]").first.click()
        expect(page.locator("main .messages .alert-success")).to_contain_text(f"punkt {item.position}")
        expect(page.locator(f"main textarea[name=item-{item.pk}-decision]")).to_have_value(decision)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    for item, decision in [(second, "Udvalget drøftede afrapporteringen. Tidsplanen blev godkendt.")]:
        expect(page.locator(f"#item-{item.pk} .decision")).to_contain_text(decision)
    assert_accessible(page)

    post_step(page, meeting, "draft-minutes")
    approve = reverse("meetings:meeting_step", args=[meeting.pk, "approve"])
    follow(page, approve)
    assert_accessible(page)
    page.locator("main input[name=approved_by]").fill("Udvalget")
    page.locator("main input[name=approved_on]").fill("2021-12-07")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("main .messages .alert-success")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "meeting_approved.png"), full_page=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    # The approved minutes say who was there and who was not, on the page and in the PDF.
    summary = page.locator("main .attendance-summary")
    expect(summary).to_contain_text(f"Fraværende: {absent.name}")
    expect(summary).to_contain_text("Gæster: Jakob Olesen (Koncern HR)")
    text = fetch_pdf(page, live_server, reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert f"Fraværende: {absent.name}" in text
    decision = text.index("Udvalget drøftede afrapporteringen")
    assert text.index("Til stede:") < text.index("Fraværende:") < decision

    # Approved minutes are locked: the decision's edit page says so and offers nothing to change.
    expect(
        page.locator(f'main a[href="{reverse("meetings:decision_edit", args=[second.pk])}"]')
    ).to_have_count(0)
    page.goto(f"{live_server.url}{reverse('meetings:decision_edit', args=[second.pk])}")
    expect(page.locator("main .locked-message")).to_be_visible()
    expect(page.locator("main textarea")).to_have_count(0)
    assert_accessible(page)
