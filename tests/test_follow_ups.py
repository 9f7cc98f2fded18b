"""Decisions, recommendations and tasks followed up (issue 14): status changes with dated notes, the
reminders (exactly once), the start page, the body's page, the agenda item "Opfølgning på beslutninger",
the list's filters and its .xlsx export."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from meetings import follow_ups
from meetings import tasks as meeting_tasks
from meetings.models import AgendaItem, Body, FollowUp, Meeting
from tests.factories import FollowUpFactory
from volunteers.models import HandOff, Notification, NotificationKind, Role

S = FollowUp.Status


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def secretary(client, region):
    client.force_login(region.users[Role.SECRETARIAT])
    return client


@pytest.fixture
def sent(eager_celery, django_capture_on_commit_callbacks):
    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def follow_up(body, title, status=S.OPEN, days=None, **fields):
    """A follow-up of the body, due ``days`` from today (None: no due date)."""
    deadline = None if days is None else timezone.localdate() + timedelta(days=days)
    return FollowUp.objects.create(
        body=body,
        title=title,
        owner=fields.pop("owner", "Sekretariatet"),
        status=status,
        deadline=deadline,
        **fields,
    )


def page(client, address, **params):
    response = client.get(address, params)
    assert response.status_code == 200
    return response.content.decode()


# --- the workflow ----------------------------------------------------------------------------------------


def test_a_decision_is_followed_from_open_to_done_with_dated_notes(secretary, region):
    today = timezone.localdate()
    data = {"kind": "decision", "title": "Litteraturstudiet eftersendes", "owner": "Sundhedsplanlægning"}
    assert secretary.post(url("task_create", region.item.pk), {**data, "deadline": today}).status_code == 302
    decision = FollowUp.objects.get()
    assert (decision.kind, decision.body, decision.item, decision.status) == (
        FollowUp.Kind.DECISION,
        region.body,
        region.item,
        S.OPEN,
    )
    status_url = url("follow_up_status", decision.pk)
    started = today - timedelta(days=3)
    response = secretary.post(
        status_url, {"status": S.IN_PROGRESS, "date": started, "note": "Under skrivning."}
    )
    assert response["Location"] == decision.get_absolute_url()
    response = secretary.post(status_url, {"status": S.DONE, "date": today, "note": "Sendt til udvalget."})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.done_on) == (S.DONE, today)
    notes = list(decision.notes.values_list("date", "status", "note", "created_by"))
    secretariat = region.users[Role.SECRETARIAT].pk
    assert notes == [
        (started, S.IN_PROGRESS, "Under skrivning.", secretariat),
        (today, S.DONE, "Sendt til udvalget.", secretariat),
    ]
    detail = page(secretary, decision.get_absolute_url())
    history = detail[detail.index('id="notes-title"') :]
    assert history.index("Under skrivning.") < history.index("Sendt til udvalget.")
    assert date_format(started) in history and "I gang" in history and "Gennemført" in history
    # Opened again: no longer done.
    decision.change_status(S.OPEN, "Udvalget ønsker mere.", None)
    decision.refresh_from_db()
    assert (decision.status, decision.done_on) == (S.OPEN, None)


def test_dropping_needs_a_reason_and_a_date_not_in_the_future(secretary, region):
    task = FollowUpFactory(item=region.item)
    status_url = url("follow_up_status", task.pk)
    today = timezone.localdate()
    response = secretary.post(status_url, {"status": S.DROPPED, "date": today, "note": ""})
    assert response.status_code == 200 and "Skriv, hvorfor det opgives." in response.content.decode()
    response = secretary.post(status_url, {"status": S.OPEN, "date": today, "note": ""})
    assert "Vælg en anden status" in response.content.decode()
    tomorrow = today + timedelta(days=1)
    response = secretary.post(status_url, {"status": S.DONE, "date": tomorrow, "note": "x"})
    assert "Datoen må ikke ligge i fremtiden." in response.content.decode()
    assert not task.notes.exists()
    response = secretary.post(
        status_url, {"status": S.DROPPED, "date": today, "note": "Ikke længere aktuelt."}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.done_on, task.notes.get().note) == (S.DROPPED, None, "Ikke længere aktuelt.")


def test_a_recommendation_from_a_report_is_created_for_the_body_and_edited(secretary, region):
    data = {
        "kind": "recommendation",
        "title": "Strategien revideres, så den også omhandler samskabelse.",
        "source": "Afrapportering fra det midlertidige udvalg, afsnit 3",
        "owner": "Sundhedsplanlægning",
        "deadline": "",
    }
    response = secretary.post(url("follow_up_create", region.body.pk), data)
    recommendation = FollowUp.objects.get()
    assert response["Location"] == recommendation.get_absolute_url()
    assert (recommendation.body, recommendation.item, recommendation.deadline) == (region.body, None, None)
    detail = page(secretary, recommendation.get_absolute_url())
    assert "Afrapportering fra det midlertidige udvalg, afsnit 3" in detail and "Ingen frist" in detail
    edit = {**data, "owner": "Direktionen", "deadline": "2030-01-31"}
    assert secretary.post(url("follow_up_edit", recommendation.pk), edit).status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.owner, recommendation.deadline) == ("Direktionen", date(2030, 1, 31))


def test_the_steering_group_reads_but_changes_nothing(client, region, other_region):
    task = FollowUpFactory(item=region.item)
    client.force_login(region.users[Role.STEERING_GROUP])
    detail = page(client, task.get_absolute_url())
    assert 'id="status-title"' not in detail
    today = timezone.localdate()
    assert client.post(url("follow_up_status", task.pk), {"status": S.DONE, "date": today}).status_code == 403
    assert client.post(url("task_done", task.pk)).status_code == 403
    assert client.post(url("follow_up_agenda_item", region.meeting.pk)).status_code == 403
    task.refresh_from_db()
    assert task.status == S.OPEN and not task.notes.exists()
    assert region.meeting.items.count() == 1
    # Another organisation's follow-up does not exist for the secretariat.
    other = FollowUpFactory(item=other_region.item)
    client.force_login(region.users[Role.SECRETARIAT])
    assert (
        client.post(url("follow_up_status", other.pk), {"status": S.DONE, "date": today}).status_code == 404
    )
    assert client.post(url("task_done", other.pk)).status_code == 404
    assert client.post(url("follow_up_agenda_item", other_region.meeting.pk)).status_code == 404
    other.refresh_from_db()
    assert other.status == S.OPEN


# --- reminders -----------------------------------------------------------------------------------------


def test_the_overdue_reminder_is_sent_once_per_follow_up_and_due_date(region, sent):
    assignee = region.users[Role.STEERING_GROUP]
    due = date(2026, 12, 1)
    late = FollowUpFactory(item=region.item, assignee=assignee, deadline=due, title="Sen")
    on_its_own = FollowUp.objects.create(
        body=region.body, title="Anbefaling 1", owner="Direktionen", assignee=assignee, deadline=due
    )
    done = FollowUpFactory(item=region.item, assignee=assignee, deadline=due, title="Færdig")
    done.change_status(S.DONE, "", None, on=due)
    dropped = FollowUpFactory(item=region.item, assignee=assignee, deadline=due, title="Opgivet")
    dropped.change_status(S.DROPPED, "Ikke aktuel", None, on=due)
    FollowUp.objects.create(body=region.body, title="Uden frist", owner="X", assignee=assignee)

    sent(meeting_tasks.sweep, today=due)  # due today: not overdue yet
    assert not HandOff.objects.filter(kind=NotificationKind.TASK_OVERDUE).exists()
    for day in (2, 3, 3):
        sent(meeting_tasks.sweep, today=date(2026, 12, day))
    overdue = HandOff.objects.filter(kind=NotificationKind.TASK_OVERDUE)
    assert sorted(overdue.values_list("url", flat=True)) == sorted(
        [late.get_absolute_url(), on_its_own.get_absolute_url()]
    )
    assert all(handoff.recipient == assignee for handoff in overdue)
    # In progress is still unfinished; a new due date is a new reminder, once.
    late.change_status(S.IN_PROGRESS, "", None, on=date(2026, 12, 3))
    FollowUp.objects.filter(pk=late.pk).update(deadline=date(2026, 12, 10))
    for _run in range(2):
        sent(meeting_tasks.sweep, today=date(2026, 12, 11))
    assert HandOff.objects.filter(kind=NotificationKind.TASK_OVERDUE).count() == 3


def test_an_assignee_is_told_of_a_follow_up_without_item_or_due_date(secretary, region, sent):
    assignee = region.users[Role.STEERING_GROUP]
    data = {"kind": "recommendation", "title": "Åbenhedsprincip", "owner": "X", "assignee": assignee.pk}
    response = sent(secretary.post, url("follow_up_create", region.body.pk), data)
    assert response.status_code == 302
    recommendation = FollowUp.objects.get()
    notification = Notification.objects.get(user=assignee)
    assert notification.url == recommendation.get_absolute_url()
    assert "Åbenhedsprincip" in notification.message and region.body.name in notification.message
    sent(meeting_tasks.sweep, today=date(2099, 1, 1))
    assert not HandOff.objects.filter(kind=NotificationKind.TASK_OVERDUE).exists()


# --- where open and overdue ones are shown ---------------------------------------------------------------


def test_the_start_page_lists_the_overdue_ones_only(secretary, region, other_region):
    follow_up(region.body, "Sen anbefaling", days=-10)
    follow_up(region.body, "Sen men i gang", status=S.IN_PROGRESS, days=-2)
    follow_up(region.body, "Sen men opgivet", status=S.DROPPED, days=-5)
    follow_up(region.body, "Sen men gennemført", status=S.DONE, days=-5)
    follow_up(region.body, "Kommende", days=5)
    follow_up(region.body, "Uden frist")
    follow_up(other_region.body, "Andens sene", days=-10)
    home = page(secretary, reverse("home"))
    overdue = home[home.index('id="tasks-title"') : home.index("</section>", home.index('id="tasks-title"'))]
    assert overdue.index("Sen anbefaling") < overdue.index("Sen men i gang")
    for absent in ["opgivet", "gennemført", "Kommende", "Uden frist", "Andens sene"]:
        assert absent not in overdue
    assert "2 beslutninger, anbefalinger og opgaver har overskredet fristen." in overdue
    assert "Overskredet" in overdue  # said in words, not colour only


def test_the_body_page_lists_its_open_ones(secretary, region):
    other_body = Body.objects.create(organisation=region.organisation, name="Andet organ", kind="forum")
    follow_up(region.body, "Åben beslutning", days=3)
    follow_up(region.body, "Igangværende anbefaling", status=S.IN_PROGRESS)
    follow_up(region.body, "Gennemført opgave", status=S.DONE)
    follow_up(region.body, "Opgivet opgave", status=S.DROPPED)
    follow_up(other_body, "Et andet organs opgave")
    body_page = page(secretary, region.body.get_absolute_url())
    section = body_page[body_page.index('id="follow-ups-title"') :]
    assert "Åben beslutning" in section and "Igangværende anbefaling" in section
    for absent in ["Gennemført opgave", "Opgivet opgave", "Et andet organs opgave"]:
        assert absent not in section
    assert url("follow_up_create", region.body.pk) in section


def test_a_draft_agenda_gets_an_item_listing_the_open_ones(secretary, region):
    meeting = region.meeting
    first = follow_up(region.body, "Litteraturstudiet eftersendes", days=10, owner="Sundhedsplanlægning")
    follow_up(region.body, "Formen på afrapportering", status=S.IN_PROGRESS, owner="Udvalget")
    follow_up(region.body, "Gennemført opgave", status=S.DONE)
    meeting_page = page(secretary, meeting.get_absolute_url())
    assert "Tilføj punkt: Opfølgning på beslutninger" in meeting_page
    assert "Organet har 2 åbne beslutninger" in meeting_page

    response = secretary.post(url("follow_up_agenda_item", meeting.pk))
    item = meeting.items.get(title="Opfølgning på beslutninger")
    assert response["Location"] == f"{meeting.get_absolute_url()}#item-{item.pk}"
    assert item.position == 2  # after the fixture's item
    lines = item.case_presentation.splitlines()
    assert lines[0] == "Åbne beslutninger, anbefalinger og opgaver:"
    assert lines[2] == (
        "- Litteraturstudiet eftersendes (ansvarlig: Sundhedsplanlægning; "
        f"frist {date_format(first.deadline)}; status: åben)"
    )
    assert lines[3] == "- Formen på afrapportering (ansvarlig: Udvalget; status: i gang)"
    assert "Gennemført opgave" not in item.case_presentation
    assert "Opdater punktet »Opfølgning på beslutninger«" in page(secretary, meeting.get_absolute_url())

    # Added again: the same item, written anew from the follow-ups as they are now.
    first.change_status(S.DONE, "", None)
    secretary.post(url("follow_up_agenda_item", meeting.pk))
    item.refresh_from_db()
    assert meeting.items.filter(title="Opfølgning på beslutninger").count() == 1
    assert "Litteraturstudiet" not in item.case_presentation and "Formen" in item.case_presentation

    # A published agenda is locked.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    assert secretary.post(url("follow_up_agenda_item", meeting.pk)).status_code == 409


def test_the_agenda_item_says_when_nothing_is_open(region):
    item, created = follow_ups.add_agenda_item(region.meeting)
    assert created and item.case_presentation == "Ingen beslutninger, anbefalinger eller opgaver er åbne."
    assert AgendaItem.objects.filter(meeting=region.meeting).count() == 2


# --- the list, its filters and export --------------------------------------------------------------------


@pytest.fixture
def several(region, other_region):
    other_body = Body.objects.create(organisation=region.organisation, name="Arbejdsgruppen", kind="forum")
    return {
        "late": follow_up(region.body, "Sen beslutning", days=-3, kind=FollowUp.Kind.DECISION),
        "coming": follow_up(region.body, "Kommende opgave", days=20, kind=FollowUp.Kind.TASK),
        "done": follow_up(
            region.body, "Gennemført anbefaling", status=S.DONE, kind=FollowUp.Kind.RECOMMENDATION
        ),
        "elsewhere": follow_up(other_body, "Arbejdsgruppens anbefaling", kind=FollowUp.Kind.RECOMMENDATION),
        "other": follow_up(other_region.body, "Andens beslutning", days=-3),
        "other_body": other_body,
    }


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {"late", "coming", "done", "elsewhere"}),
        ({"status": "unfinished"}, {"late", "coming", "elsewhere"}),
        ({"status": "done"}, {"done"}),
        ({"kind": "recommendation"}, {"done", "elsewhere"}),
        ({"overdue": "yes"}, {"late"}),
        ({"overdue": "no", "kind": "task"}, {"coming"}),
        ({"q": "arbejdsgruppens"}, {"elsewhere"}),
    ],
)
def test_the_list_filters(secretary, several, params, expected):
    listed = page(secretary, url("follow_up_list"), **params)
    shown = {name for name, row in several.items() if name != "other_body" and row.title in listed}
    assert shown == expected


def test_the_list_filters_by_body(secretary, several):
    listed = page(secretary, url("follow_up_list"), body=several["other_body"].pk)
    assert "Arbejdsgruppens anbefaling" in listed and "Sen beslutning" not in listed


def test_the_export_writes_the_filtered_list(secretary, several):
    several["late"].change_status(S.IN_PROGRESS, "Rykket", None)
    response = secretary.get(url("follow_up_export"), {"status": "unfinished", "sort": "deadline"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="opfoelgning-' in response["Content-Disposition"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("Tekst", "Type", "Organ", "Ansvarlig", "Frist", "Status")
    titles = [row[0] for row in rows[1:]]
    assert titles == ["Sen beslutning", "Kommende opgave", "Arbejdsgruppens anbefaling"]  # no due date last
    late = dict(zip(header, rows[1], strict=True))
    assert late["Status"] == "I gang" and late["Overskredet"] == "Ja"
    assert late["Frist"].date() == several["late"].deadline
    assert late["Seneste note"].endswith(": Rykket")
    assert "Andens beslutning" not in titles


def test_the_list_issues_the_same_queries_for_3_and_30_follow_ups(secretary, region):
    for n in range(3):
        follow_up(region.body, f"Punkt {n}", days=n)
    with CaptureQueriesContext(connection) as small:
        page(secretary, url("follow_up_list"))
    for n in range(3, 30):
        FollowUpFactory(item=region.item, title=f"Fra mødet {n}")
    with CaptureQueriesContext(connection) as large:
        page(secretary, url("follow_up_list"))
    assert len(large) == len(small) <= 12
