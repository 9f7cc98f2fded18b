"""Shared fixtures: two organisations, each with a small unit tree and one user per role."""

from datetime import date, time
from types import SimpleNamespace

import pytest

from agreements.models import Agreement
from meetings.models import AgendaItem, Body, Meeting, MeetingPlan, Membership, SeatCategory
from volunteers.models import Activity, Organisation, Role, Unit, User, Volunteer, VolunteerOrganisation

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


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files (meeting attachments) go to a folder of the test's own, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


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
    activity = Activity.objects.create(organisation=organisation, name="Besøgsven")
    child_activity = Activity.objects.create(
        organisation=organisation, name="Legestue på børneafdelingen", involves_children=True
    )
    volunteer = Volunteer.objects.create(
        organisation=organisation,
        unit=hospital,
        first_name="Karen",
        last_name="Holm",
        email=f"karen.holm.{slug}@example.org",
        affiliation=volunteer_organisation,
        start_date=date(2022, 3, 1),
    )
    volunteer.activities.add(activity)
    other_volunteer = Volunteer.objects.create(
        organisation=organisation,
        unit=other_hospital,
        first_name="Jens",
        last_name="Berg",
        start_date=date(2023, 5, 1),
    )
    body = Body.objects.create(
        organisation=organisation, name=f"{name} Styregruppe", kind=Body.Kind.STEERING_GROUP
    )
    seat_category = SeatCategory.objects.create(
        body=body, name="Ledelsesrepræsentanter fra hospitalerne", required=5, includes_chair=True
    )
    Membership.objects.create(
        body=body,
        name="Erik Vinther",
        role=Membership.Role.CHAIR,
        represents="(V)",
        seat_category=seat_category,
    )
    plan = MeetingPlan.objects.create(body=body, title="Mødeplan 2026")
    meeting = Meeting.objects.create(
        body=body,
        plan=plan,
        date=date(2026, 9, 1),
        start_time=time(9),
        end_time=time(12),
        place="Mødelokale 1",
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Godkendelse af dagsorden")
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
    agreement = make_agreement(hospital, volunteer_organisation, responsible=users[Role.COORDINATOR])
    other_agreement = make_agreement(other_hospital, volunteer_organisation, title="Café for pårørende")
    return SimpleNamespace(
        organisation=organisation,
        hospital=hospital,
        department=department,
        other_hospital=other_hospital,
        volunteer_organisation=volunteer_organisation,
        activity=activity,
        child_activity=child_activity,
        volunteer=volunteer,
        other_volunteer=other_volunteer,
        agreement=agreement,
        other_agreement=other_agreement,
        body=body,
        seat_category=seat_category,
        plan=plan,
        meeting=meeting,
        item=item,
        users=users,
    )


def make_agreement(unit, volunteer_organisation, **fields):
    """A draft collaboration agreement with every required field filled in."""
    values = {
        "title": "Besøgsvenner på medicinsk afdeling",
        "kind": Agreement.Kind.SUPPLEMENT_TO_CARE,
        "purpose": "At give indlagte patienter selskab og en god samtale.",
        "target_group": "Indlagte patienter uden besøg af pårørende.",
        "volunteer_tasks": "Samtale og selskab\nHøjtlæsning af avis",
        "professional_tasks": "Pleje og behandling\nVurdering af, hvilke patienter der ønsker besøg",
        "start_date": date(2025, 1, 1),
        "review_date": date(2026, 1, 1),
        **fields,
    }
    return Agreement.objects.create(
        organisation=unit.organisation, unit=unit, volunteer_organisation=volunteer_organisation, **values
    )


@pytest.fixture
def region(db):
    """The organisation under test."""
    return make_organisation("Region Syddanmark", "syd")


@pytest.fixture
def other_region(db):
    """Another organisation, whose data nobody in `region` may ever see."""
    return make_organisation("Region Midtjylland", "midt")
