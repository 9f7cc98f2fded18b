"""Demo data from the source documents (shared/seeds): organisations, units, bodies and people.

Kept as data so that later capabilities extend it, and so that running it twice changes nothing.
"""

from datetime import date

DEMO_PASSWORD = "frivillig-demo"

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
