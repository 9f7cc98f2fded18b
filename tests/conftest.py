"""Shared fixtures: two organisations, each with a small unit tree and one user per role."""

from types import SimpleNamespace

import pytest

from meetings.models import Body, Membership
from volunteers.models import Organisation, Role, Unit, User, VolunteerOrganisation

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    # A deliberately weak hasher: the fixtures create many users, and hashing is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs collectstatic; tests serve static files from the finders instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_organisation(name, slug):
    organisation = Organisation.objects.create(name=name, kind=Organisation.Kind.REGION)
    hospital = Unit.objects.create(
        organisation=organisation, name=f"{name} Hospital", kind=Unit.Kind.HOSPITAL
    )
    department = Unit.objects.create(
        organisation=organisation, parent=hospital, name=f"{name} Afdeling", kind=Unit.Kind.DEPARTMENT
    )
    other_hospital = Unit.objects.create(
        organisation=organisation, name=f"{name} Andet Hospital", kind=Unit.Kind.HOSPITAL
    )
    volunteer_organisation = VolunteerOrganisation.objects.create(
        organisation=organisation, name="Dansk Røde Kors", kind=VolunteerOrganisation.Kind.ORGANISATION
    )
    volunteer_organisation.units.add(hospital)
    body = Body.objects.create(
        organisation=organisation, name=f"{name} Styregruppe", kind=Body.Kind.STEERING_GROUP
    )
    Membership.objects.create(body=body, name="Erik Vinther", role=Membership.Role.CHAIR, represents="(V)")
    users = {}
    for role in Role.values:
        user = User.objects.create_user(
            username=f"{role}.{slug}",
            password=PASSWORD,
            email=f"{role}.{slug}@example.org",
            organisation=organisation,
            role=role,
            is_staff=role == Role.ADMINISTRATOR,
        )
        users[role] = user
    users[Role.COORDINATOR].units.add(hospital)
    return SimpleNamespace(
        organisation=organisation,
        hospital=hospital,
        department=department,
        other_hospital=other_hospital,
        volunteer_organisation=volunteer_organisation,
        body=body,
        users=users,
    )


@pytest.fixture
def region(db):
    """The organisation under test."""
    return make_organisation("Region Syddanmark", "syd")


@pytest.fixture
def other_region(db):
    """Another organisation, whose data nobody in `region` may ever see."""
    return make_organisation("Region Midtjylland", "midt")
