"""The steering group opens the follow-up dashboard of Region Syddanmark's 2019 strategy (demo data),
reads the matrix and a chart's figures, and drills into the status pack; axe-core on the page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evaluation.models import ReportingPeriod
from strategies.models import Strategy
from tests.browser.demo_login import log_in

pytestmark = pytest.mark.browser


def test_the_steering_group_reads_the_dashboard(
    page, live_server, demo_data, screenshot_dir, assert_accessible, eager_celery
):
    strategy = Strategy.objects.get(organisation__name="Region Syddanmark", version="2019")
    url = reverse("evaluation:dashboard", args=[strategy.pk])
    log_in(page, live_server, "styregruppe.syd", next_page=url)
    expect(page.locator("h1")).to_have_count(1)
    matrix = page.locator("table.report-matrix")
    expect(matrix.locator("tbody tr")).to_have_count(strategy.reporting.units.count())
    expect(page.locator("svg[role=img]").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "dashboard.png", full_page=True)
    page.locator("#progress-figure summary").click()
    expect(page.locator("#progress-figure table")).to_be_visible()
    assert_accessible(page)
    period = ReportingPeriod.objects.filter(strategy=strategy).order_by("number").first()
    # The pack is made by the worker (here at once): the waiting page links to it when it is ready.
    page.goto(f"{live_server.url}{reverse('evaluation:status_pack_pdf', args=[period.pk])}")
    download = page.locator('main a[href$="/hent/"]').first
    assert_accessible(page)
    pdf = page.request.get(f"{live_server.url}{download.get_attribute('href')}")
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
