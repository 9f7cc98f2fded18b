"""Logging in as one of the demo logins through the real login form, for the browser journeys."""

from django.urls import reverse
from playwright.sync_api import expect

from volunteers.demo import DEMO_PASSWORD


def log_in(page, live_server, username, next_page=None):
    """Submit the login form and wait for the page it leads to (the start page unless `next_page`)."""
    login = f"{live_server.url}{reverse('login')}"
    page.goto(f"{login}?next={next_page}" if next_page else login)
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{next_page or reverse('home')}")
