"""Demo follow-ups (meetings.demo calls ``create(today)``): decisions, recommendations and tasks from the
seeds, each on a body of its organisation, with dated notes.

- Seed 003: the committee's two follow-ups of 18 August 2020 (the literature study sent later, the form
  of the report taken up at a later meeting), at the seed's dates and long done.
- Seed 002: the committee's recommendations, with the report as their source, followed up by
  Regions-MEDudvalget (the committee was temporary; the MED committee discusses the strategy's revision in
  the live demo meetings).
- Seed 004: Chefteamet's four decisions with their owners.

The seeds' own dates are 2019-2021; the statuses of seed 002's and 004's follow-ups are set relative to the
demo day (invented, like the live meetings), so that some are open or in progress, one is overdue and one
is done. Running it twice changes nothing: a follow-up is found by its body and text.
"""

from datetime import date, timedelta

from volunteers.models import User

from .models import AgendaItem, Body, FollowUp

COMMITTEE = ("Region Midtjylland", "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet")
MED = ("Region Midtjylland", "Regions-MEDudvalget")
CHEFTEAM = ("Aarhus Kommune", "Chefteamet i Sundhed og Omsorg")

_K, _S = FollowUp.Kind, FollowUp.Status

# Seed 003 (by the item's title on the meeting of 18 August 2020): (kind, text, owner, due date,
# [(day, status, note)]).
SEED_003 = {
    "Præsentation af samarbejdet med frivillige og med civilsamfundet": (
        _K.TASK,
        "Litteraturstudie vedr. forskningsresultater eftersendes til udvalget.",
        "Administrationen (Sundhedsplanlægning)",
        date(2020, 10, 26),
        [
            (
                date(2020, 10, 26),
                _S.DONE,
                "Litteraturstudiet er eftersendt til udvalget.",
            )
        ],
    ),
    "Drøftelse af udvalgets opgaver og arbejdsplan": (
        _K.DECISION,
        "Formen på afrapportering af udvalgets arbejde tages op på et senere møde.",
        "Udvalget og administrationen",
        date(2021, 6, 10),
        [
            (
                date(2021, 1, 21),
                _S.IN_PROGRESS,
                "Udvalget drøftede formen; afrapporteringen skrives som et notat.",
            ),
            (date(2021, 8, 31), _S.DONE, "Afrapporteringen til regionsrådet foreligger som udkast."),
        ],
    ),
}

REPORT = (
    "Afrapportering fra det midlertidige udvalg vedrørende samarbejde med civilsamfundet, "
    "afsnit 3: Anbefalinger"
)

# Seed 002's recommendations: (text, owner, due date in days from the demo day or None,
# [(days from the demo day, status, note)]).
SEED_002 = [
    (
        "Strategien for samarbejde med frivillige revideres, så den i højere grad også kommer til at "
        "omhandle samskabelse og tager afsæt i viden om de positive potentialer for befolkningens sundhed og "
        "livskvalitet.",
        "Sundhedsplanlægning",
        90,
        [(-21, _S.IN_PROGRESS, "Udkast til strategi for frivillighed og samskabelse drøftet i udvalget.")],
    ),
    (
        "Der involveres bredt i revisionen af frivilligstrategien, så der sikres en samskabende proces.",
        "Sundhedsplanlægning",
        90,
        [(-21, _S.IN_PROGRESS, "Udkastet sendes i åben høring hos patienter, frivillige og foreninger.")],
    ),
    (
        "Forskning og viden om de positive effekter af at indgå i frivillige fællesskaber, herunder kunst og "
        "kultur, udbredes og forankres som en del af revisionen.",
        "Sundhedsplanlægning",
        120,
        [],
    ),
    (
        "Den nye strategi tydeliggør en åben og ligeværdig tilgang til samarbejder med civilsamfundsaktører, "
        "der har ønsker om og ressourcer til at engagere sig.",
        "Sundhedsplanlægning",
        90,
        [],
    ),
    (
        "Der signaleres et åbenhedsprincip i forbindelse med relevante høringer, så alle interesserede har "
        "mulighed for at bidrage.",
        "Sundhedsplanlægning",
        -10,
        [(-12, _S.DONE, "Høringen af strategiudkastet er åben for alle og annonceret på rm.dk.")],
    ),
    (
        "Arbejdet med frivillighed og samskabelse forankres i et stående politisk udvalg.",
        "Direktionen",
        None,
        [],
    ),
]

DECISIONS_SOURCE = (
    "Chefteamindstilling: Frivillighed og Medborgerskab, Strategi og Udvikling (31. januar 2019)"
)

# Seed 004's four decisions: (text, owner, due date in days from the demo day, [(days, status, note)]).
SEED_004 = [
    (
        "Udviklingen af frivilligområdet tager udgangspunkt i de 3 spor beskrevet i bilag 1.",
        "Maj Morgenstjerne",
        60,
        [(-30, _S.IN_PROGRESS, "Sporene er præsenteret i Chefteamets 5 minutter og i infopakken.")],
    ),
    (
        "Klyngen for Frivillighed og Medborgerskab (frivilligkonsulenterne) og Team Frivillighed og "
        "Medborgerskab forankres i Udvikling, som beskrevet i bilag 1.",
        "Henriette Andersen",
        -40,
        [(-45, _S.DONE, "Klyngen og teamet er flyttet til Udvikling.")],
    ),
    (
        "Caféudvikling og de afsatte midler på 273.000 kr. årligt forankres i Udvikling, som led i det "
        "fortsatte arbejde med Slip Kræfterne Fri.",
        "Udvikling",
        -7,
        [],
    ),
    (
        "Der afsættes 1 mio. kr. til fortsat at understøtte frivillighed i lokalområderne og den videre "
        "udvikling af frivilligområdet. Se bilag 1, punkt 4.",
        "Maj Morgenstjerne og Henriette Andersen",
        120,
        [],
    ),
]

SECRETARIES = {"Region Midtjylland": "sekretariat.midt", "Aarhus Kommune": "sekretariat.aarhus"}


def create(today):
    committee = _body(COMMITTEE)
    first_meeting = committee.meetings.filter(date=date(2020, 8, 18)).first()
    for item_title, (kind, text, owner, deadline, notes) in SEED_003.items():
        item = AgendaItem.objects.filter(meeting=first_meeting, title__startswith=item_title).first()
        _follow_up(committee, text, notes, kind=kind, owner=owner, deadline=deadline, item=item)
    med = _body(MED)
    for text, owner, due, notes in SEED_002:
        _follow_up(
            med,
            text,
            _on_days(today, notes),
            kind=_K.RECOMMENDATION,
            owner=owner,
            deadline=None if due is None else today + timedelta(days=due),
            source=REPORT,
        )
    chefteam = _body(CHEFTEAM)
    for text, owner, due, notes in SEED_004:
        _follow_up(
            chefteam,
            text,
            _on_days(today, notes),
            kind=_K.DECISION,
            owner=owner,
            deadline=today + timedelta(days=due),
            source=DECISIONS_SOURCE,
        )


def _body(key):
    return Body.objects.get(organisation__name=key[0], name=key[1])


def _on_days(today, notes):
    return [(today + timedelta(days=days), status, note) for days, status, note in notes]


def _follow_up(body, title, notes, **fields):
    """Once: a follow-up already there (a second run, maybe on another day) is left as it is."""
    follow_up, created = FollowUp.objects.get_or_create(body=body, title=title, defaults=fields)
    if created:
        by = User.objects.filter(username=SECRETARIES.get(body.organisation.name, "")).first()
        for day, status, note in notes:
            follow_up.change_status(status, note, by, on=day)
    return follow_up
