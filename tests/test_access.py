"""Scoping: what each role sees, and that nothing crosses organisations."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from volunteers.access import scoped, visible_unit_ids
from volunteers.models import Organisation, Unit, VolunteerOrganisation


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    request.organisation = user.organisation
    return request


def test_coordinator_sees_own_unit_and_units_below_only(region, other_region):
    request = request_for(region.users["coordinator"])
    assert set(scoped(request, Unit.objects.all())) == {region.hospital, region.department}
    assert visible_unit_ids(request) == {region.hospital.pk, region.department.pk}


def test_a_coordinator_sees_the_whole_tree_below_their_units_within_their_organisation(region, other_region):
    below = Unit.objects.create(
        organisation=region.organisation,
        parent=region.department,
        name="Dagafsnit",
        kind=Unit.Kind.DEPARTMENT,
    )
    other = Unit.objects.create(
        organisation=region.organisation, name="Andet hospital", kind=Unit.Kind.HOSPITAL
    )
    coordinator = region.users["coordinator"]
    # A unit of another organisation among the user's units (no form allows it) opens nothing there.
    coordinator.units.add(other_region.hospital)
    expected = {region.hospital.pk, region.department.pk, below.pk}
    assert visible_unit_ids(request_for(coordinator)) == expected
    coordinator.units.add(other)
    assert visible_unit_ids(request_for(coordinator)) == expected | {other.pk}


@pytest.mark.parametrize("role", ["secretariat", "steering_group", "administrator"])
def test_organisation_wide_roles_see_all_units_of_their_organisation_only(region, other_region, role):
    request = request_for(region.users[role])
    assert set(scoped(request, Unit.objects.all())) == set(
        Unit.objects.filter(organisation=region.organisation)
    )


@pytest.mark.parametrize("role", ["coordinator", "secretariat", "steering_group", "administrator"])
def test_nobody_sees_another_organisations_data(region, other_region, role):
    request = request_for(region.users[role])
    for model in (Unit, VolunteerOrganisation):
        assert not scoped(request, model.objects.filter(organisation=other_region.organisation)).exists()


def test_user_without_organisation_sees_nothing(region, django_user_model):
    operator = django_user_model.objects.create_user(username="operator", is_superuser=True, is_staff=True)
    assert not scoped(request_for(operator), Unit.objects.all()).exists()


def test_a_user_without_organisation_meets_empty_lists_not_errors(client, region, django_user_model):
    # Through the middleware: request.organisation must be None itself, not a lazy object around None.
    operator = django_user_model.objects.create_user(username="operator", is_superuser=True, is_staff=True)
    client.force_login(operator)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert [t.name for t in home.templates][0] == "home/without_organisation.html"
    volunteers = client.get(reverse("volunteers:volunteer_list"))
    assert volunteers.status_code == 200
    assert not volunteers.context["listing"].page.object_list
    assert client.get(reverse("meetings:body_list")).status_code == 403
    assert client.get(reverse("evaluation:reminder_list")).status_code == 403


def test_unit_lists_show_only_visible_units(client, region, other_region):
    client.force_login(region.users["coordinator"])
    page = client.get(reverse("volunteers:unit_list")).content.decode()
    assert region.hospital.name in page and region.department.name in page
    assert region.other_hospital.name not in page
    assert other_region.hospital.name not in page


def test_unit_parent_must_be_in_same_organisation(region, other_region):
    region.department.parent = other_region.hospital
    with pytest.raises(ValidationError) as error:
        region.department.full_clean()
    assert "parent" in error.value.message_dict


def test_unit_cannot_be_its_own_ancestor(region):
    region.hospital.parent = region.department
    with pytest.raises(ValidationError) as error:
        region.hospital.full_clean()
    assert "parent" in error.value.message_dict


def test_coordinator_changes_own_unit(client, region):
    client.force_login(region.users["coordinator"])
    url = reverse("volunteers:unit_edit", args=[region.department.pk])
    response = client.post(url, {"address": "J.B. Winsløws Vej 4, 5000 Odense C", "email": "afd@example.org"})
    assert response.status_code == 302
    region.department.refresh_from_db()
    assert region.department.address == "J.B. Winsløws Vej 4, 5000 Odense C"


def test_bad_input_keeps_what_was_typed_and_stores_nothing(client, region):
    region.hospital.email = "gammel@example.org"
    region.hospital.save()
    client.force_login(region.users["coordinator"])
    url = reverse("volunteers:unit_edit", args=[region.hospital.pk])
    response = client.post(url, {"address": "Ny adresse 1", "email": "ikke-en-adresse", "phone": "12345678"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="ikke-en-adresse"' in page and 'value="Ny adresse 1"' in page
    assert 'href="#id_email"' in page  # the error summary links to the field
    region.hospital.refresh_from_db()
    assert (region.hospital.address, region.hospital.email) == ("", "gammel@example.org")


def test_the_django_admin_is_the_platform_operators_not_an_organisations(
    client, region, other_region, django_user_model
):
    from django.contrib.auth.models import Permission

    # An organisation's administrator sets the organisation up in the app (issue 13), even with the
    # admin's model permissions.
    admin = region.users["administrator"]
    admin.user_permissions.set(
        Permission.objects.filter(codename__in=["view_unit", "change_unit", "view_organisation"])
    )
    client.force_login(admin)
    response = client.get(reverse("admin:volunteers_unit_changelist"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 403
    operator = django_user_model.objects.create_user(username="operator", is_superuser=True, is_staff=True)
    client.force_login(operator)
    page = client.get(reverse("admin:volunteers_unit_changelist")).content.decode()
    assert region.hospital.name in page and other_region.hospital.name in page
    organisations = client.get(reverse("admin:volunteers_organisation_changelist")).content.decode()
    assert region.organisation.name in organisations and other_region.organisation.name in organisations
    assert Organisation.objects.count() == 2
