"""Demo data for the strategy work, from the source documents (shared/seeds):

- Region Syddanmark (seed 000): the strategy of 2016 and its revision, with the commission, the working
  group, both process variants of the 2018 plan (the more inclusive one chosen) and an implementation
  plan per part of the organisation; evaluated in 2021 (evaluation.demo). The seeds end there, so the
  demo continues with a version of its own, marked as such in its text: approved
  SYD_CONTINUATION_AGE before the demo day, so that its half-yearly follow-up is in its last period and
  the two-year evaluation's questionnaire is open on the demo day.
- Region Midtjylland (seed 001, 002): the 2015-16 strategy process through several forums with its
  consultation, and the 2021 committee's recommendations as the start of the next revision, which is in
  consultation now (dates relative to today, so that the public page takes responses).
- Aarhus Kommune (seed 004): the 2019 tracks, effect targets and budget lines.

`seed_demo` calls `create(today)` after the organisations, units and bodies exist. A strategy that is
already there is left as it is, so running it twice changes nothing.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from meetings.models import Body
from volunteers.models import Organisation, Role, Unit, User

from .models import (
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
from .models.strategy import Aggregation, is_percentage

M = Milestone.Kind

#: How long before the demo day the demo's own continuation of seed 000's strategy was approved: the
#: two-year evaluation's questionnaire goes out 22 months after (evaluation.models.EVALUATION_STEPS) and
#: closes a month later, so it is open, and the fourth half year is the one in progress.
SYD_CONTINUATION_AGE = relativedelta(months=22, days=15)

# Seed 001's thirteen candidate focus areas.
CANDIDATE_FOCUS_AREAS = [
    "Fremme og understøtte aktivt medborgerskab",
    "Udbrede gode erfaringer",
    "Fremme samarbejdet med frivillige på særligt udvalgte områder",
    "Understøtte intentionerne i sundhedsplanen om patientens ressourcer",
    "Synliggøre mål og rammer for samarbejdet med frivillige",
    "Bidrage til nytænkning og støtte udviklingen af nye partnerskaber",
    "Fremme samarbejdet med de frivillige organisationer",
    "Fremme mangfoldigheden blandt de frivillige",
    "Inspiration og erfaringsudveksling i forhold til kommuner og frivilligcentre",
    "Understøtte rekruttering og anerkendelse af frivillige",
    "Kompetenceudvikling af frivillige og frivilligkoordinatorer",
    "Organiseringen og ansvarsfordelingen på området",
    "Opfølgning og dialog vedrørende udbredelse og effekt",
]

PRINCIPLES_2011 = (
    "De frivillige kan supplere de professionelles indsats\n"
    "Forudgående dialog mellem ledelse og tillidsrepræsentant\n"
    "Opgaverne og samarbejdet beskrives konkret"
)

ATTENTION_POINTS = (
    "De frivilliges motivation og hvad der kan påvirke den positivt eller negativt\n"
    "De ansattes holdninger: de frivillige som hjælpere eller konkurrenter\n"
    "De faglige organisationer\n"
    "De politiske intentioner og hvordan de opfattes\n"
    "Timing (fokus på pres, besparelser og afskedigelser)"
)

SYD_VISION = (
    "Frivillige bidrager med nærvær, arrangementer, oplysning og caféer på sygehusene. Den frivillige "
    "indsats er et supplement af praktisk og medmenneskelig karakter og aldrig en erstatning for "
    "personalets pleje, behandling og omsorg."
)

# Seed 000's own words on what volunteering is (Region Midtjylland's principles of 2011 are not theirs).
SYD_PRINCIPLES = (
    "Den frivillige indsats er et supplement af praktisk og medmenneskelig karakter\n"
    "Den frivillige indsats er ikke en erstatning for personalets pleje, behandling og omsorg"
)

SYD_FOCUS_AREAS = [
    (
        "Frivillighed i sektorovergange",
        "Stærkere samarbejde med de frivillige i overgangene mellem sygehus og kommune.",
        "Flere patienter får støtte fra en frivillig ved udskrivelse\n"
        "Frivilligcentrene kender sygehusenes tilbud",
        [("Patienter med en frivillig ved udskrivelse pr. år", 150, 600, "patienter", date(2021, 6, 30))],
    ),
    (
        "Rekruttering og anerkendelse af frivillige på sygehusene",
        "",
        "Flere frivillige på alle sygehuse\nÅrlig anerkendelse af de frivillige",
        [("Aktive frivillige i regionen", 900, 1200, "personer", date(2021, 6, 30))],
    ),
    (
        "Videndeling og udbredelse af gode erfaringer",
        "De gode erfaringer og indsatser, der allerede er i gang, udbredes til hele regionen.",
        "Et årligt netværksmøde for frivilligkoordinatorer",
        [],
    ),
    (
        "Introduktion og kompetencer for frivillige og frivilligkoordinatorer",
        "",
        "Alle nye frivillige får introduktion\n"
        "Frivilligkoordinatorerne tilbydes et forløb på Ledelsesakademiet",
        [("Nye frivillige med introduktion", 60, 100, "%", date(2020, 12, 31))],
    ),
]

SYD_COMMISSION = {
    "title": "Kommissorium for revision af Frivillighedsstrategien",
    "background": (
        "I Aftale om budget for 2018 for Region Syddanmark fremgår det, at frivillige gennem flere år har "
        "bidraget med værdifulde initiativer på sygehusene, og at regionen siden 2016 har haft en "
        "frivillighedsstrategi. Aftaleparterne ønsker at sætte fornyet fokus på et endnu stærkere samarbejde "
        "med de frivillige, i særdeleshed i overgangene mellem sektorer.\n\n"
        "Koncerndirektionen nedsætter en arbejdsgruppe, som skal revidere regionens Frivillighedsstrategi og "
        "sikre en ambitiøs og vidtfavnende strategi med fokus på frivillighed i sektorovergange."
    ),
    "organisation_text": (
        "Koncernledelsesforum er styregruppe for arbejdet med revisionen af Frivillighedsstrategien. Under "
        "styregruppen nedsættes en arbejdsgruppe bestående af repræsentanter fra regionens relevante områder "
        "samt andre relevante parter, herunder repræsentanter fra kommunerne og "
        "frivillighedsorganisationerne. "
        "Formanden for arbejdsgruppen udpeges af Koncernledelsesforum."
    ),
    "secretariat": "Tværsektorielt Samarbejde",
    "external_partners": "Center for Frivilligt Socialt Arbejde\nRegion Syddanmarks Ledelsesakademi",
    "implementation": (
        "Arbejdsgruppen udarbejder som en delleverance en handlingsanvisende implementeringsplan, som kan "
        "omsættes til praksis i alle dele af organisationen, og som tager højde for, at der skal arbejdes "
        "forskelligt med strategien afhængigt af, hvilke dele af organisationen det drejer sig om."
    ),
    "evaluation": (
        "Koncernledelsesforum følger halvårligt status med at implementere strategien som et punkt på sine "
        "møder, i form af en kort tilbagemelding fra sygehusene og socialområdet. To år efter godkendelsen "
        "evalueres strategien: hvor udbredt den er, kendskabet til indholdet, om den efterleves, og om en "
        "strategi kan indeholde andet eller mere."
    ),
}

WORKING_GROUP = "Arbejdsgruppen for revision af Frivillighedsstrategien"
STEERING_GROUP = "Koncernledelsesforum"

# Seed 000's two processes: (name, description, ready by, milestones (kind, title, date, end, body name)).
SYD_VARIANTS = [
    (
        "Standardproces",
        "Tre møder i arbejdsgruppen i 2018, en workshop for borgere og frivillige og et inspirationsseminar "
        "med kommunale nøglepersoner.",
        date(2019, 3, 1),
        [
            (M.MEETING, "1. møde i arbejdsgruppen", date(2018, 6, 12), None, WORKING_GROUP),
            (M.WORKSHOP, "Workshop for borgere, frivillige m.fl.", date(2018, 8, 29), None, ""),
            (M.MEETING, "2. møde i arbejdsgruppen", date(2018, 9, 18), None, WORKING_GROUP),
            (M.SEMINAR, "Inspirationsseminar med kommunale nøglepersoner", date(2018, 10, 9), None, ""),
            (M.MEETING, "3. møde i arbejdsgruppen", date(2018, 11, 27), None, WORKING_GROUP),
            (M.APPROVAL, "Godkendelse i Koncernledelsesforum", date(2019, 1, 24), None, STEERING_GROUP),
            (M.IMPLEMENTATION, "Strategien klar til implementering", date(2019, 3, 1), None, ""),
        ],
    ),
    (
        "Mere inddragende proces",
        "Fem møder i arbejdsgruppen, to workshops for borgere og frivillige, et inspirationsseminar og en "
        "høring, før strategien godkendes.",
        date(2019, 6, 1),
        [
            (M.MEETING, "1. møde i arbejdsgruppen", date(2018, 6, 12), None, WORKING_GROUP),
            (M.WORKSHOP, "1. workshop for borgere, frivillige m.fl.", date(2018, 8, 29), None, ""),
            (M.MEETING, "2. møde i arbejdsgruppen", date(2018, 9, 18), None, WORKING_GROUP),
            (M.SEMINAR, "Inspirationsseminar med kommunale nøglepersoner", date(2018, 10, 9), None, ""),
            (M.MEETING, "3. møde i arbejdsgruppen", date(2018, 10, 30), None, WORKING_GROUP),
            (M.WORKSHOP, "2. workshop for borgere, frivillige m.fl.", date(2018, 11, 14), None, ""),
            (M.MEETING, "4. møde i arbejdsgruppen", date(2018, 12, 11), None, WORKING_GROUP),
            (M.CONSULTATION, "Høring over udkast", date(2019, 1, 15), date(2019, 2, 28), None),
            (M.MEETING, "5. møde i arbejdsgruppen", date(2019, 3, 19), None, WORKING_GROUP),
            (M.APPROVAL, "Godkendelse i Koncernledelsesforum", date(2019, 5, 23), None, STEERING_GROUP),
            (M.IMPLEMENTATION, "Strategien klar til implementering", date(2019, 6, 1), None, ""),
        ],
    ),
]

# Parts of Region Syddanmark with their guidance and actions:
# (part, guidance, unit names, [(action, focus area index, owner unit, start, deadline, status)])
SYD_PARTS = [
    (
        "Sygehusene",
        "Hvert sygehus udpeger en frivilligkoordinator og starter i de afdelinger, hvor samarbejdet med "
        "frivillige allerede er i gang.",
        ["Odense Universitetshospital", "Sygehus Lillebælt", "Sydvestjysk Sygehus", "Sygehus Sønderjylland"],
        [
            ("Frivilligkoordinator på hvert sygehus", 1, "Odense Universitetshospital", 0, 180, "done"),
            (
                "Udskrivelsesvenner i samarbejde med kommunerne",
                0,
                "Sygehus Lillebælt",
                90,
                540,
                "in_progress",
            ),
            ("Fælles introduktion for nye frivillige", 3, "Sydvestjysk Sygehus", 30, 365, "in_progress"),
            ("Årlig anerkendelsesdag for frivillige", 1, "Sygehus Sønderjylland", 120, 300, "planned"),
        ],
    ),
    (
        "Psykiatrien",
        "Psykiatrien arbejder med recovery-orienterede tilbud, hvor frivillige og peers supplerer "
        "personalet.",
        ["Psykiatrien i Region Syddanmark"],
        [
            ("Netværkscaféer for pårørende", 2, "Psykiatrien i Region Syddanmark", 60, 420, "in_progress"),
            (
                "Frivillige følgevenner ved udskrivelse",
                0,
                "Psykiatrien i Region Syddanmark",
                180,
                720,
                "postponed",
            ),
        ],
    ),
    (
        "Socialområdet",
        "Socialområdets tilbud tilpasser indsatsen til den enkelte institution og dens beboere.",
        ["Socialområdet"],
        [
            ("Besøgsvenner på bo- og dagtilbud", 1, "Socialområdet", 30, 400, "in_progress"),
            ("Erfaringsudveksling med frivilligcentre", 2, "Socialområdet", 200, 500, "planned"),
        ],
    ),
]

# Seed 001's strategy process of 2015: (kind, title, date, end, body or forum)
MIDT_2015_MILESTONES = [
    (
        M.MEETING,
        "Input til strategi drøftes",
        date(2015, 1, 16),
        None,
        "Midlertidigt udvalg vedrørende borgerdialog",
    ),
    (M.MEETING, "Input til strategi drøftes", date(2015, 2, 19), None, "Strategisk HR forum"),
    (M.MEETING, "Input til strategi drøftes", date(2015, 4, 20), None, "Regions-MEDudvalget"),
    (
        M.MEETING,
        "Foreløbige overvejelser drøftes med Forretningsudvalget",
        date(2015, 5, 19),
        None,
        "Regions-MEDudvalget",
    ),
    (
        M.MEETING,
        "Udkast til strategi drøftes",
        date(2015, 8, 18),
        None,
        "Midlertidigt udvalg vedrørende borgerdialog",
    ),
    (M.MEETING, "Udkast til strategi drøftes", date(2015, 8, 26), None, "Strategisk HR forum"),
    (M.MEETING, "Udkast til strategi drøftes", date(2015, 9, 14), None, "Regions-MEDudvalget"),
    (M.CONSULTATION, "Høringsproces", date(2015, 10, 1), date(2015, 11, 30), ""),
    (M.APPROVAL, "Udkast til strategi forelægges for regionsrådet", date(2015, 12, 16), None, "Regionsrådet"),
]

MIDT_PARTIES = [
    "Hoved-MEDudvalget",
    "Frivillige organisationer",
    "Faglige organisationer",
    "Sundhedsbrugerrådet",
    "Psykiatrirådet",
]

MIDT_2015_RESPONSES = [
    (
        "Hoved-MEDudvalget",
        "Lone Kjær",
        "",
        "Hoved-MEDudvalget støtter udkastet og lægger vægt på, at dialogen mellem ledelse og "
        "tillidsrepræsentant altid går forud for et nyt samarbejde.",
        "accepted",
        "Fremhævet i principperne.",
    ),
    (
        "Frivillige organisationer",
        "Peter Østergaard",
        "Dansk Røde Kors, Region Midtjylland",
        "Vi ser gerne, at strategien nævner frivilligkoordinatorernes rolle tydeligere.",
        "accepted",
        "Indarbejdet under fokusområdet om organisering og ansvarsfordeling.",
    ),
    (
        "Psykiatrirådet",
        "Åse Frølund",
        "",
        "Psykiatrien bør have sine egne eksempler i strategien, da samarbejdet ser anderledes ud end på "
        "hospitalerne.",
        "accepted",
        "Eksempler fra Psykiatri og Social er tilføjet.",
    ),
    (
        None,
        "Birthe Mølgaard",
        "",
        "Som frivillig besøgsven i ti år vil jeg gerne sige tak for, at vi bliver hørt.",
        "accepted",
        "Taget til efterretning.",
    ),
]

MIDT_RECOMMENDATIONS = (
    "Det midlertidige udvalg vedrørende samarbejde med civilsamfundet anbefalede i 2021:\n\n"
    "- At strategien for samarbejdet med frivillige revideres, så den i højere grad også kommer til at "
    "omhandle samskabelse\n"
    "- At den kommende strategi tydeliggør en åben og ligeværdig tilgang til civilsamfundets aktører\n"
    "- At der signaleres et åbenhedsprincip i relevante høringer, så alle interesserede kan bidrage\n"
    "- At arbejdet med frivillighed og samskabelse forankres politisk i et stående udvalg"
)

# Responses received so far in the open consultation, not yet moderated: (party, name, organisation, text).
MIDT_OPEN_RESPONSES = [
    (
        "Frivillige organisationer",
        "Karen Holst",
        "Ældre Sagen, Randers",
        "Vi hilser samskabelse velkommen, men foreningerne skal inddrages, før opgaverne er fastlagt, "
        "ikke bagefter.",
    ),
    (
        None,
        "Jens Riis",
        "",
        "Som pårørende har jeg haft stor glæde af caféen på hospitalet. Gør det nemmere at finde ud af, "
        "hvor man kan melde sig som frivillig.",
    ),
    (
        "Faglige organisationer",
        "Susanne Bak",
        "FOA Midt",
        "Strategien bør fastholde, at de frivillige supplerer og ikke erstatter personalets opgaver, og at "
        "tillidsrepræsentanten inddrages før et nyt samarbejde.",
    ),
]

AARHUS_TRACKS = [
    (
        "Frivillighed i lokalområderne",
        "Klyngen af frivilligkonsulenter understøtter frivillighed i lokalområderne.",
        "Nemt, sjovt og tilgængeligt at være frivillig",
        [("Borgere løftet ind i lokale fællesskaber", 400, 800, "borgere", date(2021, 12, 31))],
    ),
    (
        "Cafeudvikling (Slip Kræfterne Fri)",
        "Cafeudvikling og de afsatte midler forankres i Udvikling.",
        "Flere caféer drevet sammen med frivillige",
        [],
    ),
    (
        "Strategiske partnerskaber og samarbejdsaftaler",
        "Samarbejde med GENLYD, Frivillighedsrådene og Trekloveret.",
        "Øget medborgerskab gennem samarbejdsaftaler og alliancer",
        [("Borgere, der deltager som aktive medborgere", 2500, 3500, "borgere", date(2021, 12, 31))],
    ),
]


def create(today):
    _syddanmark(today)
    _midtjylland(today)
    _aarhus()


def _syddanmark(today):
    organisation = Organisation.objects.get(name="Region Syddanmark")
    bodies = _bodies(organisation)
    if not Strategy.objects.filter(organisation=organisation).exists():
        _syddanmark_2019(organisation, bodies)
    revision = Strategy.objects.get(organisation=organisation, version="2019")
    if not Strategy.objects.filter(replaces=revision).exists():
        _syddanmark_continuation(revision, bodies, today)


def _syddanmark_2019(organisation, bodies):
    first = Strategy.objects.create(
        organisation=organisation,
        title="Frivillighedsstrategi",
        version="2016",
        status=Strategy.Status.IMPLEMENTATION,
        approved_on=date(2016, 3, 1),
        approved_by=bodies.get(STEERING_GROUP),
        vision=SYD_VISION,
        principles=SYD_PRINCIPLES,
    )
    _focus_areas(first, SYD_FOCUS_AREAS[1:3])
    revision = first.start_revision("2019")
    revision.purpose = (
        "En visionær strategi med henblik på stærkere partnerskaber med civilsamfundet til gavn for både "
        "borgere, patienter og de sundhedsprofessionelle, med fokus på frivillighed i sektorovergange."
    )
    revision.save()
    revision.focus_areas.all().delete()
    areas = _focus_areas(revision, SYD_FOCUS_AREAS)
    commission = Commission.objects.create(strategy=revision, **SYD_COMMISSION)
    commission.bodies.set([body for name, body in bodies.items() if name in {STEERING_GROUP, WORKING_GROUP}])
    variants = create_variants(commission, SYD_VARIANTS, bodies, completed=True)
    commission.choose(variants[-1])
    revision.approve(date(2019, 5, 23), bodies.get(STEERING_GROUP))
    revision.change_status(Strategy.Status.IMPLEMENTATION)
    _plan(revision, areas, SYD_PARTS, approved_on=date(2019, 6, 1))


# The continuation's effect targets, by indicator: (baseline, target), from about where 2019's ended.
SYD_CONTINUATION_TARGETS = {
    "Patienter med en frivillig ved udskrivelse pr. år": (480, 800),
    "Aktive frivillige i regionen": (1100, 1400),
    "Nye frivillige med introduktion": (82, 95),
}


def _syddanmark_continuation(revision, bodies, today):
    """The demo's own next version (the seeds end with the evaluation in 2021), approved
    SYD_CONTINUATION_AGE before the demo day, in implementation with the same plan's parts."""
    approved_on = today - SYD_CONTINUATION_AGE
    if revision.status == Strategy.Status.IMPLEMENTATION:
        revision.change_status(Strategy.Status.EVALUATED)
    continuation = revision.start_revision(str(approved_on.year))
    continuation.purpose = (
        "Strategien fra 2019 videreføres efter evalueringen i 2021 med nye mål for de næste to år. "
        "(Demodata: denne version og dens opfølgning er opdigtet til demoen; de findes ikke i regionens "
        "dokumenter.)"
    )
    continuation.save()
    target_date = approved_on + relativedelta(months=24)
    for target in EffectTarget.objects.filter(focus_area__strategy=continuation):
        target.baseline, target.target = SYD_CONTINUATION_TARGETS[target.indicator]
        target.target_date = target_date
        target.save()
    continuation.approve(approved_on, bodies.get(STEERING_GROUP))
    continuation.change_status(Strategy.Status.IMPLEMENTATION)
    _plan(continuation, list(continuation.focus_areas.all()), SYD_PARTS, approved_on=approved_on)


def _midtjylland(today):
    organisation = Organisation.objects.get(name="Region Midtjylland")
    bodies = _bodies(organisation)
    if Strategy.objects.filter(organisation=organisation).exists():
        return
    strategy = Strategy.objects.create(
        organisation=organisation,
        title="Strategi for udbygning af frivillighedsindsatsen",
        version="2015",
        principles=PRINCIPLES_2011,
        attention_points=ATTENTION_POINTS,
        purpose=(
            "Strategien skal udbygge samarbejdet med frivillige på regionens hospitalsenheder og inden for "
            "Psykiatri og Social, hvor det meste samarbejde i dag foregår via frivillige organisationer som "
            "Dansk Røde Kors og Kræftens Bekæmpelse."
        ),
    )
    areas = _focus_areas(strategy, [(title, "", "", []) for title in CANDIDATE_FOCUS_AREAS])
    commission = Commission.objects.create(
        strategy=strategy,
        title="Den planlagte strategiproces 2015",
        background="Oplæg til møde i det midlertidige udvalg vedrørende borgerdialog 16. januar 2015.",
        organisation_text="Processen går gennem flere fora med særlig fokus på høringen og inddragelsen af "
        "eksterne parter og regionens borgere, herunder frivillige og faglige organisationer.",
    )
    commission.bodies.set(bodies.values())
    (variant,) = create_variants(
        commission,
        [("Strategiproces 2015", "", date(2015, 12, 16), MIDT_2015_MILESTONES)],
        bodies,
        completed=True,
    )
    commission.choose(variant)
    consultation = Consultation.objects.create(
        strategy=strategy,
        title="Høring over udkast til strategi for udbygning af frivillighedsindsatsen",
        introduction="Udkastet sendes i høring hos Hoved-MEDudvalget, frivillige og faglige organisationer, "
        "Sundhedsbrugerrådet og Psykiatrirådet.",
        opens_on=date(2015, 10, 1),
        closes_on=date(2015, 11, 30),
    )
    parties = create_parties(consultation)
    for number, (party, name, organisation_name, text, status, comment) in enumerate(MIDT_2015_RESPONSES):
        ConsultationResponse.objects.create(
            consultation=consultation,
            party=parties.get(party),
            name=name,
            organisation_name=organisation_name,
            text=text,
            status=status,
            comment=comment,
            submitted_at=_noon(date(2015, 10, 20) + timedelta(days=7 * number)),
        )
    strategy.approve(date(2015, 12, 16))
    strategy.change_status(Strategy.Status.IMPLEMENTATION)
    del areas

    # The next revision starts from the 2021 committee's recommendations (seed 002) and is in
    # consultation now, under the openness principle: anyone may respond.
    opens, closes = today - timedelta(days=14), today + timedelta(days=30)
    approval = closes + timedelta(days=45)
    revision = strategy.start_revision(str(approval.year))
    revision.title = "Strategi for frivillighed og samskabelse"
    revision.vision = "Region Midtjylland inviterer civilsamfundet ind og samskaber løsninger i åbenhed."
    revision.save()
    FocusArea.objects.create(
        strategy=revision,
        position=len(CANDIDATE_FOCUS_AREAS) + 1,
        title="Samskabelse med civilsamfundet",
        goals="Borgere, foreninger og frivillige involveres i udviklingen af nye initiativer",
    )
    committee = bodies.get("Midlertidigt udvalg vedrørende samarbejde med civilsamfundet")
    commission = Commission.objects.create(
        strategy=revision,
        title="Kommissorium for revision af strategien for samarbejdet med frivillige",
        background=MIDT_RECOMMENDATIONS,
        organisation_text=(
            "Revisionen forankres i et stående politisk udvalg, der sikrer en inddragende proces."
        ),
        secretariat="Sundhedsplanlægning",
        external_partners="Center for Frivilligt Socialt Arbejde",
    )
    commission.bodies.set([body for body in [committee, bodies.get("Regions-MEDudvalget")] if body])
    next_steps = [
        (
            M.WORKSHOP,
            "Samskabende workshop med foreninger og frivillige",
            today - timedelta(days=60),
            None,
            "",
        ),
        (
            M.MEETING,
            "Udkast drøftes i Regions-MEDudvalget",
            today - timedelta(days=21),
            None,
            "Regions-MEDudvalget",
        ),
        (M.CONSULTATION, "Åben høring", opens, closes, ""),
        (
            M.APPROVAL,
            "Strategien forelægges for regionsrådet",
            approval,
            None,
            "Regionsrådet",
        ),
    ]
    (variant,) = create_variants(commission, [("Samskabende proces", "", approval, next_steps)], bodies)
    Milestone.objects.filter(variant=variant, date__lt=today - timedelta(days=30)).update(
        completed_on=today - timedelta(days=59)
    )
    commission.choose(variant)
    revision.change_status(Strategy.Status.CONSULTATION)
    consultation = Consultation.objects.create(
        strategy=revision,
        title="Åben høring over strategi for frivillighed og samskabelse",
        introduction="Alle interesserede kan give deres input til udkastet (åbenhedsprincippet).",
        opens_on=opens,
        closes_on=closes,
    )
    parties = create_parties(consultation)
    # Responses so far, for the secretariat to moderate (invented: the seeds end before this revision).
    for days_ago, (party, name, organisation_name, text) in zip((11, 6, 2), MIDT_OPEN_RESPONSES, strict=True):
        ConsultationResponse.objects.create(
            consultation=consultation,
            party=parties.get(party),
            name=name,
            organisation_name=organisation_name,
            text=text,
            submitted_at=_noon(today - timedelta(days=days_ago)),
        )


def _aarhus():
    organisation = Organisation.objects.get(name="Aarhus Kommune")
    bodies = _bodies(organisation)
    if Strategy.objects.filter(organisation=organisation).exists():
        return
    strategy = Strategy.objects.create(
        organisation=organisation,
        title="Frivillighed og Medborgerskab",
        version="2019",
        purpose=(
            "Sundhed og Omsorg styrker rammerne for det gode samarbejde med aktive medborgere, foreninger og "
            "øvrige samarbejdspartnere: flere løftes ind i fællesskaberne lokalt, og flere deltager."
        ),
    )
    areas = _focus_areas(strategy, AARHUS_TRACKS)
    strategy.approve(date(2019, 1, 31), bodies.get("Chefteamet i Sundhed og Omsorg"))
    strategy.change_status(Strategy.Status.IMPLEMENTATION)
    plan = _plan(
        strategy,
        areas,
        [
            (
                "Sundhed og Omsorg",
                "Arbejdet med de tre udviklingsspor forankres i Klyngen for Frivillighed og Medborgerskab "
                "med "
                "understøttelse af Team Frivillighed og Medborgerskab.",
                ["Sundhed og Omsorg"],
                [
                    (
                        "Klyngen af frivilligkonsulenter forankres i Udvikling",
                        0,
                        "Strategi og Udvikling",
                        0,
                        60,
                        "done",
                    ),
                    (
                        "Cafeudvikling forankres i Udvikling",
                        1,
                        "Frivillighed og Medborgerskab",
                        0,
                        90,
                        "done",
                    ),
                    ("Kick off på effektmål for klyngen", 2, "Frivillighed og Medborgerskab", 6, 6, "done"),
                    (
                        "Gruppe på intra med materiale om frivillighed",
                        2,
                        "Strategi og Udvikling",
                        30,
                        330,
                        "in_progress",
                    ),
                ],
            )
        ],
        approved_on=date(2019, 1, 31),
    )
    for position, (title, amounts) in enumerate(
        [
            ("Drift af Klyngen", {2019: 1_000_000, 2020: 1_000_000, 2021: 1_000_000}),
            ("Cafeudvikling", {2018: 273_000, 2019: 273_000, 2020: 273_000, 2021: 273_000}),
        ],
        start=1,
    ):
        line = BudgetLine.objects.create(
            plan=plan, title=title, funding_source="MSO's fælles opsparing", position=position
        )
        BudgetAmount.objects.bulk_create(
            BudgetAmount(line=line, year=year, amount=amount) for year, amount in amounts.items()
        )


def _bodies(organisation):
    return {body.name: body for body in Body.objects.filter(organisation=organisation)}


def _focus_areas(strategy, specs):
    areas = []
    for position, (title, description, goals, targets) in enumerate(specs, start=1):
        area = FocusArea.objects.create(
            strategy=strategy, position=position, title=title, description=description, goals=goals
        )
        EffectTarget.objects.bulk_create(
            EffectTarget(
                focus_area=area,
                position=number,
                indicator=indicator,
                baseline=baseline,
                target=target,
                unit=unit,
                target_date=target_date,
                # Each unit reports its own share: the organisation's is their average, never their sum.
                aggregation=Aggregation.AVERAGE if is_percentage(unit) else Aggregation.SUM,
            )
            for number, (indicator, baseline, target, unit, target_date) in enumerate(targets, start=1)
        )
        areas.append(area)
    return areas


def create_variants(commission, specs, bodies=None, completed=False):
    """Process variants with their milestones; a milestone held by one of ``bodies`` (name: body) links it."""
    bodies = bodies or {}
    variants = []
    for position, (name, description, ready_by, milestones) in enumerate(specs, start=1):
        variant = ProcessVariant.objects.create(
            commission=commission, name=name, description=description, ready_by=ready_by, position=position
        )
        Milestone.objects.bulk_create(
            Milestone(
                variant=variant,
                kind=kind,
                title=title,
                date=day,
                end_date=end,
                body=bodies.get(where),
                forum="" if where in bodies else where or "",
                completed_on=(end or day) if completed else None,
            )
            for kind, title, day, end, where in milestones
        )
        variants.append(variant)
    return variants


def create_parties(consultation):
    """Seed 001's consulted parties, by name."""
    return {
        name: ConsultedParty.objects.create(consultation=consultation, name=name, position=position)
        for position, name in enumerate(MIDT_PARTIES, start=1)
    }


def _plan(strategy, areas, parts, approved_on):
    organisation = strategy.organisation
    units = {unit.name: unit for unit in Unit.objects.filter(organisation=organisation)}
    coordinators = list(User.objects.filter(organisation=organisation, role=Role.COORDINATOR).order_by("pk"))
    plan = ImplementationPlan.objects.create(
        strategy=strategy,
        introduction="Planen er handlingsanvisende og tager højde for, at der arbejdes forskelligt med "
        "strategien i de forskellige dele af organisationen.",
    )
    for position, (name, guidance, unit_names, actions) in enumerate(parts, start=1):
        part = PlanPart.objects.create(plan=plan, name=name, guidance=guidance, position=position)
        part.units.set([units[unit_name] for unit_name in unit_names if unit_name in units])
        for number, (title, area, owner, start, deadline, status) in enumerate(actions, start=1):
            owner_unit = units.get(owner)
            responsible = next(
                (user for user in coordinators if owner_unit and owner_unit in user.units.all()),
                coordinators[0] if coordinators else None,
            )
            Action.objects.create(
                part=part,
                focus_area=areas[area],
                title=title,
                owner_unit=owner_unit,
                responsible=responsible,
                start=approved_on + timedelta(days=start),
                deadline=approved_on + timedelta(days=deadline),
                status=status,
                position=number,
            )
    return plan


def _noon(day):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(12)))
