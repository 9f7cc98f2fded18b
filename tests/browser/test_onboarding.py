"""A new municipality gets going on its own (issue 13), in a real browser.

The platform operator creates the organisation with `manage.py create_organisation`, which e-mails the
first administrator an invitation. The administrator follows the link from the e-mail file, chooses a
password, sets up the second step of the login, builds three units and invites a coordinator and a
secretary. The coordinator follows their own link, chooses a password and lands on a start page about
their unit. Every page visited is checked with axe-core.

Links are read from the e-mail files, fields located by their names, and texts by the data's own words.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from volunteers.models import Organisation, Role, Unit, User

pytestmark = pytest.mark.browser

PASSWORD = "Lystrup-plejecenter-2027"
INVITATION = re.compile(r"https?://[^\s/]+(/konto/invitation/[^\s/]+/)")


def invitation_path(mail_dir: Path, address: str) -> str:
    """The path of the newest invitation link e-mailed to the address, from the e-mail files."""
    paths = []
    for file in sorted(mail_dir.glob("*.log"), key=lambda f: f.stat().st_mtime):
        text = file.read_text()
        for message in text.split("-" * 79):
            if f"To: {address}" in message:
                paths += INVITATION.findall(message.replace("=\n", ""))
    assert paths, f"no invitation e-mailed to {address}"
    return paths[-1]


def submit(page, selector="main form button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).last.click()


def accept(page, live_server, path, assert_accessible):
    page.goto(f"{live_server.url}{path}")
    assert_accessible(page)
    page.locator("input[name=new_password1]").fill(PASSWORD)
    page.locator("input[name=new_password2]").fill(PASSWORD)
    submit(page)


@pytest.fixture
def mail_dir(settings, tmp_path, eager_celery):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


def test_a_new_municipality_sets_itself_up(
    browser, page, live_server, transactional_db, mail_dir, assert_accessible, screenshot_dir
):
    call_command(
        "create_organisation",
        "Aarhus Kommune",
        "--kind",
        "municipality",
        "--admin-email",
        "anne.admin@aarhus.example",
        "--admin-name",
        "Anne Andersen",
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - the command prints the link, read here from the e-mail
    )
    aarhus = Organisation.objects.get(name="Aarhus Kommune")

    # The administrator accepts: a password, then the second step of the login (an authenticator app).
    accept(page, live_server, invitation_path(mail_dir, "anne.admin@aarhus.example"), assert_accessible)
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:second_factor_setup"))))
    expect(page.locator("main svg")).to_be_visible()  # the QR code
    assert_accessible(page)
    administrator = User.objects.get(email="anne.admin@aarhus.example")
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    page.locator("input[name=code]").fill(
        f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    )
    submit(page)
    assert_accessible(page)  # the recovery codes, shown once

    # Three units: an area, a nursing home under it and a second area.
    units = [
        ("Sundhed og Omsorg", "municipal_area", ""),
        ("Plejecenter Lystrup", "institution", "Sundhed og Omsorg"),
        ("Kultur og Borgerservice", "municipal_area", ""),
    ]
    for name, kind, parent in units:
        page.goto(f"{live_server.url}{reverse('administration:unit_create')}")
        assert_accessible(page)
        page.locator("input[name=name]").fill(name)
        page.locator("select[name=kind]").select_option(kind)
        if parent:
            page.locator("select[name=parent]").select_option(label=parent)
        submit(page)
    expect(page).to_have_url(f"{live_server.url}{reverse('administration:unit_tree')}")
    tree = page.locator("main")
    for name, _kind, _parent in units:
        expect(tree).to_contain_text(name)
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "onboarding-unit-tree.png"), full_page=True)
    nursing_home = Unit.objects.get(organisation=aarhus, name="Plejecenter Lystrup")
    assert nursing_home.parent.name == "Sundhed og Omsorg"

    # A coordinator for the nursing home and a secretary.
    people = [
        ("Karen Koordinator", "karen@aarhus.example", Role.COORDINATOR, "Plejecenter Lystrup"),
        ("Søren Sekretær", "soeren@aarhus.example", Role.SECRETARIAT, None),
    ]
    for name, email, role, unit in people:
        page.goto(f"{live_server.url}{reverse('administration:user_invite')}")
        assert_accessible(page)
        page.locator("input[name=name]").fill(name)
        page.locator("input[name=email]").fill(email)
        page.locator("select[name=role]").select_option(role)
        if unit:
            page.locator("main label", has_text=unit).click()
        submit(page)
        assert_accessible(page)
    page.goto(f"{live_server.url}{reverse('administration:user_list')}")
    for name, *_ in people:
        expect(page.locator("main")).to_contain_text(name)
    assert_accessible(page)

    # The coordinator, in a browser of their own, accepts and lands on their unit's start page.
    coordinator_context = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844})
    coordinator_page = coordinator_context.new_page()
    try:
        accept(
            coordinator_page,
            live_server,
            invitation_path(mail_dir, "karen@aarhus.example"),
            assert_accessible,
        )
        expect(coordinator_page).to_have_url(f"{live_server.url}{reverse('home')}")
        expect(coordinator_page.locator("main")).to_contain_text("Plejecenter Lystrup")
        expect(coordinator_page.locator("header")).to_contain_text("Aarhus Kommune")
        assert_accessible(coordinator_page)
        coordinator_page.screenshot(path=str(screenshot_dir / "onboarding-coordinator.png"), full_page=True)
    finally:
        coordinator_context.close()
    karen = User.objects.get(email="karen@aarhus.example")
    assert karen.role == Role.COORDINATOR and list(karen.units.all()) == [nursing_home]
    assert karen.invitations.get().accepted_at is not None
    # The secretary has not accepted yet: still invited, without a usable password.
    assert not User.objects.get(email="soeren@aarhus.example").has_usable_password()
