"""The Django admin is the platform operators' (superusers') tool (issue 13): titled frivillig, Danish
where it is shown, refused to every role of an organisation, and a coordinator needs a unit there too."""

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import LoginEvent
from meetings.models import SeatCategory
from tests.factories import PASSWORD, BodyFactory
from volunteers.access import in_organisation
from volunteers.models import Role, User, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(django_user_model):
    return django_user_model.objects.create_superuser("operator", "operator@example.org", PASSWORD)


def test_the_operator_gets_the_admin_titled_frivillig_in_danish(client, operator):
    client.force_login(operator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Platformsadministration | frivillig</title>" in page
    assert f'<div id="site-name"><a href="{reverse("admin:index")}">frivillig</a></div>' in page
    assert "Django" not in page
    # The history records' names are Danish, not django-simple-history's "Historical brugere".
    assert "Historik for brugere" in page and "Historik for frivillige" in page
    assert ">Historical" not in page


def test_the_history_records_have_danish_names():
    with translation.override("da"):
        names = {
            str(model._meta.verbose_name_plural)
            for model in (User.history.model, Volunteer.history.model)  # type: ignore[attr-defined]
        }
    assert names == {"historik for brugere", "historik for frivillige"}
    assert str(LoginEvent._meta.verbose_name_plural) == "logins"


@pytest.mark.parametrize("role", ["coordinator", "secretariat", "steering_group", "administrator"])
def test_no_role_of_an_organisation_reaches_the_admin(client, region, role):
    user = region.users[role]
    User.objects.filter(pk=user.pk).update(is_staff=True)
    client.force_login(user)
    for url in [reverse("admin:index"), reverse("admin:volunteers_user_changelist")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert client.get(response["Location"]).status_code == 403


def test_the_admins_own_login_page_is_the_apps(client, region):
    """Everyone logs in on the app's login page (the second factor, single sign-on): the admin's own login
    form, which lets any staff member in, is not offered."""
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login") + "?next=/admin/"
    administrator = region.users["administrator"]
    client.post(reverse("admin:login"), {"username": administrator.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def _user_form(region, **changes):
    data = {
        "username": "ny.koordinator",
        "first_name": "Ny",
        "last_name": "Koordinator",
        "email": "ny@example.org",
        "is_active": "on",
        "organisation": region.organisation.pk,
        "role": Role.COORDINATOR,
        "units": [],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_coordinator_is_not_saved_without_a_unit(client, region, operator):
    client.force_login(operator)
    add = reverse("admin:volunteers_user_add")
    new = {"username": "ny.koordinator", "password1": "", "password2": "", "usable_password": "false"}
    refused = client.post(add, new | {"organisation": region.organisation.pk, "role": Role.COORDINATOR})
    assert refused.status_code == 200
    assert "En frivilligkoordinator skal høre til mindst én enhed." in refused.content.decode()
    assert not User.objects.filter(username="ny.koordinator").exists()
    saved = client.post(
        add,
        new
        | {"organisation": region.organisation.pk, "role": Role.COORDINATOR, "units": [region.hospital.pk]},
    )
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    created = User.objects.get(username="ny.koordinator")
    assert list(created.units.all()) == [region.hospital]

    change = reverse("admin:volunteers_user_change", args=[created.pk])
    refused = client.post(change, _user_form(region))
    assert "En frivilligkoordinator skal høre til mindst én enhed." in refused.content.decode()
    assert list(created.units.all()) == [region.hospital]
    # Another role needs no unit; an operator (no organisation) neither.
    assert client.post(change, _user_form(region, role=Role.SECRETARIAT)).status_code == 302
    assert User.objects.get(pk=created.pk).role == Role.SECRETARIAT
    operators = reverse("admin:volunteers_user_change", args=[operator.pk])
    response = client.post(
        operators, _user_form(region, username="operator", organisation="", is_superuser="on")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_an_inline_offers_only_the_choices_of_its_objects_organisation(
    client, operator, region, other_region
):
    """A body's members are chosen among its own organisation's users and its own seat categories, never
    another organisation's (their names would show in the options)."""
    client.force_login(operator)
    response = client.get(reverse("admin:meetings_body_change", args=[region.body.pk]))
    assert response.status_code == 200
    checked = 0
    for inline in response.context["inline_admin_formsets"]:
        for name, field in inline.formset.empty_form.fields.items():
            related = getattr(getattr(field, "queryset", None), "model", None)
            if not hasattr(related, "scope_organisation") or name == "id":  # id: the row's own, hidden
                continue
            offered = set(field.queryset)
            assert offered <= set(in_organisation(related.objects.all(), region.organisation.pk)), name
            checked += 1
    assert checked
    page = response.content.decode()
    for user in other_region.users.values():
        assert f">{user}<" not in page


def test_a_bodys_inline_offers_only_its_own_seat_categories(client, operator, region):
    client.force_login(operator)
    other_body = BodyFactory(organisation=region.organisation, name="Et andet organ")
    SeatCategory.objects.create(body=other_body, name="Andet organs plads", required=1)
    response = client.get(reverse("admin:meetings_body_change", args=[region.body.pk]))
    (memberships,) = response.context["inline_admin_formsets"]
    offered = set(memberships.formset.empty_form.fields["seat_category"].queryset)
    assert offered == set(SeatCategory.objects.filter(body=region.body))
