"""The demo's collaboration agreements (seed_demo, and the benchmark's spread of them)."""

from datetime import timedelta

from volunteers.demo import settle_hand_offs
from volunteers.models import NotificationKind

from .models import Agreement

# Agreements, with dates in days from the day seed_demo runs. AGREEMENT_DEFAULTS speaks of a region's
# hospitals; an entry of another kind of organisation states its own terms. "state" is the status the
# agreement is walked to through the workflow (draft -> TR dialogue -> approved -> active -> due for
# review / ended).
AGREEMENT_DEFAULTS = {
    "kind": "supplement",
    "volunteers_must_not": [
        "Pleje, behandling eller personlig hygiejne",
        "Give eller håndtere medicin",
        "Løfte eller forflytte patienter",
        "Give information om diagnose, behandling eller prognose",
    ],
    "onboarding": (
        "Introduktionsmøde med frivilligkoordinatoren, rundvisning på afdelingen og følgeskab med en "
        "erfaren frivillig de første to gange. Årligt temamøde for alle frivillige."
    ),
    "insurance_and_legal": (
        "De frivillige er dækket af regionens arbejdsskade- og ansvarsforsikring, når de udfører de "
        "aftalte opgaver. Organisationens egen ulykkesforsikring dækker ved transport til og fra."
    ),
    "confidential_information": (
        "De frivillige underskriver en tavshedserklæring før første vagt. De får kun de oplysninger, "
        "opgaven kræver, og noterer intet om patienterne."
    ),
    "meetings": (
        "Kontaktpersonerne mødes hvert kvartal. Et fælles evalueringsmøde med de frivillige og "
        "afdelingens ledelse hvert år før revisionen."
    ),
    "termination": (
        "Hver part kan opsige aftalen skriftligt med tre måneders varsel. Ved alvorlige brud på "
        "aftalen kan den ophæves straks."
    ),
}

AGREEMENTS = {
    "midt": [
        {
            "unit": "Regionshospital Horsens",
            "volunteer_organisation": "Dansk Røde Kors",
            "title": "Besøgsvenner på Regionshospital Horsens",
            "state": "active",
            "purpose": "At give indlagte patienter, der ikke har besøg, selskab, samtale og nærvær.",
            "target_group": "Indlagte patienter på de medicinske afsnit, især ældre og ensomme.",
            "volunteer_tasks": [
                "Samtale og nærvær ved sengen eller i dagligstuen",
                "Følge patienter til undersøgelse og tilbage igen",
                "Læse avis eller bog højt",
                "Gå en tur med patienten, når personalet har sagt god for det",
            ],
            "professional_tasks": [
                "Al pleje og behandling",
                "Medicin",
                "Vurdering af patientens tilstand",
                "Information om diagnose og behandling",
                "Vurdere hvilke patienter der kan få besøg, og orientere den frivillige",
            ],
            "unit_contact": "Sofie Bach, frivilligkoordinator, tlf. 78 42 50 00",
            "organisation_contact": "Lene Østergaard, Dansk Røde Kors Horsens",
            "expected_volunteers": 14,
            "start": -730,
            "review": 20,
            "tr_dialogue": (
                -800,
                "Anette Lund, fællestillidsrepræsentant (DSR)",
                "Positiv. Opgaverne er klart afgrænset fra plejepersonalets; evalueres efter et år.",
            ),
            "approval": (-770, "Hospitalsledelsen, Regionshospital Horsens"),
        },
        {
            "unit": "Regionshospital Horsens",
            "volunteer_organisation": "Kræftens Bekæmpelse",
            "title": "Patient- og pårørendecafé på Regionshospital Horsens",
            "kind": "patient_association",
            "state": "tr_dialogue",
            "purpose": "Et uformelt mødested for patienter med kræft og deres pårørende under behandlingen.",
            "target_group": "Patienter i kræftbehandling og deres pårørende.",
            "volunteer_tasks": [
                "Servere kaffe i caféen",
                "Samtale og nærvær med patienter og pårørende",
                "Fortælle om Kræftens Bekæmpelses rådgivning og netværk",
            ],
            "professional_tasks": [
                "Al pleje og behandling",
                "Information om diagnose og behandling",
                "Henvise patienter og pårørende til caféen",
            ],
            "unit_contact": "Sofie Bach, frivilligkoordinator",
            "organisation_contact": "Kræftrådgivningen i Horsens",
            "expected_volunteers": 8,
            "start": 30,
            "review": 395,
            "tr_dialogue": (
                -10,
                "Jens Kjeldsen, tillidsrepræsentant (FOA)",
                "Ingen indvendinger. Caféen må ikke erstatte sygeplejerskernes samtaler med de pårørende.",
            ),
        },
        {
            "unit": "Regionshospital Horsens",
            "volunteer_organisation": "Frivilligkorpset ved Regionshospital Horsens",
            "title": "Guide og værtsfunktion i forhallen",
            "state": "draft",
            "purpose": "At tage imod patienter og pårørende i forhallen og vise vej på hospitalet.",
            "target_group": "Patienter og pårørende, der kommer til hospitalet.",
            "volunteer_tasks": [
                "Tage imod i forhallen og vise vej til ambulatorier og afsnit",
                "Følge patienter til undersøgelse",
                "Hjælpe med kørestole ved indgangen",
            ],
            "professional_tasks": [
                "Al pleje og behandling",
                "Vurdering af patientens tilstand",
                "Information om tider og ventetid",
            ],
            "unit_contact": "Sofie Bach, frivilligkoordinator",
            "organisation_contact": "Frivilligkorpsets bestyrelse",
            "expected_volunteers": 20,
            "start": 60,
            "review": 425,
        },
        {
            "unit": "Aarhus Universitetshospital",
            "volunteer_organisation": "Dansk Røde Kors",
            "title": "Besøgsvenner på Aarhus Universitetshospital",
            "state": "ended",
            "purpose": "Selskab og samtale for indlagte patienter uden netværk.",
            "target_group": "Indlagte ældre patienter.",
            "volunteer_tasks": ["Samtale og nærvær", "Følge patienter til undersøgelse"],
            "professional_tasks": [
                "Al pleje og behandling",
                "Medicin",
                "Vurdering af patientens tilstand",
            ],
            "unit_contact": "Frivilligkoordinatoren, Aarhus Universitetshospital",
            "organisation_contact": "Dansk Røde Kors Aarhus",
            "expected_volunteers": 25,
            "start": -1900,
            "review": -1500,
            "end": -400,
            "tr_dialogue": (-1960, "Fællestillidsrepræsentanten", "Positiv."),
            "approval": (-1930, "Hospitalsledelsen, Aarhus Universitetshospital"),
        },
    ],
    "syd": [
        {
            "unit": "Sygehus Lillebælt",
            "volunteer_organisation": "Dansk Røde Kors",
            "title": "Besøgsvenner på Sygehus Lillebælt",
            "state": "active",
            "purpose": "At give indlagte patienter selskab, samtale og nærvær.",
            "target_group": "Indlagte patienter i Vejle og Kolding.",
            "volunteer_tasks": [
                "Samtale og nærvær",
                "Følge patienter til undersøgelse",
                "Spille kort eller læse højt",
            ],
            "professional_tasks": [
                "Al pleje og behandling",
                "Medicin",
                "Vurdering af patientens tilstand",
                "Information om diagnose",
            ],
            "unit_contact": "Mette Lauridsen, frivilligkoordinator",
            "organisation_contact": "Dansk Røde Kors Vejle",
            "expected_volunteers": 18,
            "start": -400,
            "review": 240,
            "tr_dialogue": (-470, "Tillidsrepræsentanten for sygeplejerskerne", "Positiv."),
            "approval": (-440, "Sygehusledelsen, Sygehus Lillebælt"),
        },
        {
            "unit": "Sygehus Lillebælt",
            "volunteer_organisation": "Dansk Røde Kors",
            "title": "Caféværter i patientcaféen, Sygehus Lillebælt",
            "state": "due_for_review",
            "purpose": "En hyggelig pause for patienter og pårørende i ventetiden.",
            "target_group": "Ambulante patienter og pårørende.",
            "volunteer_tasks": ["Servere kaffe i caféen", "Samtale og nærvær"],
            "professional_tasks": [
                "Al pleje og behandling",
                "Information om diagnose",
                "Hygiejneregler for caféen",
            ],
            "unit_contact": "Mette Lauridsen, frivilligkoordinator",
            "organisation_contact": "Dansk Røde Kors Kolding",
            "expected_volunteers": 10,
            "start": -1110,
            "review": -15,
            "tr_dialogue": (
                -1170,
                "Tillidsrepræsentanten (FOA)",
                "Positiv; caféen må ikke overtage serviceassistenternes opgaver.",
            ),
            "approval": (-1140, "Sygehusledelsen, Sygehus Lillebælt"),
        },
    ],
    "aarhus": [
        {
            "unit": "Frivillighed og Medborgerskab",
            "volunteer_organisation": "Frivilligcenter Aarhus",
            "title": "Patient- og pårørendecafé i samarbejde med Frivilligcenter Aarhus",
            "kind": "volunteer_centre",
            "state": "active",
            "purpose": "Et fællesskab for borgere med kronisk sygdom og deres pårørende.",
            "target_group": "Borgere med kronisk sygdom og deres pårørende i Aarhus Kommune.",
            "volunteer_tasks": [
                "Servere kaffe i caféen",
                "Samtale og nærvær",
                "Byde nye deltagere velkommen",
            ],
            "professional_tasks": [
                "Sundhedsfaglig rådgivning",
                "Vurdering af borgerens tilstand",
                "Henvise borgere til caféen",
            ],
            "unit_contact": "Camilla Iversen, frivilligkonsulent",
            "organisation_contact": "Frivilligcenter Aarhus",
            # A municipality's own terms, not the regions' hospital wording of AGREEMENT_DEFAULTS.
            "volunteers_must_not": [
                "Personlig pleje eller praktisk hjælp, som kommunen visiterer til",
                "Give eller håndtere medicin",
                "Løfte eller forflytte borgere",
                "Give råd om sygdom og behandling",
            ],
            "onboarding": (
                "Introduktionsmøde med frivilligkonsulenten og Frivilligcenter Aarhus, og følgeskab med en "
                "erfaren frivillig de første to gange. Årligt temamøde for alle frivillige."
            ),
            "insurance_and_legal": (
                "De frivillige er dækket af kommunens arbejdsskadeforsikring og ansvarsforsikring, når de "
                "udfører de aftalte opgaver for kommunen."
            ),
            "confidential_information": (
                "De frivillige har tavshedspligt om det, de hører om borgerne, og underskriver en "
                "tavshedserklæring før første gang i caféen."
            ),
            "meetings": (
                "Kontaktpersonerne mødes hvert kvartal. Et fælles evalueringsmøde med de frivillige og "
                "Sundhed og Omsorgs ledelse hvert år før revisionen."
            ),
            "expected_volunteers": 12,
            "start": -300,
            "review": 25,
            "tr_dialogue": (-360, "Tillidsrepræsentanten i Sundhed og Omsorg", "Positiv."),
            "approval": (-330, "Chefteamet i Sundhed og Omsorg"),
        },
    ],
}


# --- Generated volunteers and agreement contents (seed_demo and the bench) ------------------------------


def agreement_fields(spec, today):
    """An AGREEMENTS entry's contents as model fields (not its workflow), its dates counted from today."""
    spec = {**AGREEMENT_DEFAULTS, **spec}
    fields = {name: spec[name] for name in _AGREEMENT_TEXT_FIELDS if name in spec}
    fields.update({name: "\n".join(spec[name]) for name in _AGREEMENT_LIST_FIELDS})
    fields["start_date"] = today + timedelta(days=spec["start"])
    fields["review_date"] = today + timedelta(days=spec["review"])
    fields["end_date"] = today + timedelta(days=spec["end"]) if "end" in spec else None
    return fields


_AGREEMENT_TEXT_FIELDS = [
    "title",
    "kind",
    "purpose",
    "target_group",
    "unit_contact",
    "organisation_contact",
    "onboarding",
    "insurance_and_legal",
    "confidential_information",
    "meetings",
    "termination",
    "expected_volunteers",
]
_AGREEMENT_LIST_FIELDS = ["volunteer_tasks", "professional_tasks", "volunteers_must_not"]


def create(organisation, units, volunteer_organisations, coordinator, slug, today):
    """Each agreement is walked through the workflow to its state, so that its history tells how."""
    existing = set(Agreement.objects.filter(organisation=organisation).values_list("title", flat=True))
    for spec in AGREEMENTS.get(slug, []):
        if spec["title"] in existing:
            continue
        agreement = Agreement(
            organisation=organisation,
            unit=units[spec["unit"]],
            volunteer_organisation=volunteer_organisations[spec["volunteer_organisation"]],
            responsible=coordinator,
            **agreement_fields(spec, today),
        )
        agreement._history_user = coordinator  # django-simple-history's "changed by"
        agreement.full_clean()
        agreement.save()
        _walk_workflow(agreement, spec, today)


def _walk_workflow(agreement, spec, today):
    def day(offset):
        return today + timedelta(days=offset)

    steps = list(Agreement.Status.values)  # draft, TR dialogue, approved, active, due for review, ended
    reached = steps.index(spec["state"])
    if reached >= steps.index(Agreement.Status.TR_DIALOGUE):
        held_on, held_with, outcome = spec["tr_dialogue"]
        agreement.record_tr_dialogue(day(held_on), held_with, outcome, today=today)
    if reached >= steps.index(Agreement.Status.APPROVED):
        approved_on, approved_by = spec["approval"]
        agreement.approve(approved_by, day(approved_on), today=today)
        settle_hand_offs(kind=NotificationKind.AGREEMENT_TO_APPROVE, key=f"agreement:{agreement.pk}")
    if reached >= steps.index(Agreement.Status.ACTIVE):
        agreement.activate()
    if spec["state"] == Agreement.Status.DUE_FOR_REVIEW:
        agreement.mark_due_for_review()
    elif spec["state"] == Agreement.Status.ENDED:
        agreement.end(agreement.end_date or today)
