"""Malformed input answers 400 or a form error, never 500 (the hardening issue's input guard): the cases
known before tests/test_fuzz.py looked for the rest."""

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.db.models import Exists, OuterRef
from django.urls import reverse

from audit.models import LoginEvent
from evaluation.models import AnswerLink
from tests.factories import FollowUpFactory
from tests.matrix.bodies import _token as calendar_token
from tests.test_consultation import open_consultation, public_url
from tests.test_questionnaire import make_questionnaire
from volunteers.models import Activity, Volunteer

BAD_REQUEST = "Forespørgslen kunne ikke læses"


@pytest.fixture
def region(module_regions):
    """Built once for this module's tests (tests/conftest.py's module_regions)."""
    return module_regions.region


def refused(response):
    return response.status_code == 400 and BAD_REQUEST in response.content.decode()


# --- the middleware: the path, the query and the cookies ------------------------------------------------


@pytest.mark.parametrize("bad", ["%00", "a%00b", "%FF", "%C3", "%ED%A0%80", "%C0%AE"])
def test_a_nul_or_bytes_that_are_not_utf8_in_a_public_path_answer_400(client, region, bad):
    questionnaire = make_questionnaire(region)
    for path in [
        public_url(open_consultation(region)),
        reverse("evaluation:answer", args=[questionnaire.links.first().token]),
        reverse("meetings:body_calendar_feed", kwargs=calendar_token(region)),
    ]:
        token = path.rstrip("/").removesuffix(".ics").rsplit("/", 1)[1]
        assert refused(client.get(path.replace(token, bad))), path


@pytest.mark.parametrize("bad", ["%00", "%FF", "%C3%28"])
@pytest.mark.parametrize(
    "name",
    ["volunteers:volunteer_list", "volunteers:volunteer_export", "agreements:agreement_list", "search"],
)
def test_a_nul_or_bytes_that_are_not_utf8_in_the_query_answer_400(client, region, name, bad):
    client.force_login(region.users["secretariat"])
    url = reverse(name, kwargs={"fmt": "xlsx"} if name.endswith("export") else {})
    assert refused(client.get(f"{url}?q={bad}"))
    assert refused(client.get(f"{url}?page=1&unit={bad}"))


def test_readable_text_passes(client, region):
    client.force_login(region.users["secretariat"])
    url = reverse("volunteers:volunteer_list")
    assert client.get(f"{url}?q=%C3%86r%C3%B8+%F0%9F%98%80").status_code == 200  # "Ærø 😀"
    assert client.get(f"{url}?q=50%25").status_code == 200  # a percent sign in the query


def test_a_nul_in_a_cookie_answers_400_before_the_session_is_read(client, region):
    client.force_login(region.users["secretariat"])
    client.cookies["sessionid"] = client.cookies["sessionid"].value + "\x00"
    assert refused(client.get(reverse("home")))


# --- form fields, hidden ids and a redirect's "next" ----------------------------------------------------


def test_a_tampered_row_of_the_invitations_formset_answers_400_and_changes_nothing(client, region):
    questionnaire = make_questionnaire(region)
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:invited_edit", args=[questionnaire.pk])
    links = list(AnswerLink.objects.filter(questionnaire=questionnaire).order_by("pk"))
    data = {"form-TOTAL_FORMS": len(links), "form-INITIAL_FORMS": len(links)}
    for index, link in enumerate(links):
        data |= {f"form-{index}-id": link.pk, f"form-{index}-invited": 7}
    for tampered in [
        {"form-0-id": "999999"},  # no such link
        {"form-0-id": "abc"},
        {"form-0-id": "9" * 40},
        {"form-0-id": ""},
        {"form-TOTAL_FORMS": len(links) + 1, f"form-{len(links)}-invited": 3},  # a row more
    ]:
        assert client.post(url, {**data, **tampered}).status_code == 400, tampered
    assert not AnswerLink.objects.filter(questionnaire=questionnaire, invited=7).exists()
    assert AnswerLink.objects.filter(questionnaire=questionnaire).count() == len(links)
    assert client.post(url, data).status_code == 302  # the control: the page's own rows are saved
    assert AnswerLink.objects.filter(questionnaire=questionnaire, invited=7).count() == len(links)


def test_a_huge_id_among_the_choices_is_a_form_error(client, region):
    client.force_login(region.users["secretariat"])
    organisation = region.volunteer_organisation
    url = reverse("volunteers:volunteer_organisation_edit", args=[organisation.pk])
    data = {"name": organisation.name, "kind": organisation.kind, "units": ["9" * 40]}
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors["units"]


def test_a_huge_id_in_the_path_is_not_found(client, region):
    assert client.get(reverse("accounts:sign_on_start", args=[10**40])).status_code == 404


@pytest.mark.parametrize("back", ["abc", "' OR 1=1 --", "0"])
def test_a_next_that_is_no_url_of_ours_is_not_looked_up_as_a_view(client, region, back):
    task = FollowUpFactory(item=region.item)
    client.force_login(region.users["secretariat"])
    response = client.post(reverse("meetings:task_done", args=[task.pk]), {"next": back})
    assert response.status_code == 302


def test_a_username_longer_than_a_username_is_refused_on_the_form(client, region):
    attempts, events = AccessAttempt.objects.count(), LoginEvent.objects.count()
    response = client.post(reverse("login"), {"username": "x" * 20_000, "password": "secret"})
    assert response.status_code == 200 and response.context["form"].errors["username"]
    assert (AccessAttempt.objects.count(), LoginEvent.objects.count()) == (attempts, events)


def test_digits_that_int_refuses_are_a_form_error(client, region):
    """str.isdigit() takes "²", which int() refuses: a CVR number of eight such characters."""
    client.force_login(region.users["secretariat"])
    organisation = region.volunteer_organisation
    url = reverse("volunteers:volunteer_organisation_edit", args=[organisation.pk])
    response = client.post(url, {"name": organisation.name, "kind": organisation.kind, "cvr": "1234567²"})
    assert response.status_code == 200 and response.context["form"].errors["cvr"]
    organisation.refresh_from_db()
    assert organisation.cvr != "1234567²"


def test_apologies_for_a_meeting_that_is_no_number_are_not_found(client, region):
    url = reverse("meetings:apologies", kwargs=calendar_token(region))
    for meeting in ["²", "abc", "9" * 40]:
        assert client.post(url, {"meeting": meeting, "action": "apologise"}).status_code == 404


def test_integers_a_column_cannot_hold_match_nothing(region):
    """core.lookups: as Django's own exact, lt, ... on an integer column (SQLite's driver raised
    OverflowError); the lookups still compare columns and ordinary values as before."""
    huge = 10**40
    assert not Volunteer.objects.filter(pk__in=[huge, -huge]).exists()
    assert list(Volunteer.objects.filter(pk__in=[huge, region.volunteer.pk])) == [region.volunteer]
    assert not Volunteer.objects.filter(unit=huge).exists()
    assert Volunteer.objects.filter(unit=region.hospital.pk).exists()
    related = Volunteer.objects.filter(activities__in=Activity.objects.filter(pk=region.activity.pk))
    assert region.volunteer in related
    correlated = Activity.objects.filter(volunteers__pk=OuterRef("pk"))
    assert Volunteer.objects.filter(Exists(correlated.filter(pk=region.activity.pk))).exists()
    # A many-to-many exclude compares the through table's key with the outer row's in a subquery.
    assert region.volunteer not in Volunteer.objects.exclude(activities__pk=region.activity.pk)


def test_any_of_matches_the_rows_of_in(region):
    """core.lookups.AnyOf (scoping's lookup for a coordinator's unit ids): the rows of ``__in`` on a key, a
    foreign key and through a many-to-many, an empty list matching nothing; on PostgreSQL the ids go as
    one array parameter whatever their number."""
    units = [region.hospital.pk, region.department.pk]
    for lookup, values in [
        ("pk", [region.volunteer.pk]),
        ("unit", units),
        ("activities", [region.activity.pk]),
    ]:
        assert list(Volunteer.objects.filter(**{f"{lookup}__any_of": values})) == list(
            Volunteer.objects.filter(**{f"{lookup}__in": values})
        )
        assert not Volunteer.objects.filter(**{f"{lookup}__any_of": []}).exists()
    sql, params = Volunteer.objects.filter(unit__any_of=units * 40).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s)" in sql and len(params) == 1 and sorted(params[0]) == sorted(units * 40)
    else:
        assert (sql, params) == Volunteer.objects.filter(unit__in=units * 40).query.sql_with_params()
