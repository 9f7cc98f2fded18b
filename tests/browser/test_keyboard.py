"""A coordinator's journey with the keyboard alone, on the demo data: Tab (and Shift+Tab), typing, Enter
and Space, never a click. Every element that gets focus on the way must show it (a non-zero outline or a
box shadow), every step must land on the page it should (URL and heading), and every page passes axe-core.

Links are found by their hrefs and the demo data's own names, not by interface strings, as in
test_journeys.py.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agreements.models import Agreement
from evaluation.models import StatusReport
from volunteers.demo import DEMO_PASSWORD
from volunteers.models import Unit, Volunteer

pytestmark = pytest.mark.browser

#: The most Tab presses allowed to reach the next element: a page's menus, filters and tables included.
MAX_TABS = 200

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" ? parseFloat(style.outlineWidth) || 0 : 0;
    return {
        description: element.outerHTML.slice(0, 160),
        outline: outline,
        shadow: style.boxShadow,
        isBody: element === document.body,
        states: [element.matches(":focus"), element.matches(":focus-visible"), document.hasFocus()],
        // Chromium's date fields have a calendar button of their own in the tab order, inside the field's
        // closed shadow tree: the field stays document.activeElement without matching :focus, and the
        // browser draws the button's focus ring itself (no style of the page reaches it).
        pickerButton: /^(date|time|datetime-local|month|week)$/.test(element.type)
            && !element.matches(":focus"),
    };
}"""


def focus_is_visible(focused):
    return focused["pickerButton"] or focused["outline"] > 0 or focused["shadow"] not in ("", "none")


def assert_focus_visible(page, focused=None):
    """The focused element shows it: an outline or a box shadow, within half a second (a style may
    take a frame to apply after the key press)."""
    focused = focused or page.evaluate(FOCUSED)
    for _ in range(10):
        if focused["isBody"] or focus_is_visible(focused):
            break
        page.wait_for_timeout(50)
        focused = page.evaluate(FOCUSED)
    assert not focused["isBody"], "focus was lost to the page's body"
    assert focus_is_visible(focused), (
        f"focus is not visible on {focused['description']} (outline {focused['outline']}px, "
        f"box-shadow {focused['shadow']!r}) {focused['states']}"
    )


def tab_to(page, selector, backwards=False):
    """Press Tab (Shift+Tab if backwards) until the focused element matches the CSS selector, checking at
    each stop that focus is visible; returns the focused element's locator.

    Past the page's last element focus leaves the document (for the browser's own controls) and the next
    Tab brings it back at the top: one such stop on the body is allowed, two in a row mean focus is stuck."""
    outside = False
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        if focused["isBody"] and not outside:
            outside = True
            continue
        outside = False
        assert_focus_visible(page, focused)
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return page.locator(":focus")
    raise AssertionError(f"{MAX_TABS} presses of Tab on {page.url} never reached {selector}")


def follow(page, live_server, selector, heading=None, backwards=False):
    """Tab to a link, press Enter and check that the page it names opened, with the heading expected (by
    default the link's own text, as for the main menu's sections)."""
    link = tab_to(page, selector, backwards)
    href = link.get_attribute("href")
    heading = heading or link.inner_text().strip()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{href}")
    expect(page.locator("main h1")).to_have_text(heading)
    return href


def test_a_coordinator_works_with_the_keyboard_alone(page, live_server, demo_data, assert_accessible):
    unit = Unit.objects.get(organisation__name="Region Syddanmark", name="Sygehus Lillebælt")

    # The login page: the skip link is the first tab stop, shown when focused, and moves focus to <main>,
    # from where the next Tab stops inside it (the form), not back in the header.
    page.goto(f"{live_server.url}{reverse('login')}")
    assert_accessible(page)
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    assert_focus_visible(page)
    box = skip_link.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10, "the focused skip link must be visible"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    assert_focus_visible(page)

    # Log in: the user name, Tab, the password, Enter.
    page.keyboard.press("Shift+Tab")  # back to <main>, whatever the first stop in it was
    tab_to(page, "main input[name=username]")
    page.keyboard.type("koordinator.syd")
    tab_to(page, "main input[name=password]")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    # The skip link's #main stays in the address through the login's redirect, as browsers keep a fragment.
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url + reverse('home'))}(#main)?$"))
    expect(page.locator("main h1")).to_have_text(re.compile("Mette"))
    assert_accessible(page)

    # Through the main menu to the volunteers.
    volunteer_list = reverse("volunteers:volunteer_list")
    follow(page, live_server, f'header nav a[href="{volunteer_list}"]')
    expect(page.locator(f'header nav a[href="{volunteer_list}"]')).to_have_attribute("aria-current", "page")
    assert_accessible(page)

    # Open the first volunteer of the list.
    volunteer_link = 'main table a[href^="/frivillige/"]'
    first = page.locator(volunteer_link).first
    volunteer = Volunteer.objects.get(
        pk=int(re.search(r"/frivillige/(\d+)/", first.get_attribute("href"))[1])
    )
    follow(page, live_server, volunteer_link, str(volunteer))
    assert_accessible(page)

    # Edit a field and save: the phone number, typed over the old one; Space presses the save button.
    edit = reverse("volunteers:volunteer_edit", args=[volunteer.pk])
    follow(page, live_server, f'main a[href="{edit}"]', re.compile(re.escape(volunteer.first_name)))
    assert_accessible(page)
    tab_to(page, "main input[name=phone]")
    page.keyboard.press("Control+A")
    page.keyboard.type("+45 12 34 56 78")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Space")
    expect(page).to_have_url(f"{live_server.url}{volunteer.get_absolute_url()}")
    expect(page.locator("main .messages .alert-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("+45 12 34 56 78")
    assert_accessible(page)
    volunteer.refresh_from_db()
    assert volunteer.phone == "+45 12 34 56 78"

    # The agreements, through the menu, and the first of them.
    agreement_list = reverse("agreements:agreement_list")
    follow(page, live_server, f'header nav a[href="{agreement_list}"]')
    assert_accessible(page)
    agreement_link = 'main table a[href^="/samarbejdsaftaler/"]'
    href = page.locator(agreement_link).first.get_attribute("href")
    agreement = Agreement.objects.get(pk=int(re.search(r"/samarbejdsaftaler/(\d+)/", href)[1]))
    assert agreement.unit == unit or agreement.unit.parent == unit
    follow(page, live_server, agreement_link, str(agreement))
    assert_accessible(page)

    # The status reports the unit owes, through the menu: the newest period's report is opened, or started
    # if the unit has not begun it yet (the button leads to the report's form).
    report_list = reverse("evaluation:report_list")
    follow(page, live_server, f'header nav a[href="{report_list}"]')
    assert_accessible(page)
    newest = page.locator("#owed-reports tbody tr").first
    expect(newest.locator("th")).to_have_text(unit.name)
    period = newest.locator("td").first.inner_text().split(" (")[0]
    tab_to(page, "#owed-reports tbody tr:first-child :is(a, button)")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/statusrapporter/\d+/(rediger/)?$"))
    expect(page.locator("main h1")).to_contain_text(f"{unit.name}, {period}")
    assert_accessible(page)
    report = StatusReport.objects.get(unit=unit, pk=int(re.search(r"/statusrapporter/(\d+)/", page.url)[1]))
    assert str(report.period) == period
