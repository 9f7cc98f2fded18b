"""End-to-end journeys in a real browser, on the demo data, each page checked with axe-core.

Texts are located by structure (input names, hrefs, ids) or by the demo data's own Danish names,
not by interface strings, so the tests hold before and after the Danish translation is finished.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.second_factor import set_up_app
from volunteers.models import Unit, User

pytestmark = pytest.mark.browser

PASSWORD = "frivillig-demo"


def url(live_server, name, *args):
    return f"{live_server.url}{reverse(name, args=args)}"


def submit_main_form(page):
    """Click the submit button of the form in <main> (the header also has language/logout forms)."""
    page.locator("main form button[type=submit]").click()


def fill_login(page, username, password):
    # By label, so that the labels' association with the fields is tested too (crispy adds "*").
    page.get_by_label(re.compile(r"Brugernavn|Username")).fill(username)
    page.get_by_label(re.compile(r"Adgangskode|Password")).fill(password)
    submit_main_form(page)


def log_in(page, live_server, assert_accessible, username):
    """Log in through the login page and land on the start page, both checked with axe."""
    page.goto(url(live_server, "login"))
    assert_accessible(page)
    fill_login(page, username, PASSWORD)
    if User.objects.get(username=username).is_administrator:
        # An administrator's password login goes on to the second factor, set up the first time.
        set_up_app(page, live_server, assert_accessible)
    expect(page).to_have_url(url(live_server, "home"))
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page)


def main_menu_link(page, href):
    return page.locator(f'header nav a[href="{href}"]')


ROLES = {
    "coordinator": (
        "koordinator.syd",
        lambda page: page.get_by_role("region", name="Mine enheder").get_by_role(
            "link", name="Sygehus Lillebælt", exact=True
        ),
    ),
    "secretariat": (
        "sekretariat.syd",
        lambda page: page.locator("main").get_by_role(
            "link", name="Arbejdsgruppen for revision af Frivillighedsstrategien"
        ),
    ),
    "steering_group": (
        "styregruppe.syd",
        lambda page: page.locator("main").get_by_role("link", name="Koncernledelsesforum"),
    ),
    "administrator": (
        "admin.syd",
        lambda page: page.locator("main").get_by_role("link", name="Koncernledelsesforum"),
    ),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_logs_in_to_its_start_page(
    role, page, live_server, demo_data, assert_accessible, screenshot_dir
):
    username, role_content = ROLES[role]

    log_in(page, live_server, assert_accessible, username)

    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(role_content(page)).to_be_visible()
    expect(page.locator("header")).to_contain_text("Region Syddanmark")
    page.screenshot(path=str(screenshot_dir / f"{role}.png"), full_page=True)


def test_coordinator_corrects_an_invalid_email(page, live_server, demo_data, assert_accessible):
    unit = Unit.objects.get(organisation__name="Region Syddanmark", name="Sygehus Lillebælt")
    log_in(page, live_server, assert_accessible, "koordinator.syd")

    page.get_by_role("region", name="Mine enheder").get_by_role(
        "link", name="Sygehus Lillebælt", exact=True
    ).click()
    expect(page).to_have_url(url(live_server, "volunteers:unit_detail", unit.pk))
    expect(page.locator("main h1")).to_have_text("Sygehus Lillebælt")
    assert_accessible(page)

    page.locator(f'main a[href="{reverse("volunteers:unit_edit", args=[unit.pk])}"]').click()
    expect(page).to_have_url(url(live_server, "volunteers:unit_edit", unit.pk))
    assert_accessible(page)

    email = page.locator("main input[name=email]")
    email.fill("ikke-en-adresse")
    submit_main_form(page)

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.locator('a[href="#id_email"]')).to_have_count(1)
    expect(email).to_have_value("ikke-en-adresse")
    expect(email).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    email.fill("frivillig@rsyd.dk")
    submit_main_form(page)

    expect(page).to_have_url(url(live_server, "volunteers:unit_detail", unit.pk))
    success = page.locator("main .messages .alert-success")
    expect(success).to_be_visible()
    expect(success).to_contain_text("Sygehus Lillebælt")
    expect(page.locator("main dl")).to_contain_text("frivillig@rsyd.dk")
    assert_accessible(page)
    unit.refresh_from_db()
    assert unit.email == "frivillig@rsyd.dk"


def test_secretariat_navigates_units_organisations_and_bodies(
    page, live_server, demo_data, assert_accessible
):
    log_in(page, live_server, assert_accessible, "sekretariat.midt")

    unit_list = reverse("volunteers:unit_list")
    main_menu_link(page, unit_list).click()
    expect(page).to_have_url(f"{live_server.url}{unit_list}")
    expect(main_menu_link(page, unit_list)).to_have_attribute("aria-current", "page")
    expect(
        page.locator("main table").get_by_role("link", name="Akutafdelingen, Regionshospital Horsens")
    ).to_be_visible()
    assert_accessible(page)

    organisation_list = reverse("volunteers:volunteer_organisation_list")
    main_menu_link(page, organisation_list).click()
    expect(page).to_have_url(f"{live_server.url}{organisation_list}")
    expect(page.locator("main table")).to_contain_text("Frivilligkorpset ved Regionshospital Horsens")
    assert_accessible(page)

    body_list = reverse("meetings:body_list")
    main_menu_link(page, body_list).click()
    expect(page).to_have_url(f"{live_server.url}{body_list}")
    committee = "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet"
    expect(page.locator("main table").get_by_role("link")).to_have_count(4)
    assert_accessible(page)

    page.locator("main table").get_by_role("link", name=committee).click()
    expect(page.locator("main h1")).to_have_text(committee)
    members = page.locator("#members tbody tr")
    expect(members).to_have_count(7)
    chair = members.filter(has_text="Erik Vinther")
    expect(chair).to_have_count(1)
    expect(chair).to_contain_text("(V)")
    assert_accessible(page)


# Not the login page: its user name field has `autofocus` (Django's AuthenticationForm), so focus
# starts there and the first Tab goes on to the password field.
@pytest.mark.parametrize("where", ["password_reset", "start"])
def test_skip_link_is_first_and_moves_focus_to_main(where, page, live_server, demo_data, assert_accessible):
    if where == "start":
        log_in(page, live_server, assert_accessible, "koordinator.syd")
        page.reload()
    else:
        page.goto(url(live_server, where))
    assert_accessible(page)

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")
    box = skip_link.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10, "the focused skip link must be visible"

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_language_switch_posts_the_form_without_javascript(browser, live_server, demo_data):
    # JavaScript off: the switch must work as a plain form post. axe needs JavaScript, so the
    # pages visited here are checked in a second, ordinary context below.
    context = browser.new_context(locale="da-DK", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url(live_server, "login"))
        fill_login(page, "koordinator.syd", PASSWORD)
        expect(page).to_have_url(url(live_server, "home"))
        expect(page.locator("html")).to_have_attribute("lang", "da")

        form = page.locator("form.language-form")
        expect(form).to_have_attribute("method", "post")
        expect(form).to_have_attribute("action", reverse("set_language"))
        expect(form.locator("input[name=next]")).to_have_value(reverse("home"))

        form.locator("select[name=language]").select_option("en")
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(url(live_server, "home"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(form.locator("select[name=language]")).to_have_value("en")
        assert {"name": "frivillig_language", "value": "en"}.items() <= next(
            cookie for cookie in context.cookies() if cookie["name"] == "frivillig_language"
        ).items()

        form.locator("select[name=language]").select_option("da")
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(url(live_server, "home"))
        expect(page.locator("html")).to_have_attribute("lang", "da")
    finally:
        context.close()


def test_language_switch_pages_are_accessible(page, live_server, demo_data, assert_accessible):
    log_in(page, live_server, assert_accessible, "koordinator.syd")
    form = page.locator("form.language-form")
    form.locator("select[name=language]").select_option("en")
    form.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)

    form.locator("select[name=language]").select_option("da")
    form.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    assert_accessible(page)


def test_failed_login_shows_an_accessible_error(page, live_server, demo_data, assert_accessible):
    page.goto(url(live_server, "login"))
    assert_accessible(page)

    fill_login(page, "koordinator.syd", "forkert-adgangskode")

    expect(page).to_have_url(url(live_server, "login"))
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.locator("li")).to_have_count(1)
    expect(page.locator("main input[name=username]")).to_have_value("koordinator.syd")
    expect(page.locator("main input[name=password]")).to_have_value("")
    expect(page.locator("header")).not_to_contain_text("Region Syddanmark")
    assert_accessible(page)
