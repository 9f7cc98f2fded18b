"""Test data: one factory per model, and `organisation_with_everything()`, the `region` fixture's world.

Each factory's defaults are the values the fixtures have always had (tests look for "Karen Holm", the
"Frivillighedsstrategi" of 2019, ...). A factory called without its parents makes them, in an
organisation of their own: `ActionFactory()` alone builds the organisation, strategy, plan and part it
belongs to.
"""

from datetime import date, time
from types import SimpleNamespace

import factory
from factory.django import DjangoModelFactory, Password

from agreements.models import Agreement
from evaluation.models import StatusReport
from meetings.models import AgendaItem, Body, FollowUp, Meeting, MeetingPlan, Membership, SeatCategory
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

#: Every test user's password.
PASSWORD = "correct-horse-battery-staple"


def many_to_many(field):
    """A post-generation hook that sets the many-to-many `field` to the objects passed for it."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).set(extracted)

    return factory.PostGeneration(hook)


class Factory(DjangoModelFactory):
    class Meta:
        abstract = True
        # The many-to-many hooks save what they set themselves: no second save of the object.
        skip_postgeneration_save = True


# --- Organisation and register -----------------------------------------------------------------------


class OrganisationFactory(Factory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Region {n}")
    kind = Organisation.Kind.REGION


class UnitFactory(Factory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Hospital {n}")
    kind = Unit.Kind.HOSPITAL


class UserFactory(Factory):
    class Meta:
        model = User

    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COORDINATOR
    username = factory.Sequence(lambda n: f"bruger{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = Password(PASSWORD)
    is_staff = factory.LazyAttribute(lambda user: user.role == Role.ADMINISTRATOR)
    units = many_to_many("units")


class VolunteerOrganisationFactory(Factory):
    class Meta:
        model = VolunteerOrganisation

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Dansk Røde Kors"
    kind = VolunteerOrganisation.Kind.ORGANISATION
    units = many_to_many("units")


class ActivityFactory(Factory):
    class Meta:
        model = Activity

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Besøgsven"


class VolunteerFactory(Factory):
    class Meta:
        model = Volunteer

    unit = factory.SubFactory(UnitFactory)
    organisation = factory.SelfAttribute("unit.organisation")
    first_name = "Karen"
    last_name = "Holm"
    start_date = date(2022, 3, 1)
    activities = many_to_many("activities")


# --- Agreements --------------------------------------------------------------------------------------


class AgreementFactory(Factory):
    """A draft collaboration agreement with every required field filled in."""

    class Meta:
        model = Agreement

    unit = factory.SubFactory(UnitFactory)
    organisation = factory.SelfAttribute("unit.organisation")
    volunteer_organisation = factory.SubFactory(
        VolunteerOrganisationFactory, organisation=factory.SelfAttribute("..organisation")
    )
    title = "Besøgsvenner på medicinsk afdeling"
    kind = Agreement.Kind.SUPPLEMENT_TO_CARE
    purpose = "At give indlagte patienter selskab og en god samtale."
    target_group = "Indlagte patienter uden besøg af pårørende."
    volunteer_tasks = "Samtale og selskab\nHøjtlæsning af avis"
    professional_tasks = "Pleje og behandling\nVurdering af, hvilke patienter der ønsker besøg"
    start_date = date(2025, 1, 1)
    review_date = date(2026, 1, 1)


def make_agreement(unit, volunteer_organisation, **fields):
    """The agreement of `unit` with `volunteer_organisation`: AgreementFactory, as the tests call it."""
    return AgreementFactory(unit=unit, volunteer_organisation=volunteer_organisation, **fields)


# --- Bodies and meetings -----------------------------------------------------------------------------


class BodyFactory(Factory):
    class Meta:
        model = Body

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.LazyAttribute(lambda body: f"{body.organisation.name} Styregruppe")
    kind = Body.Kind.STEERING_GROUP


class SeatCategoryFactory(Factory):
    class Meta:
        model = SeatCategory

    body = factory.SubFactory(BodyFactory)
    name = "Ledelsesrepræsentanter fra hospitalerne"
    required = 5
    includes_chair = True


class MembershipFactory(Factory):
    """The chair, in the body's first seat category."""

    class Meta:
        model = Membership

    seat_category = factory.SubFactory(SeatCategoryFactory)
    body = factory.SelfAttribute("seat_category.body")
    name = "Erik Vinther"
    role = Membership.Role.CHAIR
    represents = "(V)"


class MeetingPlanFactory(Factory):
    class Meta:
        model = MeetingPlan

    body = factory.SubFactory(BodyFactory)
    title = "Mødeplan 2026"


class MeetingFactory(Factory):
    class Meta:
        model = Meeting

    plan = factory.SubFactory(MeetingPlanFactory)
    body = factory.SelfAttribute("plan.body")
    date = date(2026, 9, 1)
    start_time = time(9)
    end_time = time(12)
    place = "Mødelokale 1"


class AgendaItemFactory(Factory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = 1
    title = "Godkendelse af dagsorden"


class FollowUpFactory(Factory):
    class Meta:
        model = FollowUp

    item = factory.SubFactory(AgendaItemFactory)
    title = "Send referatet"
    owner = "Sekretariatet"
    deadline = date(2026, 9, 15)


# --- Strategies: the strategy, its revision, consultation and implementation plan ------------------------


class StrategyFactory(Factory):
    """A draft version of the organisation's volunteer strategy."""

    class Meta:
        model = Strategy

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Frivillighedsstrategi"
    version = "2019"


class FocusAreaFactory(Factory):
    class Meta:
        model = FocusArea

    strategy = factory.SubFactory(StrategyFactory)
    position = 1
    title = "Frivillighed i sektorovergange"
    goals = "Flere patienter får støtte fra en frivillig ved udskrivelse"


class EffectTargetFactory(Factory):
    class Meta:
        model = EffectTarget

    focus_area = factory.SubFactory(FocusAreaFactory)
    indicator = "Antal frivillige i sektorovergange"
    baseline = 20
    target = 60
    unit = "personer"
    target_date = date(2021, 6, 30)


class CommissionFactory(Factory):
    class Meta:
        model = Commission

    strategy = factory.SubFactory(StrategyFactory)
    title = "Kommissorium for revision af Frivillighedsstrategien"
    background = "Aftale om budget for 2018."
    secretariat = "Tværsektorielt Samarbejde"
    bodies = many_to_many("bodies")


class ProcessVariantFactory(Factory):
    class Meta:
        model = ProcessVariant

    commission = factory.SubFactory(CommissionFactory)
    name = "Standardproces"
    ready_by = date(2019, 3, 1)
    position = 1


class MilestoneFactory(Factory):
    class Meta:
        model = Milestone

    variant = factory.SubFactory(ProcessVariantFactory)
    kind = Milestone.Kind.MEETING
    title = "1. møde i arbejdsgruppen"
    date = date(2018, 9, 4)


class ConsultationFactory(Factory):
    class Meta:
        model = Consultation

    strategy = factory.SubFactory(StrategyFactory)
    title = "Høring over udkast til Frivillighedsstrategi 2019"
    opens_on = date(2018, 10, 1)
    closes_on = date(2018, 11, 30)


class ConsultedPartyFactory(Factory):
    class Meta:
        model = ConsultedParty

    consultation = factory.SubFactory(ConsultationFactory)
    name = "Hoved-MEDudvalget"
    position = 1


class ConsultationResponseFactory(Factory):
    class Meta:
        model = ConsultationResponse

    party = factory.SubFactory(ConsultedPartyFactory)
    consultation = factory.SelfAttribute("party.consultation")
    name = "Anne Jensen"
    text = "Vi bakker op om udkastet."


class ImplementationPlanFactory(Factory):
    class Meta:
        model = ImplementationPlan

    strategy = factory.SubFactory(StrategyFactory)
    introduction = "Handlingsanvisende plan."


class PlanPartFactory(Factory):
    class Meta:
        model = PlanPart

    plan = factory.SubFactory(ImplementationPlanFactory)
    name = "Sygehusene"
    guidance = "Start med én afdeling."
    position = 1
    units = many_to_many("units")


class ActionFactory(Factory):
    class Meta:
        model = Action

    part = factory.SubFactory(PlanPartFactory)
    focus_area = factory.SubFactory(FocusAreaFactory, strategy=factory.SelfAttribute("..part.plan.strategy"))
    title = "Frivilligkoordinator på hvert sygehus"
    start = date(2019, 4, 1)
    deadline = date(2019, 12, 31)


class BudgetLineFactory(Factory):
    class Meta:
        model = BudgetLine

    plan = factory.SubFactory(ImplementationPlanFactory)
    title = "Cafeudvikling"
    funding_source = "MSO's fælles opsparing"


class BudgetAmountFactory(Factory):
    class Meta:
        model = BudgetAmount

    line = factory.SubFactory(BudgetLineFactory)
    year = 2019
    amount = 273_000


# --- Follow-up ---------------------------------------------------------------------------------------


class StatusReportFactory(Factory):
    """A unit's draft report for a period: the one there is, if the unit has one already."""

    class Meta:
        model = StatusReport
        django_get_or_create = ["period", "unit"]


# --- The `region` fixture's world --------------------------------------------------------------------


def strategy_under_revision(organisation, body, hospital, responsible):
    """An approved strategy under revision: the draft with its commission, process, consultation and
    implementation plan."""
    approved = StrategyFactory(
        organisation=organisation,
        version="2016",
        status=Strategy.Status.IMPLEMENTATION,
        approved_on=date(2016, 6, 20),
        vision="Frivillige er et værdifuldt supplement til personalets indsats.",
    )
    FocusAreaFactory(strategy=approved, title="Rekruttering af frivillige", goals="")
    strategy = StrategyFactory(
        organisation=organisation,
        replaces=approved,
        vision="Stærkere partnerskaber med civilsamfundet.",
        principles="De frivillige supplerer de professionelle\nForudgående dialog mellem ledelse og TR",
        attention_points="De frivilliges motivation\nTiming",
    )
    focus_area = FocusAreaFactory(strategy=strategy)
    effect_target = EffectTargetFactory(focus_area=focus_area)
    commission = CommissionFactory(strategy=strategy, bodies=[body])
    variant = ProcessVariantFactory(commission=commission)
    milestone = MilestoneFactory(variant=variant, body=body)
    consultation = ConsultationFactory(strategy=strategy)
    party = ConsultedPartyFactory(consultation=consultation)
    response = ConsultationResponseFactory(party=party)
    plan = ImplementationPlanFactory(strategy=strategy)
    part = PlanPartFactory(plan=plan, units=[hospital])
    action = ActionFactory(part=part, focus_area=focus_area, owner_unit=hospital, responsible=responsible)
    budget_line = BudgetLineFactory(plan=plan)
    BudgetAmountFactory(line=budget_line)
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


def organisation_with_everything(name, slug):
    """An organisation with a small unit tree, its register, a body with a meeting, one user per role,
    two agreements and a strategy under revision. `slug` tells its users' names and e-mail addresses
    from another organisation's."""
    organisation = OrganisationFactory(name=name)
    hospital = UnitFactory(organisation=organisation, name=f"{name} Hospital")
    department = UnitFactory(
        organisation=organisation, parent=hospital, name=f"{name} Afdeling", kind=Unit.Kind.DEPARTMENT
    )
    other_hospital = UnitFactory(organisation=organisation, name=f"{name} Andet Hospital")
    volunteer_organisation = VolunteerOrganisationFactory(organisation=organisation, units=[hospital])
    activity = ActivityFactory(organisation=organisation)
    child_activity = ActivityFactory(
        organisation=organisation, name="Legestue på børneafdelingen", involves_children=True
    )
    volunteer = VolunteerFactory(
        unit=hospital,
        email=f"karen.holm.{slug}@example.org",
        affiliation=volunteer_organisation,
        activities=[activity],
    )
    other_volunteer = VolunteerFactory(
        unit=other_hospital, first_name="Jens", last_name="Berg", start_date=date(2023, 5, 1)
    )
    body = BodyFactory(organisation=organisation)
    seat_category = SeatCategoryFactory(body=body)
    MembershipFactory(seat_category=seat_category)
    plan = MeetingPlanFactory(body=body)
    meeting = MeetingFactory(plan=plan)
    item = AgendaItemFactory(meeting=meeting)
    users = {
        role: UserFactory(organisation=organisation, role=role, username=f"{role}.{slug}")
        for role in Role.values
    }
    users[Role.COORDINATOR].units.add(hospital)
    agreement = make_agreement(hospital, volunteer_organisation, responsible=users[Role.COORDINATOR])
    other_agreement = make_agreement(other_hospital, volunteer_organisation, title="Café for pårørende")
    return SimpleNamespace(
        **strategy_under_revision(organisation, body, hospital, users[Role.COORDINATOR]),
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


def checks_due_on_out_of_step(volunteers):
    """The volunteers (of a queryset) whose stored checks_due_on is not what their fields, activities and
    organisation make it: [(name, stored, expected)]; empty when every path kept it in step."""
    volunteers = volunteers.select_related("organisation").prefetch_related("activities")
    return [
        (str(volunteer), volunteer.checks_due_on, volunteer.first_day_checks_missing())
        for volunteer in volunteers
        if volunteer.checks_due_on != volunteer.first_day_checks_missing()
    ]
