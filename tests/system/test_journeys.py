"""The three roles' journeys over real HTTP against gunicorn, on the demo data (tests/system/conftest.py).

Pages are reached by following the links on the pages before them, as a user does; the demo data's
Danish names and the pages' structure (hrefs, form fields) are what is checked.
"""

import re
import time

from volunteers.demo import DEMO_PASSWORD

from .conftest import download_link


def h1(page):
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S)
    assert match, f"no <h1> on {page.url}"
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip()


def test_healthz_and_security_headers(browser):
    answer = browser.get("/healthz")

    assert answer.status == 200
    login = browser.get("/konto/login/")
    assert login.status == 200
    assert "frame-ancestors 'none'" in login.headers["Content-Security-Policy"]
    assert login.headers["X-Frame-Options"] == "DENY"
    # DEBUG is off: an unknown page is the app's own 404, not Django's debug page.
    missing = browser.get("/ingen-side-her/")
    assert missing.status in (302, 404)
    assert "Traceback" not in missing.text and "DEBUG = True" not in missing.text


def test_static_files_are_served_hashed_and_compressed(browser):
    login = browser.get("/konto/login/")
    stylesheets = login.links(r"/static/.+\.[0-9a-f]{12}\.css")
    assert stylesheets, "the login page links no hashed stylesheet (collectstatic's manifest)"

    answer = browser.get(stylesheets[0], headers={"Accept-Encoding": "gzip"})

    assert answer.status == 200
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in answer.headers["Cache-Control"]


def test_a_wrong_password_does_not_log_in(browser):
    form = browser.get("/konto/login/")

    answer = browser.post("/konto/login/", {"username": "koordinator.syd", "password": "forkert"}, form)

    assert answer.status == 200
    assert answer.path == "/konto/login/"
    assert browser.get("/frivillige/").path.startswith("/konto/login/?next=")


def test_a_page_needs_a_login_and_leads_back_to_it(browser):
    answer = browser.get("/frivillige/")
    assert answer.path == "/konto/login/?next=/frivillige/"

    logged_in = browser.post(
        answer.path,
        {"username": "koordinator.syd", "password": DEMO_PASSWORD, "next": "/frivillige/"},
        answer,
    )

    assert logged_in.status == 200
    assert logged_in.path == "/frivillige/"


def test_coordinator_journey(browser):
    home = browser.log_in("koordinator.syd")
    assert "Region Syddanmark" in home.text

    volunteers = browser.get("/frivillige/")
    assert volunteers.status == 200
    first = volunteers.link(r"/frivillige/\d+/")
    name = re.search(rf'href="{first}"[^>]*>\s*([^<]+?)\s*<', volunteers.text).group(1)
    volunteer = browser.get(first)
    assert volunteer.status == 200
    assert h1(volunteer) == name

    agreements = browser.get("/samarbejdsaftaler/")
    assert agreements.status == 200
    agreement = browser.get(agreements.link(r"/samarbejdsaftaler/\d+/"))
    assert agreement.status == 200
    # The worker makes the PDF: the link leads to its waiting page, then to the download.
    waiting = browser.get(agreement.link(r"/samarbejdsaftaler/\d+/aftale/"))
    pdf = browser.get(download_link(browser, waiting))
    assert pdf.status == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF-")
    assert len(pdf.body) > 1000

    # Another organisation's volunteer does not exist for this coordinator.
    browser_midt = type(browser)(browser.base_url)
    browser_midt.log_in("koordinator.midt")
    assert browser_midt.get(first).status == 404


def test_secretariat_journey_with_a_public_consultation_response(system, browser):
    browser.log_in("sekretariat.midt")
    strategies = browser.get("/strategier/")
    assert strategies.status == 200
    # The strategy under consultation is the one whose page links to a consultation.
    for href in strategies.links(r"/strategier/\d+/"):
        strategy = browser.get(href)
        assert strategy.status == 200
        if strategy.links(r"/hoeringer/\d+/"):
            break
    else:
        raise AssertionError("no strategy links to a consultation")
    commission = browser.get(strategy.link(r"/kommissorier/\d+/"))
    assert commission.status == 200
    consultation_path = strategy.link(r"/hoeringer/\d+/")
    consultation = browser.get(consultation_path)
    assert consultation.status == 200
    public_path = consultation.link(r"/hoering/[\w-]+/")

    # Anyone answers the consultation without logging in.
    citizen = system.browser()
    form = citizen.get(public_path)
    assert form.status == 200
    started = re.search(r'name="started" value="([^"]*)"', form.text).group(1)
    time.sleep(3.5)  # the form refuses answers sent faster than a person types (a spam check)
    text = "Systemtest: frivillige i sektorovergange skal have en fast kontaktperson."
    thanks = citizen.post(
        public_path,
        {
            "name": "Karen Systemtest",
            "organisation_name": "",
            "email": "karen.systemtest@example.org",
            "text": text,
            "homepage": "",
            "started": started,
        },
        form,
    )
    assert thanks.status == 200, thanks.text[:1000]
    assert thanks.path == f"{public_path}tak/"

    # The secretariat sees the response on the consultation's page.
    consultation = browser.get(consultation_path)
    assert "Karen Systemtest" in consultation.text
    rows = system.query("SELECT id, name, email FROM strategies_consultationresponse WHERE text = %s", text)
    [(pk, name, email)] = rows
    assert (name, email) == ("Karen Systemtest", "karen.systemtest@example.org")
    # The demo's own responses wait beside it; the secretariat opens this one from the page.
    response = browser.get(consultation.link(rf"/hoeringssvar/{pk}/"))
    assert response.status == 200
    assert text in response.text


def test_steering_group_journey(system, browser):
    home = browser.log_in("styregruppe.syd")
    assert "Koncernledelsesforum" in home.text
    strategies = browser.get("/strategier/")
    dashboards = []
    for href in strategies.links(r"/strategier/\d+/"):
        dashboards += browser.get(href).links(r"/opfoelgning/strategier/\d+/")
    assert dashboards, "no strategy links to its follow-up dashboard"

    dashboard = browser.get(dashboards[0])
    assert dashboard.status == 200
    report_path = dashboard.link(r"/statusrapporter/\d+/")
    report = browser.get(report_path)
    assert report.status == 200
    report_id = int(re.search(r"\d+", report_path).group())
    [(unit,)] = system.query(
        "SELECT u.name FROM evaluation_statusreport r"
        " JOIN volunteers_unit u ON u.id = r.unit_id WHERE r.id = %s",
        report_id,
    )
    assert unit in report.text
