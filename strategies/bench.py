"""The large strategy of the benchmark (`manage.py bench`): a revision with many focus areas, actions,
a budget, a commission and a consultation with many responses, from this app's demo texts."""

from datetime import date, timedelta

from . import demo
from .models import (
    Action,
    BudgetAmount,
    BudgetLine,
    Commission,
    Consultation,
    ConsultationResponse,
    EffectTarget,
    FocusArea,
    ImplementationPlan,
    PlanPart,
    Strategy,
)

#: The large strategy: focus areas, actions of its implementation plan and consultation responses.
FOCUS_AREAS, ACTIONS, RESPONSES = 15, 200, 300


def large_strategy(organisation, units, responsible, rng):
    """A draft revision with FOCUS_AREAS focus areas (three effect targets each), ACTIONS actions over
    three parts of the organisation, a budget, a commission with two process variants and a consultation
    with RESPONSES responses; and the approved version before it ("followed_up"), whose follow-up the
    evaluation app fills."""
    approved = Strategy.objects.create(
        organisation=organisation,
        title="Frivillighedsstrategi",
        version="2016",
        status=Strategy.Status.IMPLEMENTATION,
        approved_on=date(2016, 3, 1),
        vision=demo.SYD_VISION,
        principles=demo.PRINCIPLES_2011,
        attention_points=demo.ATTENTION_POINTS,
    )
    for position, title in enumerate(demo.CANDIDATE_FOCUS_AREAS, start=1):
        FocusArea.objects.create(
            strategy=approved, position=position, title=title, goals="Et mål\nEt andet mål"
        )
    strategy = approved.start_revision("2019")
    titles = demo.CANDIDATE_FOCUS_AREAS + ["Frivillighed i sektorovergange", "Samskabelse"]
    FocusArea.objects.bulk_create(
        FocusArea(
            strategy=strategy,
            position=100 + position,
            title=titles[position % len(titles)] + f" ({position})",
            description=demo.SYD_COMMISSION["implementation"],
            goals="Flere frivillige\nBedre introduktion\nFlere samarbejdsaftaler",
        )
        for position in range(FOCUS_AREAS - len(demo.CANDIDATE_FOCUS_AREAS))
    )
    areas = list(strategy.focus_areas.all())
    EffectTarget.objects.bulk_create(
        EffectTarget(
            focus_area=area,
            position=number,
            indicator=f"Indikator {number} for {area.title}",
            baseline=rng.randint(10, 500),
            target=rng.randint(500, 1000),
            unit="personer",
            target_date=date(2021, 6, 30),
        )
        for area in areas
        for number in range(1, 4)
    )
    commission = Commission.objects.create(strategy=strategy, **demo.SYD_COMMISSION)
    variant = demo.create_variants(commission, demo.SYD_VARIANTS)[-1]
    commission.choose(variant)
    plan = ImplementationPlan.objects.create(strategy=strategy, introduction="Handlingsanvisende plan.")
    parts = PlanPart.objects.bulk_create(
        PlanPart(plan=plan, name=name, guidance=guidance, position=position)
        for position, (name, guidance, _units, _actions) in enumerate(demo.SYD_PARTS, start=1)
    )
    statuses = list(Action.Status.values)
    Action.objects.bulk_create(
        Action(
            part=parts[i % len(parts)],
            focus_area=areas[i % len(areas)],
            title=f"Handling {i + 1}: {areas[i % len(areas)].title}",
            description="Beskrivelse af handlingen.",
            owner_unit=units[i % len(units)],
            responsible=responsible,
            start=date(2019, 6, 1) + timedelta(days=i),
            deadline=date(2020, 6, 1) + timedelta(days=i),
            status=statuses[i % len(statuses)],
            position=i,
        )
        for i in range(ACTIONS)
    )
    for position, (title, years) in enumerate(
        [("Drift af Klyngen", range(2019, 2022)), ("Cafeudvikling", range(2018, 2022))]
    ):
        line = BudgetLine.objects.create(
            plan=plan, title=title, funding_source="MSO's fælles opsparing", position=position
        )
        BudgetAmount.objects.bulk_create(BudgetAmount(line=line, year=year, amount=273_000) for year in years)
    consultation = Consultation.objects.create(
        strategy=strategy,
        title="Høring over Frivillighedsstrategi 2019",
        opens_on=date(2018, 10, 1),
        closes_on=date(2018, 11, 30),
    )
    parties = list(demo.create_parties(consultation).values())
    ConsultationResponse.objects.bulk_create(
        ConsultationResponse(
            consultation=consultation,
            party=parties[i % len(parties)] if i % 3 else None,
            name=f"Borger {i + 1}",
            text="Vi bakker op om udkastet, men savner mere om samskabelse. " * 5,
            status=ConsultationResponse.Status.ACCEPTED if i % 4 else ConsultationResponse.Status.RECEIVED,
            comment="Indarbejdet." if i % 2 else "",
        )
        for i in range(RESPONSES)
    )
    return {
        "strategy": strategy,
        "commission": commission,
        "consultation": consultation,
        "plan": plan,
        "followed_up": approved,
    }
