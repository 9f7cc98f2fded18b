"""Writing the minutes on one page in a real browser, at a desktop's width (1280 px) and a phone's (390 px):
each item saved on its own, "Indstillingen blev godkendt", a colleague's save in between told and nothing
overwritten, a closed item said in words. On the demo data, as Region Syddanmark's secretariat with
Koncernledelsesforum's meeting held last week; axe-core checks every state of the page.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings.minutes import save_decision
from meetings.models import AgendaItem, Meeting
from tests.browser.demo_login import log_in

pytestmark = pytest.mark.browser

STEERING_GROUP = "Koncernledelsesforum"


def no_wider_than_the_page(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_a_secretary_writes_the_minutes_on_one_page(
    page, live_server, demo_data, assert_accessible, screenshot_dir
):
    meeting = Meeting.objects.get(body__name=STEERING_GROUP, status=Meeting.Status.HELD)
    items = list(meeting.items.order_by("position"))
    evaluation, anything_else = items[0], items[1]
    closed = next(item for item in items if item.is_closed)
    AgendaItem.objects.filter(pk=evaluation.pk).update(
        recommendation_by="Koncerndirektionen",
        recommendation="at spørgeskemaet sendes ud til sygehusene og socialområdet.",
        decision_points="Spørgeskemaet sendes ud i marts\nSvarene samles af Tværsektorielt Samarbejde",
    )
    AgendaItem.objects.filter(pk__in=[item.pk for item in items]).update(decision="")
    minutes_url = reverse("meetings:minutes_write", args=[meeting.pk])

    log_in(page, live_server, "sekretariat.syd", meeting.get_absolute_url())
    page.locator(f'main a[href="{minutes_url}"]').first.click()
    expect(page).to_have_url(f"{live_server.url}{minutes_url}")
    expect(page.locator("main h1")).to_contain_text("Skriv referatet")
    # Every item with its texts beside its own field; the closed item says so in words.
    expect(page.locator("main article.minutes-item")).to_have_count(len(items))
    expect(page.locator(f"#item-{closed.pk} h2")).to_contain_text("Lukket punkt")
    expect(page.locator(f"#item-{evaluation.pk} .recommendation-lines")).to_contain_text(
        "at spørgeskemaet sendes ud"
    )
    expect(page.locator(f"#item-{evaluation.pk} ol.decision-points li")).to_have_count(2)
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "minutes_page_1280.png"), full_page=True)

    # Text typed in another item is not sent with this one: "Eventuelt" stays as it was.
    page.locator(f"main textarea[name=item-{anything_else.pk}-decision]").fill("Ikke gemt endnu.")
    page.locator(f"#item-{evaluation.pk} button[name=recommendation_approved]").click()
    expect(page.locator("main .messages .alert-success")).to_contain_text("punkt 1")
    expect(page.locator(f"main textarea[name=item-{evaluation.pk}-decision]")).to_have_value(
        "Indstillingen blev godkendt."
    )
    anything_else.refresh_from_db()
    assert anything_else.decision == ""
    assert_accessible(page)

    # A colleague saves "Eventuelt" while this secretary writes it: told, nothing overwritten, text kept.
    field = page.locator(f"main textarea[name=item-{anything_else.pk}-decision]")
    field.fill("Formanden orienterede om næste møde.")
    colleague = AgendaItem.objects.get(pk=anything_else.pk)
    save_decision(colleague, "Intet under eventuelt.", colleague.version)
    page.locator(f"#item-{anything_else.pk} form button[type=submit]").first.click()
    conflict = page.locator(f"#item-{anything_else.pk} .conflict")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".their-text")).to_contain_text("Intet under eventuelt.")
    expect(field).to_have_value("Formanden orienterede om næste møde.")
    anything_else.refresh_from_db()
    assert anything_else.decision == "Intet under eventuelt."
    assert_accessible(page)
    conflict_shot = screenshot_dir / "minutes_page_conflict.png"
    page.locator(f"#item-{anything_else.pk}").screenshot(path=str(conflict_shot))
    # Saving again replaces theirs on purpose.
    field.fill("Intet under eventuelt. Formanden orienterede om næste møde.")
    page.locator(f"#item-{anything_else.pk} form button[type=submit]").first.click()
    expect(page.locator("main .messages .alert-success")).to_contain_text("punkt 2")
    anything_else.refresh_from_db()
    assert anything_else.decision == "Intet under eventuelt. Formanden orienterede om næste møde."
    evaluation.refresh_from_db()
    assert evaluation.decision == "Indstillingen blev godkendt."

    # At a phone's width the texts and the field stack; nothing is wider than the page.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{minutes_url}")
    no_wider_than_the_page(page)
    texts = page.locator(f"#item-{evaluation.pk} .item-texts").bounding_box()
    form = page.locator(f"#item-{evaluation.pk} .decision-form").bounding_box()
    assert form["y"] >= texts["y"] + texts["height"] - 1  # below, not beside
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "minutes_page_390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{minutes_url}")
    texts = page.locator(f"#item-{evaluation.pk} .item-texts").bounding_box()
    form = page.locator(f"#item-{evaluation.pk} .decision-form").bounding_box()
    assert form["x"] > texts["x"] + texts["width"] - 1  # beside
    assert re.search(r"Beslutninger skrevet: 2 af \d+ punkter", page.locator("main").inner_text())
