"""Dates in a sane range (the hardening issue's input guard): every date a form takes lies from 1 January
1900 to 31 December 2100 (core.dates), and a far-out date already stored breaks no page."""

import importlib
import pkgutil
from datetime import date, timedelta

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.db.models import Case, Value, When
from django.urls import reverse

from agreements.models import Agreement
from core import fields as core_fields
from core import forms as core_forms
from core.dates import FIRST_DAY, LAST_DAY, add_months, add_years
from strategies.models import Strategy
from tests.matrix import ROLES
from tests.test_permissions import MATRIX, viewable_pages
from tests.test_register import volunteer_data
from volunteers.models import Volunteer

PROJECT_APPS = [
    "volunteers",
    "agreements",
    "meetings",
    "strategies",
    "evaluation",
    "documents",
    "audit",
    "accounts",
    "administration",
    "core",
    "frivillig",
]
RANGE_MESSAGE = "Angiv en dato fra 1. januar 1900 til 31. december 2100."


@pytest.fixture
def region(module_regions):
    """Built once for this module's tests (tests/conftest.py's module_regions)."""
    return module_regions.region


# --- the helpers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 5, 15), -17, date(2022, 12, 15)),
        (date(9999, 12, 31), 1, date.max),
        (date(9999, 6, 30), 120, date.max),
        (date(1, 1, 1), -1, date.min),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_add_years():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(9999, 12, 31), 3) == date.max
    assert add_years(date(1, 1, 1), -3) == date.min


# --- one mechanism for every date field ------------------------------------------------------------------


def project_modules():
    for label in PROJECT_APPS:
        package = apps.get_app_config(label).module
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                yield importlib.import_module(module.name)


def test_every_date_of_every_model_is_the_projects_date_field():
    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for field in model._meta.get_fields()
        if type(field) is models.DateField  # noqa: E721 -- a subclass is what is wanted
    ]
    assert not plain, f"dates without core.fields.DateField: {plain}"


def test_every_date_of_every_form_is_the_projects_date_field():
    form_classes = {
        value
        for module in project_modules()
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, forms.BaseForm)
        and value.__module__ == module.__name__
    }
    assert len(form_classes) > 50
    plain = [
        f"{form_class.__module__}.{form_class.__name__}.{name}"
        for form_class in form_classes
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field, core_forms.DateField)
    ]
    assert not plain, f"form dates without core.forms.DateField: {plain}"


def test_the_field_limits_the_date_picker_and_changes_no_column():
    field = Agreement._meta.get_field("start_date")
    assert isinstance(field, core_fields.DateField)
    assert field.deconstruct()[1] == "django.db.models.DateField"
    widget = field.formfield().widget
    assert (widget.input_type, widget.attrs["min"], widget.attrs["max"]) == (
        "date",
        "1900-01-01",
        "2100-12-31",
    )


# --- refused on the forms --------------------------------------------------------------------------------


@pytest.mark.parametrize("end", ["9999-12-31", "2101-01-01", "0001-01-01", "1899-12-31"])
def test_a_volunteers_end_date_far_out_is_refused(client, region, end):
    client.force_login(region.users["coordinator"])
    volunteer = region.volunteer
    url = reverse("volunteers:volunteer_edit", args=[volunteer.pk])
    response = client.post(url, volunteer_data(region, end_date=end))
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [RANGE_MESSAGE]
    assert RANGE_MESSAGE in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.end_date is None


@pytest.mark.parametrize("day", [FIRST_DAY, LAST_DAY])
def test_the_first_and_the_last_day_are_accepted(client, region, day):
    client.force_login(region.users["coordinator"])
    volunteer = region.volunteer
    url = reverse("volunteers:volunteer_edit", args=[volunteer.pk])
    fields = {"start_date": day.isoformat()} if day == FIRST_DAY else {"end_date": day.isoformat()}
    assert client.post(url, volunteer_data(region, **fields)).status_code == 302
    volunteer.refresh_from_db()
    assert day in (volunteer.start_date, volunteer.end_date)


def test_the_message_names_the_range_in_english_too(client, region):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.force_login(region.users["coordinator"])
    url = reverse("volunteers:volunteer_edit", args=[region.volunteer.pk])
    response = client.post(url, volunteer_data(region, end_date="9999-12-31"))
    assert response.context["form"].errors["end_date"] == [
        "Enter a date from 1 January 1900 to 31 December 2100."
    ]


def test_approving_a_strategy_on_a_far_out_day_is_refused(client, region):
    client.force_login(region.users["secretariat"])
    strategy = region.strategy
    response = client.post(
        reverse("strategies:strategy_approve", args=[strategy.pk]),
        {"confirmed": "1", "approval-approved_on": "9999-12-31", "approval-approved_by": region.body.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["approved_on"] == [RANGE_MESSAGE]
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.DRAFT and strategy.approved_on is None


def test_an_agreement_cannot_end_before_it_starts(client, region):
    agreement = region.agreement
    client.force_login(region.users["coordinator"])
    url = reverse("agreements:agreement_end", args=[agreement.pk])
    for ended_on in [FIRST_DAY, agreement.start_date - timedelta(days=1)]:
        response = client.post(url, {"confirmed": "1", "end-ended_on": ended_on.isoformat()})
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
    agreement.refresh_from_db()
    assert agreement.status != Agreement.Status.ENDED and agreement.ended_on is None
    response = client.post(url, {"confirmed": "1", "end-ended_on": agreement.start_date.isoformat()})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.ended_on == agreement.start_date


# --- far-out dates already stored ------------------------------------------------------------------------


def store_everywhere(day):
    """Every date of every row of the project's models that has one set to `day`, as data from before the
    range rule (an empty date stays empty: a volunteer who has not ended is not made to end)."""
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and not model._meta.proxy:
            dates = [field for field in model._meta.concrete_fields if type(field) is core_fields.DateField]
            if dates:  # in one statement, as the constraints compare them (a review after the start)
                model._base_manager.update(
                    **{
                        field.name: Case(
                            When(**{f"{field.name}__isnull": False}, then=Value(day)), default=None
                        )
                        for field in dates
                    }
                )


@pytest.mark.parametrize("day", [date.max, date.min])
def test_far_out_dates_already_stored_break_no_page(client, region, day):
    """Each page of the matrix, as the first role that may open it."""
    pages = list(viewable_pages(region))  # some kwargs make objects: before the dates are set
    assert len(pages) > len(MATRIX) // 2
    store_everywhere(day)
    broken = []
    for name, url, role in pages:
        client.logout()
        if role != "anonymous":
            client.force_login(region.users[role])
        if client.get(url).status_code >= 500:
            broken.append((name, role))
    assert not broken


@pytest.mark.parametrize("end", [date(9999, 12, 31), date(1, 1, 1)])
def test_a_volunteer_ended_on_a_far_out_day_is_shown_to_every_role(client, region, end):
    """Their end date 9999-12-31 used to answer 500 to everyone (the day their data is due to be
    anonymised is computed from it)."""
    volunteer = region.volunteer
    Volunteer.objects.filter(pk=volunteer.pk).update(start_date=date(1, 1, 1), end_date=end)
    for role in ROLES[1:]:
        client.force_login(region.users[role])
        response = client.get(reverse("volunteers:volunteer_detail", args=[volunteer.pk]))
        assert response.status_code == 200, role
