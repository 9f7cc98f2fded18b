"""Demo data from the source documents (shared/seeds): organisations, units, bodies and people.

Kept as data so that later capabilities extend it, and so that running it twice changes nothing. The
volunteers are generated (plausible Danish names, deterministic per seed); `manage.py bench` generates
its large organisation with the same functions.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from django.db.models import F

from core.dates import add_years

from .models import Activity, HandOff, TrainingRecord, Volunteer

# The demo logins' shared password, printed by seed_demo and in the README; demo data only.
DEMO_PASSWORD = "frivillig-demo"  # nosec B105

# (name, kind, parent name or None)
ORGANISATIONS = {
    "Region Syddanmark": {
        "kind": "region",
        "slug": "syd",
        "units": [
            ("Odense Universitetshospital", "hospital", None),
            ("Onkologisk Afdeling R", "department", "Odense Universitetshospital"),
            ("Sygehus Lillebælt", "hospital", None),
            ("Sydvestjysk Sygehus", "hospital", None),
            ("Sygehus Sønderjylland", "hospital", None),
            ("Psykiatrien i Region Syddanmark", "psychiatry", None),
            ("Socialområdet", "social_area", None),
            ("Tværsektorielt Samarbejde", "administration", None),
        ],
        "volunteer_organisations": [
            ("Dansk Røde Kors", "organisation", ["Odense Universitetshospital", "Sygehus Lillebælt"]),
            (
                "Kræftens Bekæmpelse",
                "patient_association",
                ["Odense Universitetshospital", "Sydvestjysk Sygehus"],
            ),
            ("Hjerteforeningen", "patient_association", ["Sygehus Sønderjylland"]),
        ],
        "bodies": [
            {
                "name": "Koncernledelsesforum",
                "kind": "steering_group",
                "mandate": (
                    "Styregruppe for revisionen af Frivillighedsstrategien. Udpeger arbejdsgruppens formand "
                    "og følger halvårligt status med at implementere strategien."
                ),
                "secretariat": "Tværsektorielt Samarbejde",
                "members": [],
            },
            {
                "name": "Arbejdsgruppen for revision af Frivillighedsstrategien",
                "kind": "working_group",
                "mandate": (
                    "Revidere regionens Frivillighedsstrategi og sikre en ambitiøs og vidtfavnende strategi "
                    "for frivillighedsområdet fremadrettet med fokus på frivillighed i sektorovergange. "
                    "Udarbejde en handlingsanvisende implementeringsplan."
                ),
                "secretariat": "Tværsektorielt Samarbejde",
                "term_start": date(2018, 3, 1),
                "term_end": date(2019, 6, 30),
                "members": [],
            },
            {
                "name": "Sundhedsstrategisk Forum",
                "kind": "forum",
                "mandate": "Udpeger de fire kommunale ledelsesrepræsentanter til arbejdsgruppen.",
                "members": [],
            },
        ],
    },
    "Region Midtjylland": {
        "kind": "region",
        "slug": "midt",
        "units": [
            ("Aarhus Universitetshospital", "hospital", None),
            ("Regionshospitalet Gødstrup", "hospital", None),
            ("Regionshospitalet Randers", "hospital", None),
            ("Regionshospital Horsens", "hospital", None),
            ("Akutafdelingen, Regionshospital Horsens", "department", "Regionshospital Horsens"),
            ("Hospitalsenhed Midt", "hospital", None),
            ("Psykiatri og Social", "administration", None),
            ("Psykiatrien", "psychiatry", "Psykiatri og Social"),
            ("Socialområdet", "social_area", "Psykiatri og Social"),
            ("Hospice Søholm", "hospice", None),
            ("Sundhedsplanlægning", "administration", None),
        ],
        "volunteer_organisations": [
            ("Dansk Røde Kors", "organisation", ["Aarhus Universitetshospital", "Regionshospital Horsens"]),
            ("Kræftens Bekæmpelse", "patient_association", ["Aarhus Universitetshospital", "Hospice Søholm"]),
            ("Hjerteforeningen", "patient_association", ["Regionshospitalet Gødstrup"]),
            ("Frivilligkorpset ved Regionshospital Horsens", "own_corps", ["Regionshospital Horsens"]),
        ],
        "bodies": [
            {
                "name": "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet",
                "kind": "political_committee",
                "mandate": (
                    "Komme med forslag til regionsrådet om, hvordan samarbejdet med civilsamfundet kan "
                    "styrkes på forskellige af regionens opgaveområder, og vurdere behovet for nye "
                    "pejlemærker for Region Midtjyllands strategi for samarbejdet med frivillige."
                ),
                "secretariat": "Sundhedsplanlægning",
                "term_start": date(2020, 1, 1),
                "term_end": date(2021, 12, 31),
                "members": [
                    ("Erik Vinther", "chair", "(V)", "Regionsrådet"),
                    ("Lars Møller Pedersen", "vice_chair", "(A)", "Regionsrådet"),
                    ("Annette Roed", "member", "(A)", "Regionsrådet"),
                    ("Birgitte Svenningsen", "member", "(A)", "Regionsrådet"),
                    ("Finn Thranum", "member", "(V)", "Regionsrådet"),
                    ("Marianne Carøe", "member", "(A)", "Regionsrådet"),
                    ("Steen Jakobsen", "member", "(V)", "Regionsrådet"),
                ],
            },
            {
                "name": "Midlertidigt udvalg vedrørende borgerdialog",
                "kind": "political_committee",
                "mandate": (
                    "Drøfter input til og udkast til strategi for udbygning af frivillighedsindsatsen."
                ),
                "members": [],
            },
            {"name": "Regions-MEDudvalget", "kind": "med_committee", "members": []},
            {"name": "Strategisk HR forum", "kind": "forum", "members": []},
        ],
    },
    "Aarhus Kommune": {
        "kind": "municipality",
        "slug": "aarhus",
        "units": [
            ("Sundhed og Omsorg", "municipal_area", None),
            ("Strategi og Udvikling", "administration", "Sundhed og Omsorg"),
            ("Frivillighed og Medborgerskab", "department", "Strategi og Udvikling"),
        ],
        "volunteer_organisations": [
            ("Dansk Røde Kors", "organisation", ["Sundhed og Omsorg"]),
            ("Kræftens Bekæmpelse", "patient_association", ["Sundhed og Omsorg"]),
            ("Hjerteforeningen", "patient_association", ["Sundhed og Omsorg"]),
            ("Frivilligcenter Aarhus", "volunteer_centre", ["Sundhed og Omsorg"]),
        ],
        "bodies": [
            {
                "name": "Chefteamet i Sundhed og Omsorg",
                "kind": "steering_group",
                "mandate": "Beslutter fokusområder, organisering og økonomi for frivilligområdet.",
                "members": [
                    ("Maj Morgenstjerne", "member", "Strategi og Udvikling", ""),
                    ("Henriette Andersen", "member", "Strategi og Udvikling", ""),
                ],
            },
            {"name": "Frivilligrådet", "kind": "forum", "members": []},
        ],
    },
}

# One login per role per organisation: (role, first name, last name, job title, units)
DEMO_USERS = {
    "syd": [
        ("coordinator", "Mette", "Lauridsen", "Frivilligkoordinator", ["Sygehus Lillebælt"]),
        ("secretariat", "Anders", "Kjær", "Konsulent, Tværsektorielt Samarbejde", []),
        ("steering_group", "Birgit", "Holm", "Medlem af Koncernledelsesforum", []),
        ("administrator", "Jonas", "Friis", "Systemadministrator", []),
    ],
    "midt": [
        ("coordinator", "Sofie", "Bach", "Frivilligkoordinator", ["Regionshospital Horsens"]),
        ("secretariat", "Henrik", "Dahl", "Specialkonsulent, Sundhedsplanlægning", []),
        ("steering_group", "Karin", "Thomsen", "Hospitalsdirektør", []),
        ("administrator", "Lone", "Vestergaard", "Systemadministrator", []),
    ],
    "aarhus": [
        ("coordinator", "Camilla", "Iversen", "Frivilligkonsulent", ["Frivillighed og Medborgerskab"]),
        ("secretariat", "Peter", "Nygaard", "Konsulent, Strategi og Udvikling", []),
        ("steering_group", "Louise", "Winther", "Chef, Sundhed og Omsorg", []),
        ("administrator", "Rasmus", "Skov", "Systemadministrator", []),
    ],
}

ROLE_USERNAMES = {
    "coordinator": "koordinator",
    "secretariat": "sekretariat",
    "steering_group": "styregruppe",
    "administrator": "admin",
}

# --- The register: activities, volunteers and agreements -----------------------------------------------

# (name, involves children under 15, takes volunteers into people's homes, weight when drawing)
ACTIVITIES = [
    ("Besøgsven", False, False, 6),
    ("Cafévært", False, False, 3),
    ("Guide og værtsfunktion", False, False, 3),
    ("Patient- og pårørendecafé", False, False, 2),
    ("Lektiehjælp for indlagte børn", True, False, 1),
    ("Følgeven i eget hjem", False, True, 1),
]

VOLUNTEERS_PER_ORGANISATION = {"syd": 300, "midt": 300, "aarhus": 120}

# Unit kinds where volunteers work; the administrative units have none.
VOLUNTEER_UNIT_KINDS = {
    "hospital",
    "psychiatry",
    "social_area",
    "institution",
    "hospice",
    "department",
    "municipal_area",
}

# Common Danish names (Danmarks Statistik's lists of the most frequent names).
# fmt: off
FEMALE_FIRST_NAMES = [
    "Anne", "Kirsten", "Mette", "Hanne", "Helle", "Susanne", "Lene", "Maria", "Marianne", "Inge",
    "Karen", "Pia", "Lone", "Bente", "Camilla", "Charlotte", "Louise", "Tina", "Birgit", "Jette",
    "Gitte", "Ida", "Emma", "Sofie", "Julie", "Laura", "Mathilde", "Freja", "Signe", "Else",
    "Grethe", "Birthe", "Ulla", "Dorte", "Jytte", "Inger", "Rikke", "Malene", "Karina", "Tove",
    "Annette", "Ellen", "Hanna", "Vibeke", "Lisbeth", "Merete", "Anna", "Aase", "Kamilla", "Nanna",
]
MALE_FIRST_NAMES = [
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan", "Niels", "Christian",
    "Martin", "Anders", "Morten", "Jesper", "Mads", "Rasmus", "Hans", "Per", "Ole", "Kim",
    "Poul", "Erik", "Bent", "Torben", "Steen", "Finn", "Jørgen", "Frederik", "Mikkel", "Jonas",
    "Emil", "Kasper", "Carsten", "Flemming", "Preben", "Knud", "Leif", "Kurt", "Bjarne", "Johannes",
]
LAST_NAMES = [
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
    "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Olesen",
    "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt", "Eriksen", "Holm", "Kristiansen",
    "Clausen", "Simonsen", "Svendsen", "Andreasen", "Iversen", "Jeppesen", "Vestergaard", "Mogensen",
    "Nissen", "Lauridsen", "Kjær", "Jespersen", "Søndergaard", "Bach", "Dahl", "Østergaard",
    "Bertelsen", "Skov", "Friis", "Brandt", "Winther", "Nørgaard", "Dam", "Bruun", "Kjeldsen",
    "Ravn", "Bak", "Thygesen", "Holst", "Høj", "Storm", "Overgaard", "Juhl", "Riis", "Damgaard",
]
MOBILE_PREFIXES = [
    "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40", "41", "42",
    "50", "51", "52", "53", "60", "61", "71", "81", "91", "92", "93",
]
# fmt: on
ONBOARDING_TITLE = "Introduktion for nye frivillige"
COURSE_TITLES = [
    "Kursus i den gode samtale",
    "Førstehjælp for frivillige",
    "Mødet med mennesker med demens",
    "Pårørende i krise",
    "Hygiejne og håndhygiejne",
]
# (lowest, highest age, weight): most hospital volunteers are past 50.
AGE_GROUPS = [(18, 29, 12), (30, 49, 18), (50, 66, 32), (67, 85, 38)]


@dataclass
class NewVolunteer:
    """An unsaved volunteer with the rows that link to it."""

    volunteer: Volunteer
    activities: list
    active_units: list
    training: list  # unsaved TrainingRecords


def create_activities(organisation):
    """The organisation's activities from ACTIVITIES, in that order; ones it has edited are left alone."""
    return [
        Activity.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={"involves_children": children, "involves_homes": homes},
        )[0]
        for name, children, homes, _weight in ACTIVITIES
    ]


def generate_volunteers(organisation, count, placements, activities, seed, today):
    """`count` plausible volunteers; the same seed gives the same names and e-mails on every run.

    placements: (unit, affiliations) pairs to spread the volunteers over, where affiliations is a list
    to draw from (name one twice to make it likelier). activities: as from create_activities().
    """
    # Seeded generators for made-up demo data (repeatable), not for anything secret.
    # Names apart from the facts, so that e-mails never shift.
    names = random.Random(f"{seed}-names")  # nosec B311
    facts = random.Random(f"{seed}-facts")  # nosec B311
    email_counts = Counter()
    weights = [weight for *_spec, weight in ACTIVITIES]
    for index in range(count):
        female = names.random() < 0.62
        first_name = names.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        last_name = names.choice(LAST_NAMES)
        if names.random() < 0.1:
            last_name = f"{names.choice(LAST_NAMES)} {last_name}"
        local = f"{first_name}.{last_name}".lower().translate(_EMAIL_LETTERS)
        email_counts[local] += 1
        number = email_counts[local]
        email = f"{local}{number if number > 1 else ''}@example.org"

        start, end = _volunteering_period(facts, index, today)
        if index % 12 == 0:
            # The anniversaries go round the units, so that every coordinator has some to celebrate.
            unit, affiliations = placements[(index // 12) % len(placements)]
        else:
            unit, affiliations = facts.choice(placements)
        chosen = {facts.choices(activities, weights)[0] for _draw in range(1 if facts.random() < 0.75 else 2)}
        needs_child = any(activity.involves_children for activity in chosen)
        needs_criminal = any(activity.involves_homes for activity in chosen)
        volunteer = Volunteer(
            organisation=organisation,
            unit=unit,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=_phone(facts) if facts.random() < 0.9 else "",
            birth_year=today.year - _age(facts) if facts.random() < 0.92 else None,
            gender=("female" if female else "male") if facts.random() < 0.9 else "",
            affiliation=facts.choice(affiliations) if affiliations else None,
            start_date=start,
            end_date=end,
            confidentiality_signed_on=(
                min(today, start + timedelta(days=facts.randint(0, 14))) if facts.random() < 0.9 else None
            ),
            child_check_assessed_on=_check_date(facts, start, today) if needs_child else None,
            criminal_check_assessed_on=_check_date(facts, start, today) if needs_criminal else None,
        )
        active_units = {unit}
        if facts.random() < 0.1:
            active_units.add(facts.choice(placements)[0])
        training = _training(facts, volunteer, end or today)
        yield NewVolunteer(volunteer, sorted(chosen, key=attrgetter("name")), list(active_units), training)


def create_volunteers(new_volunteers, batch_size=2000):
    """Save NewVolunteers and their links in a handful of bulk inserts; returns how many."""
    new_volunteers = list(new_volunteers)
    for new in new_volunteers:  # bulk_create skips Volunteer.save(), which sets the derived day
        new.volunteer.checks_due_on = new.volunteer.first_day_checks_missing(new.activities)
    Volunteer.objects.bulk_create([new.volunteer for new in new_volunteers], batch_size=batch_size)
    activity_links, unit_links, training = [], [], []
    for new in new_volunteers:
        pk = new.volunteer.pk
        activity_links += [Volunteer.activities.through(volunteer_id=pk, activity=a) for a in new.activities]
        unit_links += [Volunteer.active_units.through(volunteer_id=pk, unit=u) for u in new.active_units]
        for record in new.training:
            record.volunteer = new.volunteer
            training.append(record)
    Volunteer.activities.through.objects.bulk_create(activity_links, batch_size=batch_size)
    Volunteer.active_units.through.objects.bulk_create(unit_links, batch_size=batch_size)
    TrainingRecord.objects.bulk_create(training, batch_size=batch_size)
    return len(new_volunteers)


_EMAIL_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "."})


def _volunteering_period(facts, index, today):
    if index % 12 == 0:
        # An anniversary (1, 5 or 10 years) within the next 30 days, for the start page to celebrate.
        start = add_years(today + timedelta(days=facts.randint(0, 29)), -facts.choice((1, 5, 10)))
    elif index % 50 == 1:
        start = today + timedelta(days=facts.randint(1, 45))  # starts soon
    else:
        start = today - timedelta(days=facts.randint(0, 12 * 365))
    end = None
    if (today - start).days > 730 and facts.random() < 0.18:
        # Most left recently; one in five so long ago that the retention period has run out.
        days_ago = facts.randint(200, 700) if facts.random() < 0.2 else facts.randint(1, 150)
        end = today - timedelta(days=days_ago)
    return start, end


def _check_date(facts, start, today):
    """When a check was assessed: mostly within the last 2½ years, some overdue, some missing."""
    roll = facts.random()
    if roll < 0.15:
        return None
    served = (today - start).days
    if roll < 0.3 and served > 3 * 365 + 30:
        return today - timedelta(days=facts.randint(3 * 365 + 1, min(served, 6 * 365)))
    return today - timedelta(days=facts.randint(0, max(0, min(900, served + 30))))


def _training(facts, volunteer, last_day):
    start = volunteer.start_date
    if start > last_day:
        return []
    records = [
        TrainingRecord(
            kind=TrainingRecord.Kind.ONBOARDING,
            title=ONBOARDING_TITLE,
            completed_on=min(last_day, start + timedelta(days=facts.randint(0, 21))),
        )
    ]
    if facts.random() < 0.4:
        records.append(
            TrainingRecord(
                kind=TrainingRecord.Kind.COURSE,
                title=facts.choice(COURSE_TITLES),
                completed_on=start + timedelta(days=facts.randint(0, (last_day - start).days)),
            )
        )
    return records


def _phone(facts):
    digits = f"{facts.choice(MOBILE_PREFIXES)}{facts.randrange(10**6):06d}"
    return " ".join(digits[i : i + 2] for i in range(0, 8, 2))


def _age(facts):
    low, high, _weight = facts.choices(AGE_GROUPS, [weight for *_range, weight in AGE_GROUPS])[0]
    return facts.randint(low, high)


def settle_hand_offs(**lookup):
    """The demo's hand-offs of events long past on its day (a report accepted years ago, an agreement
    approved since it awaited approval): recorded as told when they happened, so that they are sent
    neither in the app nor by e-mail, and each login's notifications are the work of the present."""
    HandOff.objects.filter(sent_at=None, **lookup).update(sent_at=F("created_at"))
