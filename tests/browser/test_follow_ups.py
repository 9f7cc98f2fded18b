"""A decision followed to done over two meetings, in a real browser (issue 14).

Meeting 1 has been held: the secretary records a decision of its item with an owner and a due date.
Meeting 2's draft agenda gets the item "Opfølgning på beslutninger", whose case text lists it. The
secretary then sets it in progress, and later done with a note; it leaves the body's open list and the
list of open follow-ups. Every page visited is checked with axe-core; the pages are photographed at 390
and 1280 pixels' width.

Buttons and fields are found by structure (names, hrefs, ids); the data's own Danish words are looked for
on the pages.
"""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from meetings.models import AgendaItem, FollowUp, Meeting
from tests.browser.navigation import go, submit
from tests.browser.test_every_page import log_in

pytestmark = pytest.mark.browser

DECISION = "Litteraturstudiet vedr. forskningsresultater eftersendes til udvalget"


def photograph(page, screenshot_dir, name):
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir / f"follow_ups_{name}_{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_decision_is_followed_to_done_over_two_meetings(
    page, context, live_server, transactional_db, region, assert_accessible, screenshot_dir
):
    today = timezone.localdate()
    body = region.body
    first = Meeting.objects.create(
        body=body, date=today - timedelta(days=14), start_time=time(9), end_time=time(12), status="held"
    )
    item = AgendaItem.objects.create(
        meeting=first, position=1, title="Præsentation af samarbejdet med frivillige", summary="Status."
    )
    second = region.meeting
    Meeting.objects.filter(pk=second.pk).update(date=today + timedelta(days=14))
    due = today + timedelta(days=7)
    log_in(context, live_server, region.users["secretariat"])

    # --- Meeting 1: the decision, with an owner and a due date. ------------------------------------------
    go(page, live_server, first.get_absolute_url())
    page.locator(f'a[href="{reverse("meetings:task_create", args=[item.pk])}"]').click()
    page.locator("input[name=kind][value=decision]").check()
    page.locator("textarea[name=title]").fill(DECISION)
    page.locator("input[name=owner]").fill("Sundhedsplanlægning")
    page.locator("input[name=deadline]").fill(due.isoformat())
    assert_accessible(page)
    photograph(page, screenshot_dir, "new")
    submit(page, "main form button[type=submit]")
    decision = FollowUp.objects.get()
    assert (decision.kind, decision.owner, decision.deadline) == ("decision", "Sundhedsplanlægning", due)
    expect(page.locator(f"#item-{item.pk}")).to_contain_text(DECISION)
    assert_accessible(page)

    # --- Meeting 2: the agenda gets the item listing it. -------------------------------------------------
    go(page, live_server, second.get_absolute_url())
    offer = page.locator("section.follow-up-offer")
    expect(offer).to_contain_text("1 åben")
    assert_accessible(page)
    submit(page, "section.follow-up-offer button[type=submit]")
    added = second.items.get(title="Opfølgning på beslutninger")
    section = page.locator(f"#item-{added.pk}")
    expect(section).to_contain_text(DECISION)
    expect(section).to_contain_text(f"ansvarlig: Sundhedsplanlægning; frist {date_format(due)}; status: åben")
    assert_accessible(page)
    section.scroll_into_view_if_needed()
    photograph(page, screenshot_dir, "agenda_item")

    # --- In progress, then done with a note, from the body's page. ---------------------------------------
    go(page, live_server, body.get_absolute_url())
    open_list = page.locator("section[aria-labelledby=follow-ups-title]")
    expect(open_list).to_contain_text(DECISION)
    assert_accessible(page)
    open_list.locator(f'a[href="{decision.get_absolute_url()}"]').click()
    expect(page).to_have_url(f"{live_server.url}{decision.get_absolute_url()}")
    page.locator("select[name=status]").select_option("in_progress")
    page.locator("textarea[name=note]").fill("Administrationen samler studiet.")
    submit(page, "section[aria-labelledby=status-title] button[type=submit]")
    expect(page.locator(".follow-up-notes")).to_contain_text("Administrationen samler studiet.")
    page.locator("select[name=status]").select_option("done")
    page.locator("textarea[name=note]").fill("Sendt til udvalget med plancherne.")
    submit(page, "section[aria-labelledby=status-title] button[type=submit]")
    notes = page.locator(".follow-up-notes li")
    expect(notes).to_have_count(2)
    expect(notes.nth(1)).to_contain_text("Sendt til udvalget med plancherne.")
    expect(page.locator(".follow-up-facts")).to_contain_text("Gennemført")
    assert_accessible(page)
    photograph(page, screenshot_dir, "detail")
    decision.refresh_from_db()
    assert (decision.status, decision.done_on) == ("done", today)

    # --- Gone from the open lists. -----------------------------------------------------------------------
    go(page, live_server, body.get_absolute_url())
    expect(page.locator("section[aria-labelledby=follow-ups-title]")).not_to_contain_text(DECISION)
    go(page, live_server, f"{reverse('meetings:follow_up_list')}?status=unfinished")
    expect(page.locator("main")).not_to_contain_text(DECISION)
    assert_accessible(page)
    go(page, live_server, f"{reverse('meetings:follow_up_list')}?status=done")
    expect(page.locator("main table")).to_contain_text(DECISION)
    assert_accessible(page)
    photograph(page, screenshot_dir, "list")
