"""Irreversible steps ask first (issue 12): a page of their own says what will happen (who is told, what
is locked); a GET or a one-click POST from elsewhere changes nothing; only the page's own button takes the
step. The steps keep their access (404 for another organisation, 403 for read-only roles)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from agreements.models import Agreement
from evaluation.models import StatusReport
from meetings.models import Meeting, Membership
from strategies.models import Strategy
from tests.followup import follow_up


def login(client, region, role):
    client.force_login(region.users[role])
    return client


def page_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_publishing_the_agenda_names_the_members_told_and_locks_it(client, region, other_region):
    meeting = region.meeting
    secretary = region.users["secretariat"]
    Membership.objects.create(body=region.body, name="Mette Lauridsen", user=secretary)
    Membership.objects.create(body=region.body, name="Lars Holm", email="lars.holm@example.org")
    Membership.objects.create(
        body=region.body, name="Tidligere medlem", email="gone@example.org", end=date(2020, 1, 1)
    )
    address = reverse("meetings:meeting_step", args=[meeting.pk, "publish"])
    login(client, region, "secretariat")
    detail = page_of(client.get(meeting.get_absolute_url()))
    assert f'<a class="btn btn-primary" href="{address}">' in detail  # a link, not a one-click form

    for response in (client.get(address), client.post(address)):  # the page; a POST without it only shows it
        page = page_of(response)
        assert escape(f"{secretary.get_full_name()} får besked i frivillig") in page
        assert "lars.holm@example.org får en e-mail" in page
        assert "gone@example.org" not in page  # no longer a member on the meeting's day
        assert "Derefter er dagsordenen låst" in page
        assert "medlemmer uden login får dagsordenen tilsendt som PDF" in page
        assert f'href="{meeting.get_absolute_url()}"' in page  # cancel
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.DRAFT

    response = client.post(address, {"confirmed": "1"}, follow=True)
    assert "Medlemmer med login får besked med et link til den" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED

    other = reverse("meetings:meeting_step", args=[other_region.meeting.pk, "publish"])
    assert client.get(other).status_code == 404
    assert login(client, region, "steering_group").get(address).status_code == 403


def test_approving_the_minutes_asks_first(client, region):
    meeting = region.meeting
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
    address = reverse("meetings:meeting_step", args=[meeting.pk, "approve"])
    login(client, region, "secretariat")
    data = {"approved_by": "Udvalget", "approved_on": meeting.date.isoformat()}
    page = page_of(client.post(address, data))
    assert "Et godkendt referat er låst" in page
    assert 'value="Udvalget"' in page  # what was typed is kept on the confirmation page
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_DRAFTED
    assert client.post(address, {**data, "confirmed": "1"}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes_approved_by) == (Meeting.Status.MINUTES_APPROVED, "Udvalget")


def test_approving_a_strategy_says_what_it_locks_and_replaces(client, region):
    strategy = region.strategy
    address = reverse("strategies:strategy_approve", args=[strategy.pk])
    login(client, region, "secretariat")
    data = {"approval-approved_on": "2019-03-12"}
    for response in (client.get(address), client.post(address, data)):
        page = page_of(response)
        assert "Tekst, fokusområder og effektmål låses" in page
        assert escape(f"»{region.approved_strategy}« markeres som erstattet") in page
        strategy.refresh_from_db()
        assert strategy.status == Strategy.Status.DRAFT
    assert client.post(address, {**data, "confirmed": "1"}).status_code == 302
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.APPROVED


def test_activating_and_ending_an_agreement_ask_first(client, region, other_region):
    agreement = region.agreement
    Agreement.objects.filter(pk=agreement.pk).update(
        status=Agreement.Status.APPROVED, tr_dialogue_on=date(2026, 1, 10), approved_on=date(2026, 1, 15)
    )
    agreement.refresh_from_db()
    login(client, region, "coordinator")
    activate = reverse("agreements:agreement_activate", args=[agreement.pk])
    assert f'href="{activate}"' in page_of(client.get(agreement.get_absolute_url()))
    for response in (client.get(activate), client.post(activate)):
        page = page_of(response)
        assert "Aftalen gælder fra nu" in page
        assert region.users["coordinator"].get_full_name() in page  # gets the review reminders
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.APPROVED
    assert client.post(activate, {"confirmed": "1"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE

    end = reverse("agreements:agreement_end", args=[agreement.pk])
    page = page_of(client.post(end, {"end-ended_on": "2026-06-30"}))
    assert "kan derefter ikke ændres, evalueres eller aktiveres igen" in page
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    assert client.post(end, {"end-ended_on": "2026-06-30", "confirmed": "1"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED

    other = reverse("agreements:agreement_activate", args=[other_region.agreement.pk])
    assert client.get(other).status_code == 404
    assert login(client, region, "steering_group").get(activate).status_code == 403


def test_activating_an_agreement_that_starts_later_names_its_start(client, region):
    Agreement.objects.filter(pk=region.agreement.pk).update(
        status=Agreement.Status.APPROVED,
        tr_dialogue_on=date(2026, 1, 10),
        approved_on=date(2026, 1, 15),
        start_date=date(2099, 1, 4),
        review_date=date(2100, 1, 4),
    )
    page = page_of(
        login(client, region, "coordinator").get(
            reverse("agreements:agreement_activate", args=[region.agreement.pk])
        )
    )
    assert "Aftalen gælder fra sin startdato, 4. januar 2099" in page
    assert "gælder fra nu" not in page


@pytest.mark.parametrize("how", ["get", "post"])
def test_accepting_a_report_names_the_coordinators_told(client, region, how):
    report = follow_up(region).report
    coordinator = region.users["coordinator"]
    StatusReport.objects.filter(pk=report.pk).update(
        status=StatusReport.Status.SUBMITTED, submitted_by=coordinator
    )
    address = reverse("evaluation:report_decide", args=[report.pk])
    login(client, region, "secretariat")
    response = client.get(address) if how == "get" else client.post(address, {"decision": "accept"})
    page = page_of(response)
    assert escape(f"{coordinator.get_full_name()} får besked i frivillig") in page
    assert "Rapporten låses" in page
    report.refresh_from_db()
    assert report.status == StatusReport.Status.SUBMITTED
    assert client.post(address, {"decision": "accept", "confirmed": "1"}).status_code == 302
    report.refresh_from_db()
    assert report.status == StatusReport.Status.ACCEPTED
