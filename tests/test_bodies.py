"""Bodies, their members and seat quotas, and meeting plans."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Body, Meeting, MeetingPlan, Membership, SeatCategory
from meetings.seats import check_seats, seat_day

#: Seed 000: the working group that revises Region Syddanmark's volunteering strategy.
SEED_000 = [
    ("Ledelsesrepræsentanter fra sygehusene", 5, "Koncernledelsesforum", True),
    ("Kommunale ledelsesrepræsentanter", 4, "Sundhedsstrategisk Forum", False),
    ("Frivilligrepræsentanter", 2, "", False),
    ("Medarbejderrepræsentanter (somatik og psykiatri)", 2, "", False),
    ("Ledelsesrepræsentant fra Sundhedsplanlægning", 1, "", False),
    ("Ledelsesrepræsentant fra HR", 1, "", False),
    ("Ledelsesrepræsentant fra Socialområdet", 1, "", False),
    ("Ledelsesrepræsentant fra Tværsektorielt Samarbejde", 1, "", False),
    ("Jurist fra Råds- og direktionssekretariatet", 1, "", False),
    ("Sekretærer fra Tværsektorielt Samarbejde", 2, "", False),
]
TODAY = date(2026, 6, 1)


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def working_group(region):
    body = Body.objects.create(
        organisation=region.organisation,
        name="Arbejdsgruppe for Frivillighedsstrategien",
        kind="working_group",
    )
    for position, (name, required, appointed_by, includes_chair) in enumerate(SEED_000):
        SeatCategory.objects.create(
            body=body,
            name=name,
            required=required,
            appointed_by=appointed_by,
            includes_chair=includes_chair,
            position=position,
        )
    return body


def fill(body, category_name, count, role=Membership.Role.MEMBER, **fields):
    category = body.seat_categories.get(name=category_name)
    return [
        Membership.objects.create(
            body=body, name=f"{category_name} {i + 1}", role=role, seat_category=category, **fields
        )
        for i in range(count)
    ]


def check(body, today=TODAY):
    return check_seats(list(body.seat_categories.all()), list(body.memberships.all()), today)


# --- the seat-quota checker -------------------------------------------------------------------


def test_seed_000_seats_when_empty(working_group):
    result = check(working_group)
    assert result.required == 20  # 5 + 4 + 2 + 2 + 1 + 1 + 1 + 1 + 1 + 2
    assert result.filled == 0
    assert [q.empty for q in result.quotas] == [5, 4, 2, 2, 1, 1, 1, 1, 1, 2]
    assert len(result.warnings) == 10
    assert not result.missing_chair  # no members at all: nothing to chair yet


def test_seed_000_seats_filled_with_a_chair(working_group):
    fill(working_group, SEED_000[0][0], 1, role=Membership.Role.CHAIR)
    fill(working_group, SEED_000[0][0], 4)
    for name, required, _by, _chair in SEED_000[1:]:
        fill(working_group, name, required)
    result = check(working_group)
    assert result.filled == result.required == 20
    assert all(q.empty == q.extra == 0 for q in result.quotas)
    assert result.warnings == []


def test_extra_members_unseated_members_and_missing_chair(working_group):
    fill(working_group, "Frivilligrepræsentanter", 3)
    Membership.objects.create(body=working_group, name="Uden plads")
    result = check(working_group)
    volunteers = next(q for q in result.quotas if q.category.name == "Frivilligrepræsentanter")
    assert (volunteers.filled, volunteers.extra, volunteers.empty) == (3, 1, 0)
    assert [m.name for m in result.without_seat] == ["Uden plads"]
    assert result.missing_chair
    text = " ".join(result.warnings)
    assert "Frivilligrepræsentanter" in text and "Uden plads" in text


def test_members_whose_term_has_ended_leave_their_seat(working_group):
    fill(working_group, "Ledelsesrepræsentant fra HR", 1, end=TODAY - timedelta(days=1))
    hr = next(q for q in check(working_group).quotas if q.category.name == "Ledelsesrepræsentant fra HR")
    assert hr.filled == 0 and hr.empty == 1


def test_a_body_without_categories_warns_only_about_its_chair(region):
    forum = Body.objects.create(organisation=region.organisation, name="Forum", kind="forum")
    Membership.objects.create(body=forum, name="Formand", role=Membership.Role.CHAIR)
    assert check(forum).warnings == []
    Membership.objects.filter(body=forum).update(role=Membership.Role.MEMBER)
    assert check(forum).missing_chair and len(check(forum).warnings) == 1


# --- pages --------------------------------------------------------------------------------------


def test_body_page_shows_quotas_warnings_and_members(client, region, working_group):
    fill(working_group, SEED_000[0][0], 2, represents="OUH", appointed_by="Koncernledelsesforum")
    client.force_login(region.users["secretariat"])
    response = client.get(working_group.get_absolute_url())
    content = response.content.decode()
    assert 'id="seat-quotas"' in content
    assert "OUH" in content and "Koncernledelsesforum" in content
    seats = response.context["seats"]
    assert (seats.filled, seats.required, seats.quotas[0].filled, seats.missing_chair) == (2, 20, 2, True)
    assert 'id="seat-warnings"' in content
    # The secretariat sees the members' private calendar links and can make new ones.
    membership = working_group.memberships.first()
    assert membership.calendar_token in content
    assert url("membership_calendar_reset", membership.pk) in content


def test_steering_group_reads_the_body_but_gets_no_links_or_buttons(client, region):
    client.force_login(region.users["steering_group"])
    content = client.get(region.body.get_absolute_url()).content.decode()
    assert region.body.memberships.first().calendar_token not in content
    assert url("body_edit", region.body.pk) not in content


def test_secretariat_creates_and_edits_a_body(client, region):
    client.force_login(region.users["secretariat"])
    response = client.post(
        url("body_create"),
        {
            "name": "Arbejdsgruppen",
            "kind": "working_group",
            "term_start": "2026-01-01",
            "term_end": "2026-12-31",
        },
    )
    body = Body.objects.get(name="Arbejdsgruppen")
    assert response.url == body.get_absolute_url()
    assert body.organisation == region.organisation
    response = client.post(url("body_edit", body.pk), {"name": "Arbejdsgruppen", "kind": "forum"})
    body.refresh_from_db()
    assert body.kind == "forum"


def test_a_body_name_is_unique_in_the_organisation_and_a_term_ends_after_it_starts(client, region):
    client.force_login(region.users["secretariat"])
    response = client.post(
        url("body_create"),
        {"name": region.body.name, "kind": "forum", "term_start": "2026-12-31", "term_end": "2026-01-01"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "term_end"}
    assert Body.objects.filter(organisation=region.organisation).count() == 1


def test_the_steering_group_cannot_change_by_post(client, region):
    client.force_login(region.users["steering_group"])
    assert client.post(url("body_edit", region.body.pk), {"name": "X", "kind": "forum"}).status_code == 403
    assert client.post(url("membership_create", region.body.pk), {"name": "X"}).status_code == 403
    assert client.post(url("plan_detail", region.plan.pk), {"title": "X"}).status_code == 403
    assert client.post(url("plan_approve", region.plan.pk), {}).status_code == 403
    region.body.refresh_from_db()
    assert region.body.name != "X" and not region.body.memberships.filter(name="X").exists()


def member_data(**fields):
    return {"name": "Mette Lauridsen", "role": "member", "represents": "Sygehus Lillebælt", **fields}


def test_secretariat_adds_a_member_to_a_seat(client, region):
    client.force_login(region.users["secretariat"])
    user = region.users["secretariat"]
    response = client.post(
        url("membership_create", region.body.pk),
        member_data(seat_category=region.seat_category.pk, user=user.pk, start="2026-01-01"),
    )
    assert response.status_code == 302
    membership = Membership.objects.get(name="Mette Lauridsen")
    assert (membership.body, membership.seat_category, membership.user) == (
        region.body,
        region.seat_category,
        user,
    )


def test_a_member_from_another_organisation_or_body_is_a_form_error(client, region, other_region):
    client.force_login(region.users["secretariat"])
    response = client.post(
        url("membership_create", region.body.pk),
        member_data(user=other_region.users["secretariat"].pk, seat_category=other_region.seat_category.pk),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"user", "seat_category"}
    assert form["represents"].value() == "Sygehus Lillebælt"  # what was typed is kept
    assert not Membership.objects.filter(name="Mette Lauridsen").exists()


def test_a_seat_category_over_its_number_is_a_form_error(client, region):
    region.seat_category.required = 1  # Erik Vinther holds the only seat
    region.seat_category.save()
    client.force_login(region.users["secretariat"])
    response = client.post(
        url("membership_create", region.body.pk), member_data(seat_category=region.seat_category.pk)
    )
    assert response.status_code == 200
    assert "seat_category" in response.context["form"].errors
    assert 'id="error-summary"' in response.content.decode()
    assert region.body.memberships.count() == 1
    # Editing the member who holds the seat keeps it; one whose term has ended leaves it free.
    erik = region.body.memberships.get()
    response = client.post(
        url("membership_edit", erik.pk),
        member_data(name="Erik Vinther", role="chair", seat_category=region.seat_category.pk),
    )
    assert response.status_code == 302
    erik.end = timezone.localdate() - timedelta(days=1)
    erik.save()
    response = client.post(
        url("membership_create", region.body.pk), member_data(seat_category=region.seat_category.pk)
    )
    assert response.status_code == 302


def test_secretariat_adds_and_edits_a_seat_category(client, region):
    client.force_login(region.users["secretariat"])
    data = {"name": "Frivilligrepræsentanter", "required": 2, "appointed_by": "", "position": 2}
    assert client.post(url("seat_category_create", region.body.pk), data).status_code == 302
    category = region.body.seat_categories.get(name="Frivilligrepræsentanter")
    response = client.post(url("seat_category_edit", category.pk), {**data, "required": 0})
    assert "required" in response.context["form"].errors
    client.post(url("seat_category_edit", category.pk), {**data, "required": 3})
    category.refresh_from_db()
    assert category.required == 3
    # A name used twice in one body is a form error, not a database error.
    response = client.post(url("seat_category_create", region.body.pk), data)
    assert "name" in response.context["form"].errors


def test_a_new_calendar_address_revokes_the_old(client, region):
    membership = region.body.memberships.get()
    old = membership.calendar_token
    client.force_login(region.users["secretariat"])
    response = client.post(url("membership_calendar_reset", membership.pk))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.calendar_token != old
    client.logout()
    assert client.get(url("body_calendar_feed", old)).status_code == 404
    assert client.get(url("body_calendar_feed", membership.calendar_token)).status_code == 200


def test_outsiders_cannot_reset_a_calendar_address(client, region, other_region):
    membership = other_region.body.memberships.get()
    client.force_login(region.users["secretariat"])
    assert client.post(url("membership_calendar_reset", membership.pk)).status_code == 404
    assert Membership.objects.get(pk=membership.pk).calendar_token == membership.calendar_token


# --- meeting plans ------------------------------------------------------------------------------

#: Seed 003: the committee's meetings in 2020-21, all 9.00-12.00.
SEED_003_DATES = ["2020-08-18", "2020-10-27", "2021-01-26", "2021-03-23", "2021-06-08", "2021-09-28"]


def plan_data(rows, title="Mødeplan 2020-2021", initial=0):
    data = {
        "title": title,
        "meetings-TOTAL_FORMS": len(rows),
        "meetings-INITIAL_FORMS": initial,
        "meetings-MIN_NUM_FORMS": 0,
        "meetings-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update({f"meetings-{i}-{key}": value for key, value in row.items()})
    return data


def row(day, start="09:00", end="12:00", place="Regionshuset Viborg"):
    return {"date": day, "start_time": start, "end_time": end, "place": place}


@pytest.fixture
def committee(region):
    return Body.objects.create(
        organisation=region.organisation,
        name="Udvalg vedrørende samarbejde med civilsamfundet",
        kind="political_committee",
        term_start=date(2020, 1, 1),
        term_end=date(2021, 12, 31),
    )


def test_secretariat_plans_a_year_of_meetings_in_one_form(client, region, committee):
    client.force_login(region.users["secretariat"])
    assert len(client.get(url("plan_create", committee.pk)).context["formset"].forms) == 6
    response = client.post(url("plan_create", committee.pk), plan_data([row(d) for d in SEED_003_DATES]))
    plan = MeetingPlan.objects.get(body=committee)
    assert response.url == url("plan_detail", plan.pk)
    assert [m.date.isoformat() for m in plan.meetings.all()] == SEED_003_DATES
    assert {(m.start_time, m.end_time, m.body_id) for m in plan.meetings.all()} == {
        (time(9), time(12), committee.pk)
    }


def test_meeting_rows_outside_the_term_or_at_the_same_time_are_errors(client, region, committee):
    Meeting.objects.create(body=committee, date=date(2020, 10, 27), start_time=time(10), end_time=time(11))
    client.force_login(region.users["secretariat"])
    rows = [row("2022-02-01"), row("2020-10-27"), row("2021-01-26"), row("2021-01-26", "11:00", "13:00")]
    response = client.post(url("plan_create", committee.pk), plan_data(rows))
    assert response.status_code == 200
    errors = [form.errors for form in response.context["formset"].forms]
    assert "date" in errors[0]  # outside the body's term
    assert "start_time" in errors[1]  # the body already meets then
    assert errors[2] == {} and "start_time" in errors[3]  # two rows at the same time
    content = response.content.decode()
    assert 'id="error-summary"' in content and 'value="2022-02-01"' in content
    assert not MeetingPlan.objects.filter(body=committee).exists()
    assert committee.meetings.count() == 1


def test_an_approved_plan_is_fixed(client, region):
    plan, meeting = region.plan, region.meeting
    client.force_login(region.users["secretariat"])
    # Before approval the plan's page is where meetings are added and removed.
    assert "formset" in client.get(url("plan_detail", plan.pk)).context
    response = client.post(url("plan_approve", plan.pk), {"approved_by": "", "approved_on": ""})
    assert response.status_code == 200 and set(response.context["approval_form"].errors) == {
        "approved_by",
        "approved_on",
    }
    response = client.post(
        url("plan_approve", plan.pk), {"approved_by": "Styregruppen", "approved_on": "2026-02-01"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_approved and plan.approved_by == "Styregruppen"

    response = client.get(url("plan_detail", plan.pk))
    assert "formset" not in response.context
    assert 'id="plan-status"' in response.content.decode()
    # A POST that would remove the meeting and add another changes nothing.
    data = plan_data(
        [{**row("2026-09-01"), "id": meeting.pk, "DELETE": "on"}, row("2026-10-01")], title="Ny", initial=1
    )
    client.post(url("plan_detail", plan.pk), data)
    assert list(plan.meetings.all()) == [meeting]
    plan.refresh_from_db()
    assert plan.title == "Mødeplan 2026"


def test_a_meeting_with_an_agenda_is_not_removed_through_the_plan(client, region):
    meeting = region.meeting  # has an agenda item
    client.force_login(region.users["secretariat"])
    data = plan_data(
        [{**row("2026-09-01"), "id": meeting.pk, "DELETE": "on"}], title="Mødeplan 2026", initial=1
    )
    response = client.post(url("plan_detail", region.plan.pk), data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert Meeting.objects.filter(pk=meeting.pk).exists()


# --- query counts ---------------------------------------------------------------------------------


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_body_page_queries_do_not_grow_with_members(client, region, working_group):
    client.force_login(region.users["secretariat"])
    address = working_group.get_absolute_url()
    categories = list(working_group.seat_categories.all())
    user = region.users["coordinator"]
    Membership.objects.create(body=working_group, name="Start", seat_category=categories[0], user=user)
    before = count_queries(client, address)
    Membership.objects.bulk_create(
        Membership(body=working_group, name=f"Medlem {i}", seat_category=categories[i % 10], user=user)
        for i in range(30)
    )
    Meeting.objects.bulk_create(
        Meeting(
            body=working_group,
            date=date(2027, 1, 1) + timedelta(days=i),
            start_time=time(9),
            end_time=time(12),
        )
        for i in range(10)
    )
    assert count_queries(client, address) == before


def test_a_body_whose_term_has_ended_shows_its_seats_as_on_its_last_day(working_group):
    working_group.term_end = date(2019, 6, 30)
    fill(working_group, "Ledelsesrepræsentant fra HR", 1, end=date(2019, 6, 30))
    day = seat_day(working_group, TODAY)
    assert day == date(2019, 6, 30)
    hr = next(q for q in check(working_group, day).quotas if q.category.name == "Ledelsesrepræsentant fra HR")
    assert hr.filled == 1
