"""Shared fixtures: two organisations, each with a small unit tree and one user per role."""

from datetime import date, time
from types import SimpleNamespace

import pytest

from agreements.models import Agreement
from meetings.models import AgendaItem, Body, Meeting, MeetingPlan, Membership, SeatCategory
from strategies.models import (
    Action,
    BudgetAmount,
    BudgetLine,
    Commission,
    Consultation,
    ConsultationResponse,
    ConsultedParty,
    EffectTarget,
    FocusArea,
    ImplementationPlan,
    Milestone,
    PlanPart,
    ProcessVariant,
    Strategy,
)
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
def _empty_cache():
    # The limits per address (public forms) live in the cache, which outlives a test (Redis in CI).
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager_celery():
    """Queued tasks run at once, in this process (tests/test_tasks.py runs a real worker)."""
    from frivillig.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


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
    strategy_work = make_strategy_work(organisation, body, hospital, users)
    return SimpleNamespace(
        **strategy_work,
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


def make_strategy_work(organisation, body, hospital, users):
    """An approved strategy under revision: the draft with its commission, process, consultation and
    implementation plan."""
    approved = Strategy.objects.create(
        organisation=organisation,
        title="Frivillighedsstrategi",
        version="2016",
        status=Strategy.Status.IMPLEMENTATION,
        approved_on=date(2016, 6, 20),
        vision="Frivillige er et værdifuldt supplement til personalets indsats.",
    )
    FocusArea.objects.create(strategy=approved, position=1, title="Rekruttering af frivillige")
    strategy = Strategy.objects.create(
        organisation=organisation,
        title="Frivillighedsstrategi",
        version="2019",
        replaces=approved,
        vision="Stærkere partnerskaber med civilsamfundet.",
        principles="De frivillige supplerer de professionelle\nForudgående dialog mellem ledelse og TR",
        attention_points="De frivilliges motivation\nTiming",
    )
    focus_area = FocusArea.objects.create(
        strategy=strategy,
        position=1,
        title="Frivillighed i sektorovergange",
        goals="Flere patienter får støtte fra en frivillig ved udskrivelse",
    )
    effect_target = EffectTarget.objects.create(
        focus_area=focus_area,
        indicator="Antal frivillige i sektorovergange",
        baseline=20,
        target=60,
        unit="personer",
        target_date=date(2021, 6, 30),
    )
    commission = Commission.objects.create(
        strategy=strategy,
        title="Kommissorium for revision af Frivillighedsstrategien",
        background="Aftale om budget for 2018.",
        secretariat="Tværsektorielt Samarbejde",
    )
    commission.bodies.add(body)
    variant = ProcessVariant.objects.create(
        commission=commission, name="Standardproces", ready_by=date(2019, 3, 1), position=1
    )
    milestone = Milestone.objects.create(
        variant=variant,
        kind=Milestone.Kind.MEETING,
        title="1. møde i arbejdsgruppen",
        date=date(2018, 9, 4),
        body=body,
    )
    consultation = Consultation.objects.create(
        strategy=strategy,
        title="Høring over udkast til Frivillighedsstrategi 2019",
        opens_on=date(2018, 10, 1),
        closes_on=date(2018, 11, 30),
    )
    party = ConsultedParty.objects.create(consultation=consultation, name="Hoved-MEDudvalget", position=1)
    response = ConsultationResponse.objects.create(
        consultation=consultation, party=party, name="Anne Jensen", text="Vi bakker op om udkastet."
    )
    plan = ImplementationPlan.objects.create(strategy=strategy, introduction="Handlingsanvisende plan.")
    part = PlanPart.objects.create(
        plan=plan, name="Sygehusene", guidance="Start med én afdeling.", position=1
    )
    part.units.add(hospital)
    action = Action.objects.create(
        part=part,
        focus_area=focus_area,
        title="Frivilligkoordinator på hvert sygehus",
        owner_unit=hospital,
        responsible=users[Role.COORDINATOR],
        start=date(2019, 4, 1),
        deadline=date(2019, 12, 31),
    )
    budget_line = BudgetLine.objects.create(
        plan=plan, title="Cafeudvikling", funding_source="MSO's fælles opsparing"
    )
    BudgetAmount.objects.create(line=budget_line, year=2019, amount=273_000)
    return {
        "approved_strategy": approved,
        "strategy": strategy,
        "focus_area": focus_area,
        "effect_target": effect_target,
        "commission": commission,
        "variant": variant,
        "milestone": milestone,
        "consultation": consultation,
        "party": party,
        "response": response,
        "implementation_plan": plan,
        "part": part,
        "action": action,
        "budget_line": budget_line,
    }


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
