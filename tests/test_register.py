"""The coordinators' register: volunteers, activities, volunteer organisations (issue 3).

Messages are checked by the field they belong to, not by their wording, so that the tests hold in
Danish and English alike.
"""

import csv
import io
import json
from datetime import date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from agreements.models import Agreement
from core.dates import add_months, add_years
from tests.factories import checks_due_on_out_of_step
from volunteers.models import (
    Activity,
    ContactPerson,
    TrainingRecord,
    Unit,
    Volunteer,
    VolunteerOrganisation,
    missing_checks_of,
)
from volunteers.models.register import AGE_BANDS, ALREADY_MISSING, validate_cvr
from volunteers.views.volunteers import VOLUNTEER_COLUMNS

TODAY = timezone.localdate


def make_volunteer(region, activities=(), active_units=(), **fields):
    values = {
        "organisation": region.organisation,
        "unit": region.hospital,
        "first_name": "Anna",
        "last_name": "Jensen",
        "start_date": date(2024, 1, 1),
    }
    volunteer = Volunteer.objects.create(**{**values, **fields})
    volunteer.activities.set(activities)
    volunteer.active_units.set(active_units)
    return volunteer


def volunteer_data(region, **changes):
    """A valid POST for the volunteer form; `changes` override or add fields."""
    data = {
        "first_name": "Mette",
        "last_name": "Lund",
        "email": "mette.lund@example.org",
        "phone": "20 30 40 50",
        "address": "Vestergade 1, 7100 Vejle",
        "birth_year": "1958",
        "gender": "female",
        "unit": region.hospital.pk,
        "active_units": [region.department.pk],
        "affiliation": region.volunteer_organisation.pk,
        "activities": [region.activity.pk],
        "start_date": "2024-02-01",
        "end_date": "",
        "confidentiality_signed_on": "2024-02-01",
        "child_check_assessed_on": "",
        "criminal_check_assessed_on": "",
        "lawful_basis": Volunteer.LawfulBasis.PUBLIC_TASK,
        "purpose": "Koordinering af den frivilliges indsats",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def login(client, region, role="coordinator"):
    client.force_login(region.users[role])


class BodyRows(HTMLParser):
    """The text of each cell of each row in the page's table bodies."""

    def __init__(self, html):
        super().__init__()
        self.rows, self._in_body, self._cell = [], False, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif self._cell is not None and tag in ("td", "th"):
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def shown_rows(client, url):
    return BodyRows(client.get(url).content.decode()).rows


def names_in(response):
    return [str(volunteer) for volunteer, _cells in response.context["rows"]]


# --- model rules ---------------------------------------------------------------------------------


def test_cvr_numbers_are_checked_with_modulus_11(region):
    validate_cvr("20700211")  # Novo Nordisk Fonden's example number: valid
    for bad in ["20700212", "2070021", "207002110", "2070021a", "02070021"]:
        with pytest.raises(ValidationError):
            validate_cvr(bad)
    organisation = VolunteerOrganisation(
        organisation=region.organisation, name="Ny forening", kind="organisation", cvr="20700212"
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert set(error.value.message_dict) == {"cvr"}


def test_check_due_dates_follow_the_organisations_renewal_intervals(region):
    region.organisation.child_check_renewal_years = 2
    region.organisation.criminal_check_renewal_years = 5
    region.organisation.save()
    homes = Activity.objects.create(organisation=region.organisation, name="Hjemmebesøg", involves_homes=True)
    volunteer = make_volunteer(
        region,
        activities=[region.child_activity, homes],
        child_check_assessed_on=date(2022, 5, 1),
        criminal_check_assessed_on=date(2020, 2, 29),
    )
    assert volunteer.child_check_due_on == date(2024, 5, 1)
    assert volunteer.criminal_check_due_on == date(2025, 2, 28)
    volunteer.activities.set([region.activity])
    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    assert volunteer.child_check_due_on is None  # no activity needs it any more
    assert volunteer.criminal_check_due_on is None


def test_missing_checks(region):
    volunteer = make_volunteer(region, activities=[region.child_activity])
    today = date(2025, 6, 1)
    assert len(volunteer.missing_checks(today)) == 2  # confidentiality declaration and child check
    volunteer.confidentiality_signed_on = date(2024, 1, 1)
    volunteer.child_check_assessed_on = date(2022, 6, 1)  # due 1 June 2025: due today
    assert len(volunteer.missing_checks(today)) == 1
    assert volunteer.missing_checks(date(2025, 5, 31)) == []


def test_the_stored_checks_due_on_follows_every_change_it_derives_from(
    region, eager_celery, django_capture_on_commit_callbacks
):
    """Volunteer.checks_due_on, which the lists and start pages filter on, is derived: saving the
    volunteer, changing their activities from either side, an activity's flags and the organisation's
    renewal periods each keep it in step."""
    organisation = region.organisation
    volunteer = make_volunteer(region, activities=[region.child_activity])

    def stored():
        assert checks_due_on_out_of_step(Volunteer.objects.filter(organisation=organisation)) == []
        return Volunteer.objects.values_list("checks_due_on", flat=True).get(pk=volunteer.pk)

    assert stored() == ALREADY_MISSING  # neither the declaration nor the child check
    volunteer.confidentiality_signed_on = date(2024, 1, 1)
    volunteer.child_check_assessed_on = date(2022, 6, 1)
    volunteer.save()
    renewal = add_years(date(2022, 6, 1), organisation.child_check_renewal_years)
    assert stored() == renewal
    volunteer.activities.remove(region.child_activity)
    assert stored() is None and volunteer.checks_due_on is None  # nothing needed any more
    region.child_activity.volunteers.add(volunteer)  # from the activity's side
    assert stored() == renewal
    region.child_activity.volunteers.clear()
    assert stored() is None
    volunteer.activities.set([region.child_activity, region.activity])
    assert stored() == renewal

    region.activity.involves_homes = True  # now every besøgsven needs a criminal-record check
    region.activity.save()
    assert stored() == ALREADY_MISSING
    volunteer.criminal_check_assessed_on = date(2024, 2, 29)
    volunteer.save(update_fields=["criminal_check_assessed_on"])
    assert stored() == renewal  # the child check is due first

    organisation.child_check_renewal_years += 2
    with django_capture_on_commit_callbacks(execute=True):  # refreshed by the worker after the commit
        organisation.save()
    assert stored() == add_years(date(2024, 2, 29), organisation.criminal_check_renewal_years)
    assert Volunteer.objects.missing_checks(stored()).filter(pk=volunteer.pk).exists()
    assert not Volunteer.objects.missing_checks(stored() - timedelta(days=1)).filter(pk=volunteer.pk).exists()


def test_missing_checks_query_agrees_with_the_model(region):
    homes = Activity.objects.create(organisation=region.organisation, name="Hjemmebesøg", involves_homes=True)
    assessed = [
        None,
        date(2020, 2, 29),
        date(2021, 2, 28),
        date(2021, 3, 1),
        date(2022, 6, 30),
        date(2024, 1, 1),
    ]
    for index, day in enumerate(assessed):
        for activities in (
            [region.activity],
            [region.child_activity],
            [homes],
            [region.child_activity, homes],
        ):
            make_volunteer(
                region,
                first_name=f"V{index}",
                activities=activities,
                confidentiality_signed_on=date(2020, 1, 1) if index % 2 else None,
                child_check_assessed_on=day,
                criminal_check_assessed_on=day,
            )
    make_volunteer(region, first_name="Stoppet", end_date=date(2023, 1, 1), start_date=date(2020, 1, 1))
    volunteers = Volunteer.objects.filter(organisation=region.organisation).prefetch_related("activities")
    for today in [
        date(2023, 2, 28),
        date(2024, 2, 28),
        date(2024, 2, 29),
        date(2024, 3, 1),
        date(2025, 6, 30),
    ]:
        expected = {
            v.pk
            for v in volunteers
            if v.status(today) in {Volunteer.Status.ACTIVE, Volunteer.Status.UPCOMING}
            and v.missing_checks(today)
        }
        assert set(volunteers.missing_checks(today).values_list("pk", flat=True)) == expected
        # The start page's labels, from the activities' flags read in one query, are the model's.
        plain = Volunteer.objects.filter(organisation=region.organisation).select_related("organisation")
        assert [(v.pk, labels) for v, labels in missing_checks_of(list(plain.order_by("pk")), today)] == [
            (v.pk, v.missing_checks(today)) for v in volunteers.order_by("pk")
        ]


def test_anonymisation_due_query_agrees_with_the_model(region):
    ends = [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 8, 31), date(2024, 9, 1)]
    for end in ends:
        make_volunteer(region, first_name=str(end), start_date=date(2023, 1, 1), end_date=end)
    for months in (1, 6):
        region.organisation.retention_months = months
        region.organisation.save()
        volunteers = Volunteer.objects.filter(organisation=region.organisation).select_related("organisation")
        for today in [
            date(2024, 2, 29),
            date(2024, 3, 30),
            date(2024, 4, 30),
            date(2024, 8, 31),
            date(2025, 2, 28),
        ]:
            expected = {
                v.pk for v in volunteers if v.anonymisation_due_on and v.anonymisation_due_on <= today
            }
            due = volunteers.due_for_anonymisation(region.organisation, today)
            assert set(due.values_list("pk", flat=True)) == expected, (months, today)


def test_anniversaries(region):
    volunteer = make_volunteer(region, start_date=date(2020, 3, 10))
    assert volunteer.anniversary(date(2025, 3, 1)) == (5, date(2025, 3, 10))
    assert volunteer.anniversary(date(2021, 3, 10)) == (1, date(2021, 3, 10))
    assert volunteer.anniversary(date(2025, 4, 1)) is None
    assert volunteer.anniversary(date(2023, 3, 1)) is None  # three years is no milestone


def test_status(region):
    today = date(2025, 6, 1)
    assert make_volunteer(region, start_date=date(2025, 7, 1)).status(today) == Volunteer.Status.UPCOMING
    assert make_volunteer(region, end_date=date(2025, 6, 1)).status(today) == Volunteer.Status.ACTIVE
    assert make_volunteer(region, end_date=date(2025, 5, 31)).status(today) == Volunteer.Status.ENDED
    anonymised = make_volunteer(region, end_date=date(2024, 5, 31), anonymised_on=date(2025, 1, 1))
    assert anonymised.status(today) == Volunteer.Status.ANONYMISED
    for status in Volunteer.Status:
        in_query = Volunteer.objects.filter(organisation=region.organisation).with_status(status, today)
        assert all(v.status(today) == status for v in in_query)
    assert Volunteer.objects.filter(organisation=region.organisation).with_status("ended", today).count() == 1


def test_anonymise_keeps_what_statistics_count(region):
    volunteer = make_volunteer(
        region,
        email="anna@example.org",
        phone="12345678",
        address="Vejlevej 1",
        birth_year=1950,
        gender="female",
        end_date=date(2024, 6, 30),
        activities=[region.activity],
        active_units=[region.department],
    )
    TrainingRecord.objects.create(volunteer=volunteer, title="Introduktion", completed_on=date(2024, 1, 5))
    volunteer.anonymise()
    volunteer.refresh_from_db()
    assert (
        volunteer.first_name,
        volunteer.last_name,
        volunteer.email,
        volunteer.phone,
        volunteer.address,
    ) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert volunteer.anonymised_on == TODAY()
    assert not volunteer.training_records.exists()
    assert (volunteer.unit, volunteer.birth_year, volunteer.gender) == (region.hospital, 1950, "female")
    assert (volunteer.start_date, volunteer.end_date) == (date(2024, 1, 1), date(2024, 6, 30))
    assert list(volunteer.activities.all()) == [region.activity]


# --- the volunteer form --------------------------------------------------------------------------


def test_coordinator_registers_a_volunteer(client, region):
    login(client, region)
    response = client.post(reverse("volunteers:volunteer_create"), volunteer_data(region))
    volunteer = Volunteer.objects.get(email="mette.lund@example.org")
    assert response.status_code == 302 and response.url == volunteer.get_absolute_url()
    assert volunteer.organisation == region.organisation
    assert (volunteer.unit, volunteer.affiliation, volunteer.birth_year) == (
        region.hospital,
        region.volunteer_organisation,
        1958,
    )
    assert list(volunteer.activities.all()) == [region.activity]
    assert list(volunteer.active_units.all()) == [region.department]


def test_the_volunteer_form_keeps_the_missing_checks_in_step(client, region):
    """Saved with a child activity and no check: among the missing; the check recorded: no longer."""
    login(client, region)
    data = volunteer_data(region, activities=[region.child_activity.pk])
    client.post(reverse("volunteers:volunteer_create"), data)
    volunteer = Volunteer.objects.get(email="mette.lund@example.org")
    assert Volunteer.objects.missing_checks().filter(pk=volunteer.pk).exists()

    edit = reverse("volunteers:volunteer_edit", args=[volunteer.pk])
    response = client.post(edit, {**data, "child_check_assessed_on": TODAY().isoformat()})

    assert response.status_code == 302
    assert not Volunteer.objects.missing_checks().filter(pk=volunteer.pk).exists()
    assert checks_due_on_out_of_step(Volunteer.objects.all()) == []


def test_end_before_start_is_refused_and_what_was_typed_is_kept(client, region):
    login(client, region)
    count = Volunteer.objects.count()
    response = client.post(
        reverse("volunteers:volunteer_create"),
        volunteer_data(region, start_date="2024-05-01", end_date="2024-04-30"),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"end_date"}
    assert Volunteer.objects.count() == count
    html = response.content.decode()
    assert (
        'value="Mette"' in html
        and 'value="2024-04-30"' in html
        and 'value="Vestergade 1, 7100 Vejle"' in html
    )
    assert 'id="error-summary"' in html


def test_a_duplicate_email_is_refused_even_at_a_unit_the_coordinator_cannot_see(client, region):
    make_volunteer(region, unit=region.other_hospital, email="Mette.Lund@example.org")
    login(client, region)
    count = Volunteer.objects.count()
    response = client.post(reverse("volunteers:volunteer_create"), volunteer_data(region))
    assert set(response.context["form"].errors) == {"email"}
    assert Volunteer.objects.count() == count
    html = response.content.decode()
    assert "Jensen" not in html  # the other unit's volunteer is not named
    # Nothing beyond the coordinator's units: only that it exists, and who to ask.
    assert "Der er allerede registreret en frivillig med denne e-mailadresse; spørg sekretariatet." in html
    assert region.other_hospital.name not in html


@pytest.mark.parametrize(("role", "unit"), [("coordinator", "department"), ("secretariat", "other_hospital")])
def test_a_duplicate_email_the_user_can_see_is_simply_refused(client, region, role, unit):
    make_volunteer(region, unit=getattr(region, unit), email="Mette.Lund@example.org")
    login(client, region, role)
    response = client.post(reverse("volunteers:volunteer_create"), volunteer_data(region))
    assert response.context["form"].errors["email"] == [
        "Der er allerede registreret en frivillig med denne e-mailadresse."
    ]


def test_a_duplicate_name_and_birth_year_at_the_same_unit_is_refused(client, region):
    make_volunteer(region, first_name="Mette", last_name="Lund", birth_year=1958)
    login(client, region)
    count = Volunteer.objects.count()
    response = client.post(reverse("volunteers:volunteer_create"), volunteer_data(region, last_name="LUND"))
    assert response.context["form"].non_field_errors()
    assert Volunteer.objects.count() == count
    # The same name and year at another unit may well be another person.
    response = client.post(
        reverse("volunteers:volunteer_create"), volunteer_data(region, unit=region.department.pk)
    )
    assert response.status_code == 302
    assert Volunteer.objects.count() == count + 1


def test_editing_a_volunteer_is_no_duplicate_of_itself(client, region):
    login(client, region)
    data = volunteer_data(region, first_name="Karen", last_name="Holm", email=region.volunteer.email)
    response = client.post(reverse("volunteers:volunteer_edit", args=[region.volunteer.pk]), data)
    assert response.status_code == 302
    region.volunteer.refresh_from_db()
    assert region.volunteer.phone == "20 30 40 50"


def test_a_check_date_needs_an_activity_that_requires_the_check(client, region):
    login(client, region)
    url = reverse("volunteers:volunteer_create")
    count = Volunteer.objects.count()
    data = volunteer_data(
        region, child_check_assessed_on="2024-01-10", criminal_check_assessed_on="2024-01-10"
    )
    response = client.post(url, data)
    assert set(response.context["form"].errors) == {"child_check_assessed_on", "criminal_check_assessed_on"}
    assert Volunteer.objects.count() == count
    data = volunteer_data(region, activities=[region.child_activity.pk], child_check_assessed_on="2024-01-10")
    assert client.post(url, data).status_code == 302
    assert Volunteer.objects.get(email="mette.lund@example.org").child_check_assessed_on == date(2024, 1, 10)


def test_dates_of_checks_cannot_be_in_the_future_and_birth_years_must_be_plausible(client, region):
    login(client, region)
    tomorrow = (TODAY() + timedelta(days=1)).isoformat()
    data = volunteer_data(region, confidentiality_signed_on=tomorrow, birth_year="1850")
    response = client.post(reverse("volunteers:volunteer_create"), data)
    assert set(response.context["form"].errors) == {"confidentiality_signed_on", "birth_year"}


@pytest.mark.parametrize(
    "field, tampered",
    [
        ("unit", lambda r, o: r.other_hospital.pk),
        ("unit", lambda r, o: o.hospital.pk),
        ("active_units", lambda r, o: [r.other_hospital.pk]),
        ("affiliation", lambda r, o: o.volunteer_organisation.pk),
        ("activities", lambda r, o: [o.activity.pk]),
    ],
)
def test_tampered_ids_are_refused_and_nothing_is_saved(client, region, other_region, field, tampered):
    login(client, region)
    count = Volunteer.objects.count()
    data = volunteer_data(region, **{field: tampered(region, other_region)})
    response = client.post(reverse("volunteers:volunteer_create"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {field}
    assert Volunteer.objects.count() == count


def test_another_units_volunteer_cannot_be_changed(client, region, other_region):
    login(client, region)
    for volunteer in (region.other_volunteer, other_region.volunteer):
        for name in ("volunteer_edit", "volunteer_end", "volunteer_training_add", "volunteer_anonymise"):
            url = reverse(f"volunteers:{name}", args=[volunteer.pk])
            data = {
                **volunteer_data(region),
                "end_date": "2025-01-01",
                "title": "x",
                "completed_on": "2024-01-01",
            }
            assert client.post(url, data).status_code == 404, url
        volunteer.refresh_from_db()
        assert volunteer.first_name != "Mette" and volunteer.end_date is None
    assert not TrainingRecord.objects.exists()


def test_the_steering_group_reads_only(client, region):
    login(client, region, "steering_group")
    count = Volunteer.objects.count()
    assert client.post(reverse("volunteers:volunteer_create"), volunteer_data(region)).status_code == 403
    url = reverse("volunteers:volunteer_edit", args=[region.volunteer.pk])
    assert client.post(url, volunteer_data(region)).status_code == 403
    assert Volunteer.objects.count() == count
    region.volunteer.refresh_from_db()
    assert region.volunteer.first_name == "Karen"
    response = client.get(region.volunteer.get_absolute_url())
    assert reverse("volunteers:volunteer_edit", args=[region.volunteer.pk]) not in response.content.decode()


def test_editing_keeps_the_active_units_the_coordinator_cannot_see(client, region):
    region.volunteer.active_units.set([region.other_hospital])
    login(client, region)
    data = volunteer_data(region, first_name="Karen", last_name="Holm", email=region.volunteer.email)
    assert (
        client.post(reverse("volunteers:volunteer_edit", args=[region.volunteer.pk]), data).status_code == 302
    )
    assert set(region.volunteer.active_units.all()) == {region.department, region.other_hospital}


def test_ending_a_volunteers_time(client, region):
    login(client, region)
    url = reverse("volunteers:volunteer_end", args=[region.volunteer.pk])
    response = client.post(url, {"end_date": "2022-01-01"})  # before the start, 1 March 2022
    assert set(response.context["form"].errors) == {"end_date"}
    assert 'value="2022-01-01"' in response.content.decode()
    assert client.post(url, {"end_date": "2024-12-31"}).status_code == 302
    region.volunteer.refresh_from_db()
    assert region.volunteer.end_date == date(2024, 12, 31)


def test_training_records(client, region):
    login(client, region)
    url = reverse("volunteers:volunteer_training_add", args=[region.volunteer.pk])
    response = client.post(url, {"kind": "course", "title": "", "completed_on": "2024-03-01"})
    assert response.status_code == 200
    assert set(response.context["training_form"].errors) == {"title"}
    assert 'value="2024-03-01"' in response.content.decode()
    assert not TrainingRecord.objects.exists()
    response = client.post(url, {"kind": "course", "title": "Demensven", "completed_on": "2024-03-01"})
    assert response.status_code == 302
    record = region.volunteer.training_records.get()
    assert (record.kind, record.title, record.completed_on) == ("course", "Demensven", date(2024, 3, 1))
    assert "Demensven" in client.get(region.volunteer.get_absolute_url()).content.decode()
    login(client, region, "steering_group")
    assert client.post(url, {"kind": "course", "title": "x", "completed_on": "2024-03-01"}).status_code == 403


def test_detail_shows_checks_as_text_with_due_dates(client, region):
    region.organisation.child_check_renewal_years = 3
    region.organisation.save()
    today = TODAY()
    volunteer = make_volunteer(
        region,
        activities=[region.child_activity],
        child_check_assessed_on=add_years(today, -3) - timedelta(days=1),
        start_date=add_years(today, -5) + timedelta(days=10),
    )
    login(client, region)
    response = client.get(volunteer.get_absolute_url())
    states = [check["state"] for check in response.context["checks"]]
    assert len(set(states)) == 3  # confidentiality missing, child check due, criminal check not required
    html = response.content.decode()
    assert all(f"<td>{state}</td>" in html for state in states)
    assert response.context["checks"][1]["due_on"] == add_years(volunteer.child_check_assessed_on, 3)
    assert response.context["checks"][2]["needed"] is False
    assert response.context["anniversary"] == (5, add_years(volunteer.start_date, 5))
    assert response.context["anniversary_soon"]


# --- lists ---------------------------------------------------------------------------------------


def test_a_coordinator_lists_only_their_units_volunteers(client, region, other_region):
    make_volunteer(region, unit=region.department, first_name="Dorte")
    login(client, region)
    response = client.get(reverse("volunteers:volunteer_list"))
    assert names_in(response) == ["Karen Holm", "Dorte Jensen"]
    login(client, region, "secretariat")
    assert set(names_in(client.get(reverse("volunteers:volunteer_list")))) == {
        "Karen Holm",
        "Dorte Jensen",
        "Jens Berg",
    }


def test_the_list_keeps_a_phone_number_on_one_line_and_wraps_an_address_only_after_its_at(client, region):
    make_volunteer(region, first_name="Dorte", phone="27 58 17 90", email="dorte.jensen@example.org")
    login(client, region)
    page = client.get(reverse("volunteers:volunteer_list")).content.decode()
    assert '<td class="text-nowrap">27 58 17 90</td>' in page
    assert "<td>dorte.jensen@<wbr>example.org</td>" in page


def test_list_filters(client, region):
    homes = Activity.objects.create(organisation=region.organisation, name="Hjemmebesøg", involves_homes=True)
    make_volunteer(
        region, unit=region.department, first_name="Dorte", confidentiality_signed_on=date(2024, 1, 1)
    )
    make_volunteer(
        region,
        first_name="Ib",
        active_units=[region.department],
        activities=[homes],
        confidentiality_signed_on=date(2024, 1, 1),
    )
    make_volunteer(
        region, first_name="Else", end_date=date(2024, 6, 30), confidentiality_signed_on=date(2024, 1, 1)
    )
    make_volunteer(region, first_name="Gone", end_date=date(2024, 6, 30), anonymised_on=date(2025, 1, 1))
    make_volunteer(
        region, first_name="Ny", start_date=TODAY() + timedelta(days=30), confidentiality_signed_on=TODAY()
    )
    region.volunteer.confidentiality_signed_on = date(2022, 3, 1)
    region.volunteer.save()
    login(client, region)
    url = reverse("volunteers:volunteer_list")

    def names(**params):
        return sorted(volunteer.first_name for volunteer, _cells in client.get(url, params).context["rows"])

    assert names(unit=region.department.pk) == ["Dorte", "Ib"]  # responsible there, or active there
    assert names(affiliation=region.volunteer_organisation.pk) == ["Karen"]
    assert names(affiliation="null") == ["Dorte", "Else", "Gone", "Ib", "Ny"]
    assert names(activity=homes.pk) == ["Ib"]
    assert names(status="active") == ["Dorte", "Ib", "Karen"]
    assert names(status="ended") == ["Else"]
    assert names(status="anonymised") == ["Gone"]
    assert names(status="upcoming") == ["Ny"]
    assert names(checks="missing") == ["Ib"]  # no criminal-record check for the home visits
    assert names(status="active", unit=region.department.pk, activity=homes.pk) == ["Ib"]
    response = client.get(url, {"unit": region.other_hospital.pk})  # not the coordinator's: refused
    assert "unit" in response.context["listing"].filterset.form.errors
    for tampered in ["abc", "9" * 40, ""]:
        form = client.get(url, {"activity": tampered}).context["listing"].filterset.form
        assert ("activity" in form.errors) is bool(tampered)
    # The chosen option is checked against the options the form lists, not in a query of its own.
    with CaptureQueriesContext(connection) as all_options:
        client.get(url)
    with CaptureQueriesContext(connection) as one_chosen:
        html = client.get(url, {"activity": homes.pk}).content.decode()
    assert f'<option value="{homes.pk}" selected>Hjemmebesøg</option>' in html
    assert len(one_chosen) == len(all_options)


def test_list_search(client, region):
    make_volunteer(region, first_name="Mette", last_name="Lund", email="ml@post.dk", phone="20 30 40 50")
    make_volunteer(region, first_name="Mette", last_name="Berg")
    login(client, region)
    url = reverse("volunteers:volunteer_list")
    assert names_in(client.get(url, {"q": "mette lund"})) == ["Mette Lund"]
    assert names_in(client.get(url, {"q": "POST.DK"})) == ["Mette Lund"]
    assert names_in(client.get(url, {"q": "30 40"})) == ["Mette Lund"]
    assert names_in(client.get(url, {"q": "mette"})) == ["Mette Berg", "Mette Lund"]
    response = client.get(url, {"q": "ingen"})
    assert names_in(response) == [] and 'value="ingen"' in response.content.decode()
    make_volunteer(region, first_name="Jens", last_name="Udland", phone="+46 70 123 45 67")
    assert names_in(client.get(url, {"q": "+46"})) == ["Jens Udland"]


def test_a_search_without_digits_leaves_the_phone_numbers_alone(client, region):
    """So that the names' and e-mail addresses' trigram indexes alone can answer it (PostgreSQL)."""
    login(client, region)
    url = reverse("volunteers:volunteer_list")
    for query, phone_searched in [("lund", False), ("+46", True), ("2030", True)]:
        sql = str(client.get(url, {"q": query}).context["listing"].queryset.query)
        assert ('"phone"' in sql.split("WHERE", 1)[1]) == phone_searched, query


def test_list_sorting(client, region):
    make_volunteer(region, first_name="Anders", last_name="Andersen", start_date=date(2020, 1, 1))
    make_volunteer(region, first_name="Ulla", last_name="Winther", start_date=date(2024, 9, 1))
    login(client, region)
    url = reverse("volunteers:volunteer_list")
    assert names_in(client.get(url)) == ["Anders Andersen", "Karen Holm", "Ulla Winther"]
    assert names_in(client.get(url, {"sort": "-name"})) == ["Ulla Winther", "Karen Holm", "Anders Andersen"]
    response = client.get(url, {"sort": "-start", "q": "e"})
    assert names_in(response) == ["Ulla Winther", "Karen Holm", "Anders Andersen"]
    html = response.content.decode()
    assert 'aria-sort="descending"' in html
    assert "?q=e&amp;sort=start" in html  # the column's link reverses the order and keeps the search
    assert names_in(client.get(url, {"sort": "password"})) == names_in(client.get(url))  # not whitelisted


def test_pagination(client, region):
    for number in range(30):
        make_volunteer(region, first_name=f"Person{number:02}", last_name="Test")
    login(client, region)
    url = reverse("volunteers:volunteer_list")
    first = client.get(url, {"q": "test"})
    second = client.get(url, {"q": "test", "page": "2"})
    assert len(first.context["rows"]) == 25 and len(second.context["rows"]) == 5
    assert set(names_in(first)).isdisjoint(names_in(second))
    html = second.content.decode()
    assert 'aria-current="page"' in html and "?q=test&amp;page=1" in html
    assert len(client.get(url, {"q": "test", "page": "99"}).context["rows"]) == 5  # the last page


@pytest.mark.parametrize("keys_at_once", [1000, 30, 26, 10])
def test_a_search_reads_its_matches_once_when_they_are_few(client, region, monkeypatch, keys_at_once):
    """Up to SEARCH_KEYS_AT_ONCE matches: their keys in order give the count and the page, with no count
    query; more: counted, and a page beyond the keys read as before. Either way the same rows in the same
    order as the whole sorted search."""
    monkeypatch.setattr("core.lists.SEARCH_KEYS_AT_ONCE", keys_at_once)
    for number in range(30):
        make_volunteer(region, first_name=f"Person{number:02}", last_name="Test", start_date=date(2020, 1, 1))
    make_volunteer(region, first_name="Anna", last_name="Anden")
    login(client, region)
    url = reverse("volunteers:volunteer_list")
    expected = [f"Person{number:02} Test" for number in reversed(range(30))]
    shown = []
    for page in ["1", "2"]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"q": "test", "sort": "-name", "page": page})
        shown += names_in(response)
        assert response.context["listing"].page.paginator.count == 30
        counts = [
            query["sql"]
            for query in queries
            if 'COUNT(*) AS "__count" FROM "volunteers_volunteer"' in query["sql"]
        ]
        assert len(counts) == (0 if keys_at_once >= 30 else 1)
    assert shown == expected


def test_volunteer_organisation_list(client, region):
    for number in range(30):
        VolunteerOrganisation.objects.create(
            organisation=region.organisation, name=f"Forening {number:02}", kind="patient_association"
        )
    VolunteerOrganisation.objects.create(
        organisation=region.organisation,
        name="Frivilligcenter Vejle",
        kind="volunteer_centre",
        cvr="20700211",
    )
    login(client, region)
    url = reverse("volunteers:volunteer_organisation_list")
    page = client.get(url).context["listing"].page
    assert len(page) == 25 and page.paginator.count == 32
    assert [str(o) for o in client.get(url, {"kind": "volunteer_centre"}).context["listing"].page] == [
        "Frivilligcenter Vejle"
    ]
    assert [str(o) for o in client.get(url, {"q": "20700211"}).context["listing"].page] == [
        "Frivilligcenter Vejle"
    ]
    assert [str(o) for o in client.get(url, {"unit": region.hospital.pk}).context["listing"].page] == [
        "Dansk Røde Kors"
    ]


# --- exports -------------------------------------------------------------------------------------


def _export_fixture(region):
    for number in range(30):
        make_volunteer(
            region,
            first_name=f"Ærlig{number:02}",
            last_name="Østergård",
            email=f"p{number}@example.org",
            phone=f"+45 20 30 40 {number:02}",
            start_date=date(2020, 1, 1) + timedelta(days=number * 40),
            end_date=TODAY() + timedelta(days=100) if number % 3 == 0 else None,
            activities=[region.activity, region.child_activity] if number % 2 else [region.activity],
            affiliation=region.volunteer_organisation if number % 4 else None,
        )
    make_volunteer(
        region, first_name="Ikke", last_name="Med", start_date=date(2020, 1, 1), end_date=date(2021, 1, 1)
    )


def test_exports_hold_exactly_what_the_list_shows(client, region):
    _export_fixture(region)
    login(client, region)
    params = "?status=active&sort=-start&q=sterg%C3%A5rd"  # SQLite folds the case of ASCII letters only
    list_url = reverse("volunteers:volunteer_list") + params
    shown = shown_rows(client, list_url) + shown_rows(client, list_url + "&page=2")
    assert len(shown) == 30
    shown = [[cell.replace("–", "") for cell in row] for row in shown]
    headers = [str(column.label) for column in VOLUNTEER_COLUMNS]

    response = client.get(reverse("volunteers:volunteer_export", args=["csv"]) + params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="frivillige-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    csv_rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert csv_rows[0] == headers

    response = client.get(reverse("volunteers:volunteer_export", args=["xlsx"]) + params)
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert workbook.sheetnames == ["Frivillige"] and sheet.freeze_panes == "A2"
    start_dates = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(value, datetime) for value in start_dates)  # dates as dates, not text
    # The CSV holds the same cells, its dates as ISO dates (2023-03-06) that any spreadsheet reads.
    assert csv_rows[1:] == [
        [value.date().isoformat() if hasattr(value, "date") else (value or "") for value in row]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    with translation.override("da"):  # a date cell, shown as the list shows it
        cells = [
            [
                date_format(value, "SHORT_DATE_FORMAT") if hasattr(value, "strftime") else (value or "")
                for value in row
            ]
            for row in sheet.iter_rows(values_only=True)
        ]
    assert cells[0] == headers
    assert cells[1:] == shown


def test_exports_write_formulas_as_text(client, region):
    make_volunteer(region, first_name='=HYPERLINK("http://x")', last_name="@SUM(A1)", phone="+45 20 30 40 50")
    login(client, region)
    url = reverse("volunteers:volunteer_export", args=["csv"]) + "?q=hyperlink"
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode()[1:]), delimiter=";"))
    assert rows[1][0].startswith("'=") and rows[1][5] == "+45 20 30 40 50"
    url = reverse("volunteers:volunteer_export", args=["xlsx"]) + "?q=hyperlink"
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")


def test_export_formats(client, region):
    login(client, region)
    assert client.get(reverse("volunteers:volunteer_export", args=["pdf"])).status_code == 404
    login(client, region, "coordinator")
    text = client.get(reverse("volunteers:volunteer_export", args=["csv"])).content.decode()
    assert "Karen" in text and "Jens" not in text  # scoped like the list


# --- personal data -------------------------------------------------------------------------------


def test_personal_data_as_json(client, region, other_region):
    TrainingRecord.objects.create(
        volunteer=region.volunteer, title="Introduktion", completed_on=date(2022, 3, 5)
    )
    login(client, region)
    response = client.get(reverse("volunteers:volunteer_data_json", args=[region.volunteer.pk]))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="persondata-{region.volunteer.pk}.json"'
    data = json.loads(response.content)
    assert data["name"] == "Karen Holm" and data["email"] == region.volunteer.email
    assert data["activities"] == ["Besøgsven"] and data["affiliation"] == "Dansk Røde Kors"
    assert data["start_date"] == "2022-03-01" and data["lawful_basis"] and data["purpose"]
    assert data["training"] == [
        {"kind": data["training"][0]["kind"], "title": "Introduktion", "completed_on": "2022-03-05"}
    ]
    assert "Besøgsven" in response.content.decode()  # not escaped to \\u00f8
    page = client.get(reverse("volunteers:volunteer_data", args=[region.volunteer.pk])).content.decode()
    assert "Karen Holm" in page and "Introduktion" in page and region.volunteer.email in page
    for volunteer in (region.other_volunteer, other_region.volunteer):
        assert client.get(reverse("volunteers:volunteer_data_json", args=[volunteer.pk])).status_code == 404


# --- anonymisation -------------------------------------------------------------------------------


def test_anonymisation_flow(client, region):
    region.organisation.retention_months = 6
    region.organisation.save()
    today = TODAY()
    due = make_volunteer(
        region,
        first_name="Gammel",
        email="gammel@example.org",
        end_date=add_months(today, -7),
        birth_year=1950,
    )
    not_due = make_volunteer(region, first_name="Nylig", end_date=add_months(today, -1))
    elsewhere = make_volunteer(
        region, unit=region.other_hospital, first_name="Andet", end_date=add_months(today, -7)
    )
    login(client, region)
    listing = client.get(reverse("volunteers:anonymisation_list")).context["listing"]
    assert list(listing.page) == [due]  # not the recent leaver, nor another unit's

    assert client.post(reverse("volunteers:volunteer_anonymise", args=[not_due.pk])).status_code == 302
    not_due.refresh_from_db()
    assert not_due.anonymised_on is None and not_due.first_name == "Nylig"
    assert client.post(reverse("volunteers:volunteer_anonymise", args=[elsewhere.pk])).status_code == 404
    login(client, region, "steering_group")
    assert client.post(reverse("volunteers:volunteer_anonymise", args=[due.pk])).status_code == 403

    login(client, region)
    response = client.post(reverse("volunteers:volunteer_anonymise", args=[due.pk]))
    assert response.status_code == 302 and response.url == reverse("volunteers:anonymisation_list")
    due.refresh_from_db()
    assert due.anonymised_on == today and due.first_name == "" and due.email == ""
    assert list(client.get(reverse("volunteers:anonymisation_list")).context["listing"].page) == []
    # Still counted where it was active.
    response = client.get(reverse("volunteers:diversity"), {"year": due.end_date.year})
    assert response.context["by_age"]["total"] >= 1
    assert client.get(reverse("volunteers:volunteer_edit", args=[due.pk])).status_code == 404


# --- diversity -----------------------------------------------------------------------------------


def test_diversity_counts_by_age_band_and_gender(client, region):
    region.volunteer.delete()
    year = 2024
    people = [
        (region.hospital, 2000, "female", None),  # 24: under 30
        (region.hospital, 1990, "male", None),  # 34
        (region.hospital, 1974, "", None),  # 50
        (region.department, 1957, "female", None),  # 67
        (region.department, None, "other", None),
        (region.department, 1980, "female", date(2025, 1, 1)),  # anonymised later: still counts for 2024
        (region.other_hospital, 1960, "male", None),
    ]
    for unit, birth_year, gender, anonymised_on in people:
        make_volunteer(
            region,
            unit=unit,
            birth_year=birth_year,
            gender=gender,
            start_date=date(2023, 1, 1),
            end_date=date(2024, 6, 30) if anonymised_on else None,
            anonymised_on=anonymised_on,
            first_name="Hemmelig",
        )
    make_volunteer(
        region, birth_year=1960, start_date=date(2020, 1, 1), end_date=date(2023, 12, 31)
    )  # before
    make_volunteer(region, birth_year=1960, start_date=date(2025, 1, 1))  # after
    login(client, region)
    response = client.get(reverse("volunteers:diversity"), {"year": str(year)})
    by_age, by_gender = response.context["by_age"], response.context["by_gender"]
    assert by_age["rows"] == [
        (region.department.name, [0, 1, 0, 1, 1], 3),
        (region.hospital.name, [1, 1, 1, 0, 0], 3),
    ]
    assert by_age["totals"] == [1, 2, 1, 1, 1] and by_age["total"] == 6
    assert by_gender["rows"] == [
        (region.department.name, [2, 0, 1, 0], 3),
        (region.hospital.name, [1, 1, 0, 1], 3),
    ]
    # The bands agree with Volunteer.age_band().
    counted = Volunteer.objects.filter(unit__in=[region.hospital, region.department], first_name="Hemmelig")
    labels = [str(label) for _low, _high, label in AGE_BANDS]
    expected = [0] * 5
    for volunteer in counted:
        band = volunteer.age_band(date(year, 12, 31))
        expected[labels.index(str(band)) if band else 4] += 1
    assert expected == by_age["totals"]
    assert "Hemmelig" not in response.content.decode()
    login(client, region, "secretariat")
    response = client.get(reverse("volunteers:diversity"), {"year": str(year)})
    assert response.context["by_age"]["total"] == 8  # the other hospital's two too


# --- volunteer organisations ---------------------------------------------------------------------


def organisation_data(region, **changes):
    data = {
        "name": "Frivilligcenter Horsens",
        "kind": "volunteer_centre",
        "cvr": "20700211",
        "address": "Torvet 1, 8700 Horsens",
        "email": "info@fchorsens.dk",
        "phone": "",
        "website": "https://fchorsens.dk",
        "units": [region.hospital.pk],
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "Lise Dam",
        "contacts-0-title": "Leder",
        "contacts-0-email": "lise@fchorsens.dk",
        "contacts-0-phone": "",
        "contacts-1-name": "",
        "contacts-1-title": "",
        "contacts-1-email": "",
        "contacts-1-phone": "",
    }
    data.update(changes)
    return data


def test_register_a_volunteer_organisation_with_contact_persons(client, region):
    login(client, region)
    response = client.post(reverse("volunteers:volunteer_organisation_create"), organisation_data(region))
    organisation = VolunteerOrganisation.objects.get(name="Frivilligcenter Horsens")
    assert response.status_code == 302 and response.url == organisation.get_absolute_url()
    assert organisation.organisation == region.organisation and organisation.cvr == "20700211"
    assert list(organisation.units.all()) == [region.hospital]
    assert [(c.name, c.email) for c in organisation.contacts.all()] == [("Lise Dam", "lise@fchorsens.dk")]


def test_an_invalid_cvr_number_or_contact_is_refused_and_what_was_typed_is_kept(client, region):
    login(client, region)
    count = VolunteerOrganisation.objects.count()
    data = organisation_data(region, cvr="20700212", **{"contacts-0-email": "ikke-en-adresse"})
    response = client.post(reverse("volunteers:volunteer_organisation_create"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"cvr"}
    assert response.context["contacts"].errors[0].keys() == {"email"}
    assert VolunteerOrganisation.objects.count() == count and not ContactPerson.objects.exists()
    html = response.content.decode()
    assert (
        'value="Frivilligcenter Horsens"' in html and 'value="20700212"' in html and "ikke-en-adresse" in html
    )
    data = organisation_data(region, name="dansk røde kors")
    response = client.post(reverse("volunteers:volunteer_organisation_create"), data)
    assert set(response.context["form"].errors) == {"name"}


def test_editing_a_volunteer_organisation(client, region, other_region):
    contact = ContactPerson.objects.create(volunteer_organisation=region.volunteer_organisation, name="Ole")
    foreign = ContactPerson.objects.create(
        volunteer_organisation=other_region.volunteer_organisation, name="Fremmed"
    )
    region.volunteer_organisation.units.add(region.other_hospital)
    url = reverse("volunteers:volunteer_organisation_edit", args=[region.volunteer_organisation.pk])
    data = organisation_data(
        region,
        name="Dansk Røde Kors",
        **{
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-id": str(contact.pk),
            "contacts-0-name": "Ole Bak",
        },
    )
    login(client, region, "steering_group")
    assert client.post(url, data).status_code == 403
    login(client, region)
    # Someone else's contact person cannot be edited through this form: the row is ignored.
    client.post(url, {**data, "contacts-0-id": str(foreign.pk)})
    foreign.refresh_from_db()
    assert foreign.name == "Fremmed" and ContactPerson.objects.count() == 2
    assert client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Ole Bak"
    # The coordinator cannot see the other hospital, so it stays linked.
    assert set(region.volunteer_organisation.units.all()) == {region.hospital, region.other_hospital}
    response = client.post(url, {**data, "contacts-0-DELETE": "on"})
    assert response.status_code == 302 and not region.volunteer_organisation.contacts.exists()


def test_a_coordinator_changes_only_the_volunteer_organisations_their_units_work_with(client, region):
    """Shared read: every coordinator sees every volunteer organisation of the organisation, and changes
    (renames, edits its contact persons) only one that a unit of theirs works with."""
    elsewhere = VolunteerOrganisation.objects.create(
        organisation=region.organisation, name="Ældre Sagen", kind=VolunteerOrganisation.Kind.ORGANISATION
    )
    elsewhere.units.add(region.other_hospital)
    contact = ContactPerson.objects.create(volunteer_organisation=elsewhere, name="Ole")
    login(client, region)
    detail = client.get(reverse("volunteers:volunteer_organisation_detail", args=[elsewhere.pk]))
    assert detail.status_code == 200 and not detail.context["can_change"]
    url = reverse("volunteers:volunteer_organisation_edit", args=[elsewhere.pk])
    data = organisation_data(
        region,
        name="Omdøbt",
        **{
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-id": str(contact.pk),
            "contacts-0-name": "Ole",
            "contacts-0-DELETE": "on",
        },
    )
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    elsewhere.refresh_from_db()
    assert elsewhere.name == "Ældre Sagen" and elsewhere.contacts.count() == 1
    own = client.get(
        reverse("volunteers:volunteer_organisation_detail", args=[region.volunteer_organisation.pk])
    )
    assert own.context["can_change"]
    # A coordinator's new organisation works with one of their units, so that they can change it later.
    response = client.post(
        reverse("volunteers:volunteer_organisation_create"),
        organisation_data(region, name="Ny forening", units=[]),
    )
    assert set(response.context["form"].errors) == {"units"}
    # The secretariat changes any of them.
    login(client, region, "secretariat")
    assert client.post(url, data).status_code == 302
    elsewhere.refresh_from_db()
    assert elsewhere.name == "Omdøbt" and not elsewhere.contacts.exists()


def agreement(region, unit, title):
    return Agreement.objects.create(
        organisation=region.organisation,
        unit=unit,
        volunteer_organisation=region.volunteer_organisation,
        title=title,
        kind=Agreement.Kind.SUPPLEMENT_TO_CARE,
        purpose="Samvær",
        target_group="Indlagte patienter",
        volunteer_tasks="Besøg",
        professional_tasks="Pleje",
        start_date=date(2024, 1, 1),
        review_date=date(2025, 1, 1),
    )


def test_volunteer_organisation_detail(client, region):
    region.volunteer_organisation.units.add(region.other_hospital)
    ContactPerson.objects.create(
        volunteer_organisation=region.volunteer_organisation, name="Ole Bak", title="Leder"
    )
    own = agreement(region, region.hospital, "Besøgsvenner på medicinsk afdeling")
    agreement(region, region.other_hospital, "Værtsfunktion i forhallen")
    make_volunteer(
        region,
        affiliation=region.volunteer_organisation,
        start_date=date(2020, 1, 1),
        end_date=date(2023, 1, 1),
    )
    make_volunteer(region, unit=region.other_hospital, affiliation=region.volunteer_organisation)
    login(client, region)
    response = client.get(region.volunteer_organisation.get_absolute_url())
    html = response.content.decode()
    assert "Ole Bak" in html and "Leder" in html
    assert region.hospital.name in html and region.other_hospital.name not in html
    assert own.title in html and own.get_absolute_url() in html and own.get_status_display() in html
    assert "Værtsfunktion i forhallen" not in html
    assert response.context["active_volunteers"] == 1  # Karen; not the former one, nor the other unit's
    login(client, region, "secretariat")
    response = client.get(region.volunteer_organisation.get_absolute_url())
    assert (
        response.context["active_volunteers"] == 2
        and "Værtsfunktion i forhallen" in response.content.decode()
    )


# --- activities ----------------------------------------------------------------------------------


def test_activities(client, region, other_region):
    url = reverse("volunteers:activity_create")
    # The activities decide the record checks in every unit: the secretariat keeps the list.
    login(client, region)
    assert client.post(url, {"name": "Guide i forhallen"}).status_code == 403
    assert (
        client.post(reverse("volunteers:activity_edit", args=[region.activity.pk]), {"name": "x"}).status_code
        == 403
    )
    login(client, region, "secretariat")
    response = client.post(url, {"name": "Guide i forhallen", "involves_homes": ""})
    assert response.status_code == 302
    activity = Activity.objects.get(name="Guide i forhallen")
    assert activity.organisation == region.organisation and not activity.involves_children
    response = client.post(url, {"name": "besøgsven"})
    assert set(response.context["form"].errors) == {"name"}
    Activity.objects.create(organisation=other_region.organisation, name="Café-vært")
    assert client.post(url, {"name": "Café-vært"}).status_code == 302  # another organisation's has no say
    edit = reverse("volunteers:activity_edit", args=[activity.pk])
    assert client.post(edit, {"name": "Guide", "involves_children": "on"}).status_code == 302
    activity.refresh_from_db()
    assert (activity.name, activity.involves_children) == ("Guide", True)
    listing = client.get(reverse("volunteers:activity_list")).context["listing"]
    assert [str(a) for a in listing.page] == [
        "Besøgsven",
        "Café-vært",
        "Guide",
        "Legestue på børneafdelingen",
    ]
    login(client, region, "steering_group")
    assert client.post(edit, {"name": "Ændret"}).status_code == 403
    activity.refresh_from_db()
    assert activity.name == "Guide"


# --- query counts --------------------------------------------------------------------------------

PAGES = [
    ("volunteers:volunteer_list", lambda r: {}, ""),
    ("volunteers:volunteer_list", lambda r: {}, "?status=active&checks=missing&q=a&sort=-unit"),
    ("volunteers:volunteer_list", lambda r: {}, "?unit=UNIT&activity=ACTIVITY&affiliation=null"),
    ("volunteers:volunteer_export", lambda r: {"fmt": "csv"}, "?status=active"),
    ("volunteers:volunteer_export", lambda r: {"fmt": "xlsx"}, ""),
    ("volunteers:volunteer_detail", lambda r: {"pk": r.volunteer.pk}, ""),
    ("volunteers:volunteer_edit", lambda r: {"pk": r.volunteer.pk}, ""),
    ("volunteers:volunteer_create", lambda r: {}, ""),
    ("volunteers:volunteer_data", lambda r: {"pk": r.volunteer.pk}, ""),
    ("volunteers:volunteer_data_json", lambda r: {"pk": r.volunteer.pk}, ""),
    ("volunteers:anonymisation_list", lambda r: {}, ""),
    ("volunteers:diversity", lambda r: {}, ""),
    ("volunteers:activity_list", lambda r: {}, ""),
    ("volunteers:volunteer_organisation_list", lambda r: {}, ""),
    ("volunteers:volunteer_organisation_detail", lambda r: {"pk": r.volunteer_organisation.pk}, ""),
    ("volunteers:volunteer_organisation_edit", lambda r: {"pk": r.volunteer_organisation.pk}, ""),
]


def grow(region, n):
    """n more of everything around the coordinator's hospital and the test's objects."""
    organisation = region.organisation
    units = Unit.objects.bulk_create(
        Unit(organisation=organisation, parent=region.hospital, name=f"Afsnit {i}", kind="department")
        for i in range(n)
    )
    activities = Activity.objects.bulk_create(
        Activity(organisation=organisation, name=f"Aktivitet {i}") for i in range(n)
    )
    for i in range(n):
        volunteer_organisation = VolunteerOrganisation.objects.create(
            organisation=organisation, name=f"Forening {i}", kind="organisation"
        )
        volunteer_organisation.units.add(region.hospital, *units[:3])
        ContactPerson.objects.create(
            volunteer_organisation=region.volunteer_organisation, name=f"Kontakt {i}"
        )
        agreement(region, units[i], f"Aftale {i}")
        for unit, end in ((units[i], None), (region.hospital, date(2020, 1, 1))):
            volunteer = make_volunteer(
                region,
                unit=unit,
                first_name=f"Anna {i}",
                birth_year=1940 + i,
                gender="female",
                start_date=date(2019, 1, 1),
                end_date=end,
                affiliation=volunteer_organisation if i % 2 else region.volunteer_organisation,
                activities=[activities[i], region.child_activity, region.activity],
                active_units=units[:2],
            )
            TrainingRecord.objects.create(volunteer=volunteer, title="Intro", completed_on=date(2020, 1, 1))
    region.volunteer.activities.add(*activities)
    region.volunteer.active_units.add(*units)
    TrainingRecord.objects.bulk_create(
        TrainingRecord(volunteer=region.volunteer, title=f"Kursus {i}", completed_on=date(2023, 1, 1))
        for i in range(n)
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name, kwargs_for, query", PAGES)
def test_queries_do_not_grow_with_the_data(client, region, name, kwargs_for, query):
    query = query.replace("UNIT", str(region.hospital.pk)).replace("ACTIVITY", str(region.activity.pk))
    url = reverse(name, kwargs=kwargs_for(region)) + query
    # Something in every list and section from the start, so that the counts compare like with like.
    make_volunteer(region, first_name="Tidligere", start_date=date(2019, 1, 1), end_date=date(2020, 1, 1))
    TrainingRecord.objects.create(volunteer=region.volunteer, title="Intro", completed_on=date(2022, 3, 1))
    small = {}
    for role in ("coordinator", "secretariat"):
        login(client, region, role)
        small[role] = count_queries(client, url)
    grow(region, 30)
    for role in ("coordinator", "secretariat"):
        login(client, region, role)
        assert count_queries(client, url) == small[role], f"{role} {url}"
        assert small[role] <= 15, f"{role} {url}"
