import time
from datetime import date, datetime, timedelta
from datetime import time as clock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from evaluation import demo as evaluation_demo
from evaluation.models import (
    ActionReport,
    Answer,
    EvaluationMilestone,
    ReportingSchedule,
    StatusReport,
    Submission,
    current_period,
)
from evaluation.reporting import key_figures
from meetings import demo as meetings_demo
from meetings.models import (
    AgendaItem,
    Body,
    FollowUp,
    FollowUpNote,
    Meeting,
    MeetingPlan,
    Membership,
    SeatCategory,
)
from strategies import demo as strategies_demo
from strategies.models import (
    Action,
    Consultation,
    ConsultationResponse,
    EffectTarget,
    FocusArea,
    Milestone,
    Strategy,
)
from tests.factories import checks_due_on_out_of_step
from volunteers import demo
from volunteers.models import (
    Activity,
    HandOff,
    NotificationKind,
    Organisation,
    Role,
    TrainingRecord,
    Unit,
    User,
    Volunteer,
    VolunteerOrganisation,
)

MODELS = (
    Organisation,
    Unit,
    User,
    VolunteerOrganisation,
    Body,
    Membership,
    SeatCategory,
    MeetingPlan,
    Meeting,
    AgendaItem,
    Activity,
    Volunteer,
    Volunteer.activities.through,
    Volunteer.active_units.through,
    TrainingRecord,
    Agreement,
    Agreement.history.model,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_creates_the_seeds_data_and_twice_changes_nothing(db, capsys):
    started = time.perf_counter()
    call_command("seed_demo")
    seconds = time.perf_counter() - started
    first = counts()
    logins = capsys.readouterr().out
    horsens = Unit.objects.get(name="Regionshospital Horsens")
    user = User.objects.get(username="koordinator.midt")
    user.set_password("changed-by-the-user")
    user.save()

    call_command("seed_demo", verbosity=0)

    assert counts() == first
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Region Syddanmark",
        "Region Midtjylland",
        "Aarhus Kommune",
    }
    assert horsens.organisation.name == "Region Midtjylland"
    assert Unit.objects.filter(organisation__name="Aarhus Kommune", name="Sundhed og Omsorg").exists()
    for organisation in Organisation.objects.all():
        names = set(organisation.volunteer_organisations.values_list("name", flat=True))
        assert {"Dansk Røde Kors", "Kræftens Bekæmpelse", "Hjerteforeningen"} <= names
        assert set(organisation.users.values_list("role", flat=True)) == set(Role.values)

    committee = Body.objects.get(name="Midlertidigt udvalg vedrørende samarbejde med civilsamfundet")
    assert (committee.term_start, committee.term_end) == (date(2020, 1, 1), date(2021, 12, 31))
    assert [str(m) for m in committee.memberships.all()][:2] == [
        "Erik Vinther (V)",
        "Lars Møller Pedersen (A)",
    ]
    assert committee.memberships.get(role=Membership.Role.CHAIR).name == "Erik Vinther"
    assert committee.memberships.count() == 7
    assert Body.objects.filter(name="Koncernledelsesforum", kind=Body.Kind.STEERING_GROUP).exists()

    # Seed 003: the approved meeting plan and the first meeting with its five items and decisions.
    plan = committee.meeting_plans.get(title="Mødeplan 2020-2021")
    assert plan.is_approved
    assert [(m.date, m.start_time, m.end_time) for m in plan.meetings.all()] == [
        (day, clock(9), clock(12))
        for day in [
            date(2020, 8, 18),
            date(2020, 10, 26),
            date(2021, 1, 21),
            date(2021, 4, 21),
            date(2021, 6, 10),
            date(2021, 9, 16),
        ]
    ]
    first = committee.meetings.get(date=date(2020, 8, 18))
    assert first.status == Meeting.Status.MINUTES_APPROVED and first.minutes_approved_by
    assert "Regionshuset Viborg" in first.place
    items = list(first.items.all())
    assert [(item.position, item.title) for item in items] == [
        (1, "Velkomst og introduktion til arbejdet i udvalget"),
        (
            2,
            "Præsentation af samarbejdet med frivillige og med civilsamfundet Region Midtjyllands "
            "nuværende samarbejde",
        ),
        (3, "Drøftelse af udvalgets opgaver og arbejdsplan"),
        (4, "Godkendelse af udvalgets mødeplan for 2020 og 2021"),
        (5, "Gensidig orientering"),
    ]
    assert {item.case_number for item in items} == {"1-00-6-20"} and all(item.decision for item in items)
    assert items[2].recommendation_by == "Direktionen"
    assert items[2].recommendation_lines == [
        "at udvalget drøfter udvalgets opgaver og arbejdsplan, og",
        "at udvalget drøfter de forskellige input fra andre politiske udvalg til udvalgets arbejde.",
    ]
    assert items[3].decision == "Udvalget godkendte mødeplanen."
    assert items[1].links.get().url == "https://www.rm.dk/job/frivillig-i-region-midtjylland"

    # Seed 000: the working group's seats, 20 in all (the chair is one of the five hospital seats), some
    # filled by members named by their function.
    group = Body.objects.get(name="Arbejdsgruppen for revision af Frivillighedsstrategien")
    categories = list(group.seat_categories.all())
    assert sum(category.required for category in categories) == 20 and len(categories) == 10
    assert (categories[0].required, categories[0].appointed_by, categories[0].includes_chair) == (
        5,
        "Koncernledelsesforum",
        True,
    )
    assert (categories[1].required, categories[1].appointed_by) == (4, "Sundhedsstrategisk Forum")
    chair = group.memberships.get(role=Membership.Role.CHAIR)
    assert (chair.name, chair.seat_category) == ("Hospitalsdirektør, Sygehus Lillebælt", categories[0])
    assert 0 < group.memberships.count() < 20

    # The printed logins work; a password a user has changed is left alone on the second run.
    assert "koordinator.syd" in logins and "frivillig-demo" in logins
    assert User.objects.get(username="koordinator.syd").check_password("frivillig-demo")
    assert User.objects.get(username="koordinator.midt").check_password("changed-by-the-user")
    assert list(User.objects.get(username="koordinator.midt").units.all()) == [horsens]

    # Far below the ~20 s a developer would notice: everything generated goes in with bulk inserts.
    print(f"seed_demo took {seconds:.1f} s")
    assert seconds < 20


def test_seed_demo_generates_a_register_of_volunteers(db):
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()

    for organisation in Organisation.objects.all():
        slug = demo.ORGANISATIONS[organisation.name]["slug"]
        volunteers = organisation.volunteers.all()
        assert volunteers.count() == demo.VOLUNTEERS_PER_ORGANISATION[slug]
        assert set(organisation.activities.values_list("name", flat=True)) == {
            name for name, *_flags in demo.ACTIVITIES
        }
        assert organisation.activities.get(name="Lektiehjælp for indlagte børn").involves_children
        assert organisation.activities.get(name="Følgeven i eget hjem").involves_homes
        # Where coordinators have work: checks missing or due, former volunteers past the retention
        # period, anniversaries to celebrate; and the statistics have blanks where nothing was given.
        assert volunteers.missing_checks().exists()
        assert checks_due_on_out_of_step(volunteers) == []  # bulk-created with the derived day
        assert volunteers.due_for_anonymisation(organisation).exists()
        active = list(volunteers.with_status(Volunteer.Status.ACTIVE))
        assert sum(v.anniversary(today) is not None for v in active) >= 5
        assert volunteers.filter(birth_year__isnull=True).exists()
        assert volunteers.filter(gender="").exists()
        assert volunteers.filter(confidentiality_signed_on__isnull=False).count() > 0.8 * len(active)
        assert min(v.start_date for v in volunteers) < today - timedelta(days=10 * 365)
        assert volunteers.filter(training_records__isnull=False).distinct().count() > 0.8 * len(active)
        assert not volunteers.exclude(email__endswith="@example.org").exists()
        assert not volunteers.exclude(unit__kind__in=demo.VOLUNTEER_UNIT_KINDS).exists()
    assert Volunteer.objects.filter(first_name="Søren").exists()

    horsens_corps = VolunteerOrganisation.objects.get(name="Frivilligkorpset ved Regionshospital Horsens")
    assert horsens_corps.kind == VolunteerOrganisation.Kind.OWN_CORPS
    assert list(horsens_corps.units.values_list("name", flat=True)) == ["Regionshospital Horsens"]
    # Only volunteers at Horsens (or its emergency department) belong to its own corps, and many do.
    corps_units = set(horsens_corps.volunteers.values_list("unit__name", flat=True))
    assert corps_units == {"Regionshospital Horsens", "Akutafdelingen, Regionshospital Horsens"}
    assert horsens_corps.volunteers.count() >= 20

    # A child or home check is recorded only where an activity calls for it.
    assert (
        not Volunteer.objects.filter(child_check_assessed_on__isnull=False)
        .exclude(activities__involves_children=True)
        .exists()
    )
    assert Volunteer.objects.filter(
        activities__involves_homes=True, criminal_check_assessed_on__isnull=True
    ).exists()


def test_seed_demo_agreements_are_in_their_states(db):
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    agreements = {a.title: a for a in Agreement.objects.select_related("unit", "volunteer_organisation")}

    visits = agreements["Besøgsvenner på Regionshospital Horsens"]
    assert (visits.status, visits.volunteer_organisation.name) == (Agreement.Status.ACTIVE, "Dansk Røde Kors")
    assert today <= visits.review_date <= today + timedelta(days=30)
    assert "Følge patienter til undersøgelse og tilbage igen" in visits.volunteer_task_list
    assert "Al pleje og behandling" in visits.professional_task_list
    assert visits.tr_dialogue_on < visits.approved_on <= visits.start_date
    assert visits.responsible.username == "koordinator.midt"
    # Walked through the workflow: its history tells each step, by the coordinator.
    assert [h.status for h in visits.history.order_by("history_id")] == [
        "draft",
        "tr_dialogue",
        "approved",
        "active",
    ]
    assert {h.history_user.username for h in visits.history.all()} == {"koordinator.midt"}

    cafe = agreements["Patient- og pårørendecafé på Regionshospital Horsens"]
    assert (cafe.status, cafe.volunteer_organisation.name) == (
        Agreement.Status.TR_DIALOGUE,
        "Kræftens Bekæmpelse",
    )
    assert cafe.tr_dialogue_with and cafe.tr_dialogue_outcome and not cafe.approved_on
    assert "Servere kaffe i caféen" in cafe.volunteer_task_list

    guide = agreements["Guide og værtsfunktion i forhallen"]
    assert guide.status == Agreement.Status.DRAFT
    assert guide.volunteer_organisation.kind == VolunteerOrganisation.Kind.OWN_CORPS

    ended = agreements["Besøgsvenner på Aarhus Universitetshospital"]
    assert ended.status == Agreement.Status.ENDED and ended.ended_on < today

    syd = Agreement.objects.filter(organisation__name="Region Syddanmark", unit__name="Sygehus Lillebælt")
    assert set(syd.values_list("status", flat=True)) == {
        Agreement.Status.ACTIVE,
        Agreement.Status.DUE_FOR_REVIEW,
    }
    assert syd.get(status=Agreement.Status.DUE_FOR_REVIEW).review_date < today

    aarhus = Agreement.objects.get(organisation__name="Aarhus Kommune")
    assert (aarhus.status, aarhus.volunteer_organisation.name) == (
        Agreement.Status.ACTIVE,
        "Frivilligcenter Aarhus",
    )

    for agreement in agreements.values():
        agreement.full_clean()
        assert agreement.responsible.role == Role.COORDINATOR
        assert agreement.responsible.organisation_id == agreement.organisation_id
        if agreement.status in {Agreement.Status.ACTIVE, Agreement.Status.DUE_FOR_REVIEW}:
            assert agreement.tr_dialogue_on and agreement.approved_on


def test_seed_demo_strategy_work(db):
    call_command("seed_demo", verbosity=0)
    syd = Strategy.objects.filter(organisation__name="Region Syddanmark")
    first, revision = syd.get(version="2016"), syd.get(version="2019")
    # Seed 000's revision keeps its history; the demo's own continuation replaced it after the evaluation.
    continuation = revision.revision
    assert (first.status, revision.status, continuation.status) == (
        Strategy.Status.REPLACED,
        Strategy.Status.REPLACED,
        Strategy.Status.IMPLEMENTATION,
    )
    assert revision.replaces == first and revision.approved_by.name == "Koncernledelsesforum"
    assert revision.approved_on == date(2019, 5, 23)
    commission = revision.commission
    assert {body.name for body in commission.bodies.all()} == {
        "Koncernledelsesforum",
        "Arbejdsgruppen for revision af Frivillighedsstrategien",
    }
    standard, inclusive = commission.variants.all()
    assert commission.chosen_variant == inclusive
    meetings = Milestone.Kind.MEETING
    assert standard.milestones.filter(kind=meetings).count() == 3
    assert inclusive.milestones.filter(kind=meetings).count() == 5
    assert inclusive.milestones.filter(kind=Milestone.Kind.WORKSHOP).count() == 2
    assert standard.ready_by == date(2019, 3, 1) and inclusive.ready_by == date(2019, 6, 1)
    assert [part.name for part in revision.implementation_plan.parts.all()] == [
        "Sygehusene",
        "Psykiatrien",
        "Socialområdet",
    ]
    assert "Demodata" in continuation.purpose

    midt_2015 = Strategy.objects.get(organisation__name="Region Midtjylland", version="2015")
    assert midt_2015.focus_areas.count() == 13
    process = midt_2015.commission.chosen_variant.milestones.all()
    assert [m.date for m in process][:3] == [date(2015, 1, 16), date(2015, 2, 19), date(2015, 4, 20)]
    assert process.last().forum == "Regionsrådet" and process.last().date == date(2015, 12, 16)
    assert midt_2015.consultations.get().responses.count() == 4
    next_revision = midt_2015.revision
    assert next_revision.status == Strategy.Status.CONSULTATION
    assert "samskabelse" in next_revision.commission.background
    assert next_revision.consultations.get().is_open()

    aarhus = Strategy.objects.get(organisation__name="Aarhus Kommune")
    lines = {
        line.title: {a.year: a.amount for a in line.amounts.all()}
        for line in aarhus.implementation_plan.budget_lines.all()
    }
    assert lines == {
        "Drift af Klyngen": {2019: 1_000_000, 2020: 1_000_000, 2021: 1_000_000},
        "Cafeudvikling": {2018: 273_000, 2019: 273_000, 2020: 273_000, 2021: 273_000},
    }
    assert EffectTarget.objects.filter(focus_area__strategy=aarhus).count() == 2

    counts = {model: model.objects.count() for model in (Strategy, Milestone, Action, ConsultationResponse)}
    call_command("seed_demo", verbosity=0)
    assert {model: model.objects.count() for model in counts} == counts


def test_seed_demo_follow_up_of_2019_at_its_real_dates(db):
    call_command("seed_demo", verbosity=0)
    strategy = Strategy.objects.get(organisation__name="Region Syddanmark", version="2019")
    rhythm = strategy.reporting
    assert (rhythm.interval_months, rhythm.evaluation_months, rhythm.steering_body.name) == (
        6,
        24,
        "Koncernledelsesforum",
    )
    periods = list(strategy.periods.all())
    assert [(p.starts_on, p.ends_on) for p in periods] == [
        (date(2019, 5, 23), date(2019, 11, 22)),
        (date(2019, 11, 23), date(2020, 5, 22)),
        (date(2020, 5, 23), date(2020, 11, 22)),
        (date(2020, 11, 23), date(2021, 5, 22)),
    ]
    assert {unit.name for unit in rhythm.units.all()} == set(evaluation_demo.REPORTING_UNITS)
    reports = StatusReport.objects.filter(period__strategy=strategy)
    assert reports.count() == 4 * 5
    late = [report for report in reports if report.is_late()]
    assert [(report.unit.name, report.period.number) for report in late] == [(evaluation_demo.LATE_UNIT, 4)]
    statuses = set(
        ActionReport.objects.filter(report__period__strategy=strategy).values_list("status", flat=True)
    )
    assert statuses == {"on_track", "at_risk", "behind", "done"}
    questionnaire = strategy.questionnaire
    assert (questionnaire.opens_on, questionnaire.closes_on) == (date(2021, 3, 23), date(2021, 4, 23))
    assert questionnaire.links.count() == 10
    assert Submission.objects.filter(link__questionnaire=questionnaire).count() > 50
    assert not strategy.evaluation_milestones.filter(completed_on__isnull=True).exists()
    # Only seed 000 asks for a rhythm: no other organisation has one.
    assert set(ReportingSchedule.objects.values_list("strategy__organisation__name", flat=True)) == {
        "Region Syddanmark"
    }


def test_seed_demo_keeps_the_seeds_facts_and_carries_nothing_between_organisations(db):
    call_command("seed_demo", verbosity=0)
    # Seed 000: the working group's term, Koncernledelsesforum as steering group; seed 004: the two
    # named leaders in Aarhus; seed 003: the committee's case number on every item of its first meeting.
    group = Body.objects.get(name="Arbejdsgruppen for revision af Frivillighedsstrategien")
    assert (group.term_start, group.term_end) == (date(2018, 3, 1), date(2019, 6, 30))
    chefteam = Body.objects.get(name="Chefteamet i Sundhed og Omsorg")
    assert {"Maj Morgenstjerne", "Henriette Andersen"} <= set(
        chefteam.memberships.values_list("name", flat=True)
    )
    first = Meeting.objects.get(body__name=meetings_demo.COMMITTEE[1], date=date(2020, 8, 18))
    assert set(first.items.values_list("case_number", flat=True)) == {"1-00-6-20"}
    assert first.minutes_approved_on == date(2020, 10, 26)
    aarhus = Strategy.objects.get(organisation__name="Aarhus Kommune")
    assert aarhus.approved_on == date(2019, 1, 31)

    # Region Midtjylland's principles of 2011 and its OBS list (seed 001) are its own, not Syddanmark's.
    syd = Strategy.objects.filter(organisation__name="Region Syddanmark")
    midt_principles = set(
        Strategy.objects.get(organisation__name="Region Midtjylland", version="2015").principle_lines()
    )
    assert midt_principles
    for strategy in syd:
        assert not midt_principles & set(strategy.principle_lines()), strategy
        assert not strategy.attention_points, strategy
        assert "Den frivillige indsats er ikke en erstatning for personalets pleje, behandling og omsorg" in (
            strategy.principle_lines()
        )
    syd_areas = set(FocusArea.objects.filter(strategy__in=syd).values_list("title", flat=True))
    assert not syd_areas & set(strategies_demo.CANDIDATE_FOCUS_AREAS)
    aarhus_texts = " ".join(
        [aarhus.principles, aarhus.attention_points, *aarhus.focus_areas.values_list("title", flat=True)]
    )
    assert not any(line in aarhus_texts for line in midt_principles)
    # A municipality's agreements speak of its citizens and its insurance, not a region's hospitals.
    for agreement in Agreement.objects.filter(organisation__name="Aarhus Kommune"):
        texts = " ".join(str(getattr(agreement, field.name)) for field in Agreement._meta.fields)
        assert "kommunens" in agreement.insurance_and_legal, agreement
        assert not {"regionens", "patienterne", "afdelingens"} & set(texts.split()), agreement
    # Region Midtjylland's consulted parties of 2015 (seed 001) are consulted only there.
    assert set(Consultation.objects.values_list("strategy__organisation__name", flat=True)) == {
        "Region Midtjylland"
    }


def every_model():
    return [model for model in apps.get_models(include_auto_created=True) if not model._meta.proxy]


def test_seed_demo_twice_changes_nothing_in_any_model(db):
    call_command("seed_demo", "--today", "2027-03-01", verbosity=0)
    before = {model._meta.label: model.objects.count() for model in every_model()}
    call_command("seed_demo", "--today", "2027-03-01", verbosity=0)
    assert {model._meta.label: model.objects.count() for model in every_model()} == before


@pytest.mark.parametrize("day", [date(2027, 3, 1), date(2025, 9, 14), date(2029, 6, 1)])
def test_seed_demo_builds_the_present_around_the_demo_day(db, day):
    started = time.perf_counter()
    call_command("seed_demo", "--today", day.isoformat(), verbosity=0)
    print(f"seed_demo --today {day} took {time.perf_counter() - started:.1f} s")
    syd = Organisation.objects.get(name="Region Syddanmark")
    strategy = Strategy.objects.get(organisation=syd, status=Strategy.Status.IMPLEMENTATION)
    assert strategy.replaces.version == "2019" and strategy.approved_on < day

    # The half year in progress contains the demo day, with reports in every state but one unit's.
    period = current_period(strategy, day)
    assert period.starts_on <= day <= period.ends_on
    reports = {r.unit.name: r for r in period.reports.select_related("unit")}
    assert {name: r.status for name, r in reports.items()} == evaluation_demo.CURRENT
    returned = reports["Sygehus Lillebælt"]
    assert returned.return_comment and returned.decided_by.username == "sekretariat.syd"
    # Their key figures are the register's on the demo day, as a report started that day would get.
    for report in reports.values():
        figures = key_figures(report.unit, day)
        assert figures == {name: getattr(report, name) for name in figures}, report.unit
    for report in StatusReport.objects.filter(period__strategy=strategy, submitted_at__isnull=False):
        assert report.period.starts_on <= timezone.localdate(report.submitted_at) <= day
        if report.decided_at:
            assert report.submitted_at < report.decided_at <= _end_of(day)
    assert not StatusReport.objects.filter(period__strategy=strategy, period__starts_on__gt=day).exists()

    # The previous half year's status pack is an item on Koncernledelsesforum's next meeting.
    previous = strategy.periods.get(number=period.number - 1)
    item = previous.status_pack_item
    assert item.meeting.body.name == "Koncernledelsesforum" and item.meeting.date > day
    assert item.meeting.status == Meeting.Status.DRAFT and item.attachments.count() == 1
    # Meetings held last week awaiting minutes, and upcoming ones, in each organisation.
    for organisation in Organisation.objects.all():
        meetings = Meeting.objects.filter(body__organisation=organisation, date__gt=day - timedelta(days=60))
        held = meetings.filter(date__lt=day, status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED])
        assert held.exists() and meetings.filter(date__gt=day).exists(), organisation
        assert all(meeting.date.weekday() < 5 for meeting in meetings)
        assert all(
            timezone.localdate(meeting.published_at) <= min(day, meeting.date)
            for meeting in meetings.exclude(published_at=None)
        )
    assert (
        Meeting.objects.filter(body__name="Koncernledelsesforum", date__range=(day - timedelta(days=10), day))
        .get()
        .status
        == Meeting.Status.HELD
    )

    # Follow-up tasks from the minuted decisions: one overdue, one open, one done.
    tasks = FollowUp.objects.filter(done_on=None)
    assert tasks.filter(
        deadline__lt=day, item__meeting__body__organisation__name="Region Midtjylland"
    ).exists()
    assert tasks.filter(deadline__gt=day, item__meeting__body__organisation__name="Aarhus Kommune").exists()
    assert not FollowUp.objects.filter(done_on__gt=day).exists()
    # Seeds 002-004's decisions and recommendations, followed up with dated notes up to the demo day.
    committee = FollowUp.objects.filter(body__name=meetings_demo.COMMITTEE[1])
    assert committee.count() == 2 and not committee.exclude(status=FollowUp.Status.DONE).exists()
    assert committee.filter(title__startswith="Litteraturstudie", item__position=2).exists()
    recommendations = FollowUp.objects.filter(
        kind=FollowUp.Kind.RECOMMENDATION, body__name="Regions-MEDudvalget"
    )
    assert recommendations.count() == 6 and all("Afrapportering" in r.source for r in recommendations)
    decisions = FollowUp.objects.filter(
        body__name="Chefteamet i Sundhed og Omsorg", source__startswith="Chefteam"
    )
    assert sorted(decisions.values_list("owner", flat=True)) == sorted(
        ["Maj Morgenstjerne", "Henriette Andersen", "Udvikling", "Maj Morgenstjerne og Henriette Andersen"]
    )
    assert {d.status for d in decisions} == {"open", "in_progress", "done"}
    assert decisions.overdue(day).count() == 1
    assert not FollowUpNote.objects.filter(date__gt=day).exists()
    assert all(f.notes.exists() for f in FollowUp.objects.filter(status=FollowUp.Status.DONE, item=None))

    # The two-year evaluation's questionnaire is open on the day, with answers so far that vary.
    questionnaire = strategy.questionnaire
    assert questionnaire.opens_on <= day <= questionnaire.closes_on
    submissions = Submission.objects.filter(link__questionnaire=questionnaire)
    assert submissions.exists() and not submissions.filter(submitted_on__gt=day).exists()
    scores = Answer.objects.filter(submission__in=submissions, score__isnull=False).values_list(
        "score", flat=True
    )
    assert len(set(scores)) >= 4
    open_steps = strategy.evaluation_milestones.filter(completed_on__isnull=True)
    assert set(open_steps.values_list("kind", flat=True)) == {
        EvaluationMilestone.Kind.RESPONSES_CLOSE,
        EvaluationMilestone.Kind.REPORT,
    }

    # A consultation open (Region Midtjylland's) with responses to moderate.
    consultation = Consultation.objects.get(
        strategy__organisation__name="Region Midtjylland", strategy__status=Strategy.Status.CONSULTATION
    )
    assert consultation.is_open(day)
    assert consultation.responses.filter(status="received", submitted_at__date__lte=day).count() == 3

    # Agreements due for review within the next month, for the coordinators of Midtjylland and Aarhus.
    for name in ("Region Midtjylland", "Aarhus Kommune"):
        assert Agreement.objects.filter(
            organisation__name=name,
            status=Agreement.Status.ACTIVE,
            review_date__range=(day, day + timedelta(days=30)),
        ).exists(), name


def _end_of(day):
    return timezone.make_aware(datetime.combine(day, clock(23, 59)))


def test_each_demo_login_meets_the_work_in_progress(db, client):
    call_command("seed_demo", verbosity=0)
    users = {user.username: user for user in User.objects.all()}
    for username in users:
        client.force_login(users[username])
        assert client.get(reverse("home")).status_code == 200, username
    strategy = Strategy.objects.get(
        organisation__name="Region Syddanmark", status=Strategy.Status.IMPLEMENTATION
    )
    period = current_period(strategy, timezone.localdate())

    # The coordinator reads the secretariat's comment on the returned report.
    returned = period.reports.get(unit__name="Sygehus Lillebælt")
    client.force_login(users["koordinator.syd"])
    assert (
        evaluation_demo.RETURN_COMMENT
        in client.get(reverse("evaluation:report_detail", args=[returned.pk])).content.decode()
    )
    # The secretariat has a report to review, the questionnaire open and the status pack on an agenda.
    client.force_login(users["sekretariat.syd"])
    submitted = period.reports.get(status=StatusReport.Status.SUBMITTED)
    assert client.get(reverse("evaluation:report_detail", args=[submitted.pk])).status_code == 200
    assert (
        client.get(reverse("evaluation:questionnaire_detail", args=[strategy.questionnaire.pk])).status_code
        == 200
    )
    item = strategy.periods.get(number=period.number - 1).status_pack_item
    page = client.get(item.meeting.get_absolute_url()).content.decode()
    assert item.title in page
    # The steering group reads the follow-up of the strategy in force.
    client.force_login(users["styregruppe.syd"])
    assert client.get(reverse("evaluation:dashboard", args=[strategy.pk])).status_code == 200
    # Region Midtjylland's secretariat has the open consultation's responses to moderate.
    client.force_login(users["sekretariat.midt"])
    consultation = Consultation.objects.get(strategy__status=Strategy.Status.CONSULTATION)
    page = client.get(reverse("strategies:consultation_detail", args=[consultation.pk])).content.decode()
    assert all(name in page for _party, name, *_rest in strategies_demo.MIDT_OPEN_RESPONSES)


def test_seed_demo_percentages_are_never_added_up(db, client):
    """The issue's 131,5 %: a percentage target's units are averaged, on the steering group's page too."""
    from strategies.models import EffectTarget
    from strategies.models.strategy import Aggregation, is_percentage

    call_command("seed_demo", verbosity=0)
    percentages = [target for target in EffectTarget.objects.all() if is_percentage(target.unit)]
    assert percentages and all(target.aggregation != Aggregation.SUM for target in percentages)
    client.force_login(User.objects.get(username="styregruppe.syd"))
    page = client.get(reverse("home")).content.decode()
    assert "Nye frivillige med introduktion" in page and "gennemsnit af" in page


def test_seed_demo_tells_only_of_the_present(db):
    """Events long past on the demo's day are recorded as told then: the worker sends only the present's
    hand-offs, and none names a missing person ("None handed in ...")."""
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    unsent = HandOff.objects.filter(sent_at=None)
    kinds = set(unsent.values_list("kind", flat=True))
    assert {NotificationKind.REPORT_SUBMITTED, NotificationKind.REPORT_RETURNED} <= kinds
    assert not HandOff.objects.filter(message__contains="None").exists()
    for handoff in unsent.filter(key__startswith="report:"):
        report = StatusReport.objects.select_related("period").get(pk=handoff.key.split(":")[1])
        assert report.period.deadline >= today, handoff.message
    for handoff in unsent.filter(kind=NotificationKind.AGREEMENT_TO_APPROVE):
        agreement = Agreement.objects.get(pk=handoff.key.split(":")[1])
        assert agreement.status == Agreement.Status.TR_DIALOGUE, handoff.message
    # Past periods' hand-offs are kept as told, so a second seed_demo records nothing again.
    assert HandOff.objects.filter(kind=NotificationKind.REPORT_ACCEPTED, sent_at__isnull=False).exists()
