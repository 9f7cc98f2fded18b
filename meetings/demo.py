"""Demo data for meetings, from the source documents (shared/seeds): seed 003's meeting of Region
Midtjylland's temporary committee, and seed 000's seat list for Region Syddanmark's working group; and,
invented around the demo day (the seeds' meetings are all in 2015-21), each organisation's meetings of
now: one held last week or so whose minutes are not approved yet, and the next ones.

`seed_demo` calls `create(today)` after it has made the organisations, bodies and logins; running it
twice changes nothing. The committee's other attachments (Kommissorium, Forretningsorden, Notat, Forslag
til arbejdsplan) have no public address, so only the strategy's link is recreated.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from volunteers.models import User

from . import demo_attendance, demo_follow_ups, demo_items, demo_public
from .models import (
    AgendaItem,
    AttachmentLink,
    Body,
    FollowUp,
    Meeting,
    MeetingPlan,
    Membership,
    SeatCategory,
)

COMMITTEE = ("Region Midtjylland", "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet")
WORKING_GROUP = ("Region Syddanmark", "Arbejdsgruppen for revision af Frivillighedsstrategien")

PLAN = {
    "title": "Mødeplan 2020-2021",
    "approved_on": date(2020, 8, 18),
    "approved_by": "Udvalget (punkt 4 på mødet 18. august 2020)",
    "dates": [
        date(2020, 8, 18),
        date(2020, 10, 26),
        date(2021, 1, 21),
        date(2021, 4, 21),
        date(2021, 6, 10),
        date(2021, 9, 16),
    ],
    "start": time(9),
    "end": time(12),
}

FIRST_MEETING = {
    "date": date(2020, 8, 18),
    # Seed 003's video room is an address, not a link, so it stays with the place.
    "place": "Mødelokale C2 parterre (908728369), Regionshuset Viborg (video meet.rm64@rooms.rm.dk)",
    "minutes_approved_on": date(2020, 10, 26),
    "minutes_approved_by": "Udvalget, mødet 26. oktober 2020",
}

CASE_NUMBER = "1-00-6-20"

# Seed 003's five items: (title, summary, recommendation lines, case presentation, decision, links)
ITEMS = [
    (
        "Velkomst og introduktion til arbejdet i udvalget",
        "",
        [],
        "Regionsrådet har nedsat det midlertidige udvalg vedrørende samarbejde med civilsamfundet og "
        "udpeget Erik Vinther (V) som formand og Lars Møller Pedersen (A) som næstformand.\n\n"
        "Udvalget består af:\n\n"
        "- Erik Vinther (V) (formand)\n"
        "- Lars Møller Pedersen (A) (næstformand)\n"
        "- Annette Roed (A)\n"
        "- Birgitte Svenningsen (A)\n"
        "- Finn Thranum (V)\n"
        "- Marianne Carøe (A)\n"
        "- Steen Jakobsen (V).\n\n"
        "Udvalgsformandskabet vil byde velkommen til mødet og til arbejdet i udvalget. Herefter får "
        "udvalgsmedlemmerne hver især mulighed for indledningsvist at præsentere deres forventninger til "
        "udvalgsarbejdet.\n\n"
        "Udvalget er nedsat for perioden 1. januar 2020 til 31. december 2021. Udvalget afrapporterer sine "
        "anbefalinger til regionsrådet i forbindelse med en temadag i efteråret 2021.\n\n"
        "Udvalgets kommissorium og forretningsorden er vedlagt.",
        "Mødet blev indledt med en præsentation af udvalgsmedlemmerne og deres forventninger til arbejdet "
        "i udvalget.\n\n"
        "Kommissoriet for udvalgets arbejde blev drøftet, herunder at nedenstående emner indtænkes i "
        "udvalgets arbejde:\n\n"
        "- Samarbejdet i det nære sundhedsvæsen omkring sundheds- og psykiatrihuse, og hvordan vi får "
        "samarbejdet med de frivillige og foreninger til at fungere godt.\n"
        "- Samskabelse og samarbejde med frivillige på socialområdet.\n"
        "- Besøgsvener, herunder hvordan vilkårene har været under COVID-19.\n"
        "- Hvordan vi i regionen sikrer et setup, så foreninger og frivillige involveres i udviklingen af "
        "nye initiativer.",
        [],
    ),
    (
        "Præsentation af samarbejdet med frivillige og med civilsamfundet Region Midtjyllands nuværende "
        "samarbejde",
        "Udvalget præsenteres for status og erfaringer vedrørende Region Midtjyllands samarbejde med "
        "frivillige og civilsamfundet.",
        [
            "at præsentationen om status og erfaringer vedrørende Region Midtjyllands samarbejde med "
            "frivillige og civilsamfundet tages til efterretning."
        ],
        "Region Midtjylland har et velfungerende samarbejde med civilsamfundet inden for forskellige af "
        "regionens opgaveområder, og regionen har både en strategi og principper for samarbejdet med "
        "frivillige, som er tiltrådt af regionsrådet.\n\n"
        "Kontorchef Dorthe Klith, Sundhedsplanlægning, og administrationschef Jakob Olesen, Koncern HR, "
        "præsenterer på mødet status og erfaringer vedrørende Region Midtjyllands samarbejde med frivillige "
        "og med civilsamfundet.\n\n"
        "Der er vedlagt et notat, der beskriver det nuværende samarbejde mellem Region Midtjylland og "
        "civilsamfundet og med frivillige.",
        "Kontorchef Jakob Olesen præsenterede status og erfaringer vedrørende Region Midtjyllands "
        "samarbejde med frivillige og civilsamfundet, forskningsresultater om de positive effekter af "
        'frivilligt arbejde og udpluk af resultater fra "Hvordan har du det"-undersøgelsen.\n\n'
        "Det er oplevelsen, at samarbejdet med frivillige kan være katalysator for udvikling, og at "
        'frivillige kan være med til at spotte "blinde pletter".\n\n'
        "Plancher fra oplæg vedlægges og litteraturstudie vedr. forskningsresultater eftersendes.",
        [
            (
                "Strategi for samarbejde med frivillige i Region Midtjylland",
                "https://www.rm.dk/job/frivillig-i-region-midtjylland",
            )
        ],
    ),
    (
        "Drøftelse af udvalgets opgaver og arbejdsplan",
        "Udvalget drøfter opgaver og arbejdsplan.",
        [
            "at udvalget drøfter udvalgets opgaver og arbejdsplan, og",
            "at udvalget drøfter de forskellige input fra andre politiske udvalg til udvalgets arbejde.",
        ],
        "Det midlertidige udvalg vedrørende samarbejde med civilsamfundet er nedsat for perioden 1. januar "
        "2020 til 31. december 2021.\n\n"
        "Udvalgets arbejde tager blandt andet udgangspunkt i følgende spørgsmål:\n\n"
        "- Hvor ligger der udviklingspotentiale i forhold til samarbejdet med civilsamfundet?\n"
        "- Hvordan kan mental og fysisk sundhed styrkes i samarbejde med civilsamfundet?\n"
        "- Hvordan organiseres og ledes samarbejdet mellem regionen og civilsamfundet bedst muligt?\n\n"
        "Administrationen har udarbejdet vedlagte forslag til en overordnet arbejdsplan for udvalget med "
        "udgangspunkt i kommissoriet. Der er i arbejdsplanen taget udgangspunkt i, at udvalget holder seks "
        "ordinære møder.\n\n"
        "Fra andre politiske udvalg er der givet input: Udvalget for nære sundhedstilbud har peget på "
        "inddragelse på psykiatriområdet, herunder Projekt Livsvenner, og Psykiatri- og socialudvalget "
        "indbyder til en fælles workshop for civilsamfundet på psykiatriområdet.",
        "Udvalgets arbejdsplan og opgaver blev drøftet. Arbejdsplanen kan blive revideret på baggrund af "
        "hele COVID-19-situationen.\n\n"
        "Formen på afrapportering af udvalgets arbejde blev kort drøftet. Emnet vil blive taget op på et "
        "senere møde.",
        [],
    ),
    (
        "Godkendelse af udvalgets mødeplan for 2020 og 2021",
        "Administrationen har udarbejdet forslag til mødeplan for udvalget for 2020 og 2021.",
        ["at udvalget godkender mødeplanen for 2020 og 2021."],
        "Administrationen har udarbejdet følgende forslag til mødeplan for 2020 og 2021:\n\n"
        "- Tirsdag den 18. august kl. 9.00-12.00\n"
        "- Mandag den 26. oktober kl. 9.00-12.00\n"
        "- Torsdag den 21. januar 2021 kl. 9.00-12.00\n"
        "- Onsdag den 21. april 2021 kl. 9.00-12.00\n"
        "- Torsdag den 10. juni 2021 kl. 9.00-12.00\n"
        "- Torsdag den 16. september 2021 kl. 9.00-12.00",
        "Udvalget godkendte mødeplanen.",
        [],
    ),
    (
        "Gensidig orientering",
        "",
        [],
        "Eventuelt og gensidig orientering fra udvalgets medlemmer.",
        "Annette Roed orienterede om, at hun skal deltage i en MasterClass i frivillighed. Hun bringer "
        "relevant viden herfra med i det videre arbejde i udvalget.",
        [],
    ),
]

# Seed 000's working group: (category, seats, appointed by, includes the chair)
SEAT_CATEGORIES = [
    ("Ledelsesrepræsentanter fra sygehusene", 5, "Koncernledelsesforum", True),
    ("Kommunale ledelsesrepræsentanter", 4, "Sundhedsstrategisk Forum", False),
    ("Frivilligrepræsentanter", 2, "", False),
    ("Medarbejderrepræsentanter (somatik og psykiatri)", 2, "", False),
    ("Ledelsesrepræsentant fra Sundhedsplanlægning", 1, "", False),
    ("Ledelsesrepræsentant fra HR", 1, "", False),
    ("Ledelsesrepræsentant fra Socialområdet", 1, "", False),
    ("Ledelsesrepræsentant fra Tværsektorielt Samarbejde", 1, "", False),
    ("Jurist fra Råds- og direktionssekretariatet", 1, "", False),
    ("Sekretærer fra Tværsektorielt Samarbejde", 2, "", False),
]

# Members named by their function, as a secretary records them before the names are known; the
# remaining seats stay empty. (name, role, category, represents, appointed by)
WORKING_GROUP_MEMBERS = [
    (
        "Hospitalsdirektør, Sygehus Lillebælt",
        Membership.Role.CHAIR,
        "Ledelsesrepræsentanter fra sygehusene",
        "Sygehus Lillebælt",
        "Koncernledelsesforum",
    ),
    (
        "Vicedirektør, Odense Universitetshospital",
        Membership.Role.MEMBER,
        "Ledelsesrepræsentanter fra sygehusene",
        "Odense Universitetshospital",
        "Koncernledelsesforum",
    ),
    (
        "Sygeplejedirektør, Sydvestjysk Sygehus",
        Membership.Role.MEMBER,
        "Ledelsesrepræsentanter fra sygehusene",
        "Sydvestjysk Sygehus",
        "Koncernledelsesforum",
    ),
    (
        "Sundhedschef, Odense Kommune",
        Membership.Role.MEMBER,
        "Kommunale ledelsesrepræsentanter",
        "Odense Kommune",
        "Sundhedsstrategisk Forum",
    ),
    (
        "Repræsentant for Dansk Røde Kors",
        Membership.Role.MEMBER,
        "Frivilligrepræsentanter",
        "Dansk Røde Kors",
        "",
    ),
    (
        "Chefkonsulent, Sundhedsplanlægning",
        Membership.Role.MEMBER,
        "Ledelsesrepræsentant fra Sundhedsplanlægning",
        "Sundhedsplanlægning",
        "",
    ),
    (
        "Afdelingschef, Tværsektorielt Samarbejde",
        Membership.Role.MEMBER,
        "Ledelsesrepræsentant fra Tværsektorielt Samarbejde",
        "Tværsektorielt Samarbejde",
        "",
    ),
    (
        "Fuldmægtig, Tværsektorielt Samarbejde",
        Membership.Role.SECRETARY,
        "Sekretærer fra Tværsektorielt Samarbejde",
        "Tværsektorielt Samarbejde",
        "",
    ),
]


#: The body that follows the implementation of seed 000's strategy (the status pack goes to its meetings).
STEERING_GROUP = ("Region Syddanmark", "Koncernledelsesforum")

# Members who are also demo users, so that agendas, minutes and their reminders reach someone:
# (organisation, body, username, role).
USER_MEMBERS = [
    ("Region Syddanmark", "Koncernledelsesforum", "styregruppe.syd", Membership.Role.MEMBER),
    ("Region Syddanmark", "Koncernledelsesforum", "sekretariat.syd", Membership.Role.SECRETARY),
    ("Region Midtjylland", "Regions-MEDudvalget", "styregruppe.midt", Membership.Role.MEMBER),
    ("Region Midtjylland", "Regions-MEDudvalget", "sekretariat.midt", Membership.Role.SECRETARY),
    ("Aarhus Kommune", "Chefteamet i Sundhed og Omsorg", "styregruppe.aarhus", Membership.Role.MEMBER),
    ("Aarhus Kommune", "Chefteamet i Sundhed og Omsorg", "sekretariat.aarhus", Membership.Role.SECRETARY),
]

# Meetings around the demo day, per (organisation, body): (days from the demo day, start, end, place,
# how far the meeting has come, [(item title, summary, decision once minuted)]). Invented, not the seeds'.
LIVE_MEETINGS = {
    STEERING_GROUP: [
        (
            -7,
            time(13),
            time(15),
            "Regionshuset, Damhaven 12, Vejle",
            Meeting.Status.HELD,
            [
                (
                    "Evaluering af frivillighedsstrategien",
                    "Spørgeskemaet til sygehusene og socialområdet sendes ud som led i evalueringen to år "
                    "efter godkendelsen.",
                    "",
                ),
                ("Eventuelt", "", ""),
            ],
        ),
        (
            14,
            time(13),
            time(15),
            "Regionshuset, Damhaven 12, Vejle",
            Meeting.Status.DRAFT,
            [("Godkendelse af dagsorden", "", "")],
        ),
    ],
    ("Region Midtjylland", "Regions-MEDudvalget"): [
        (
            -21,
            time(10),
            time(12),
            "Regionshuset Viborg",
            Meeting.Status.MINUTES_DRAFTED,
            [
                (
                    "Udkast til strategi for frivillighed og samskabelse",
                    "Udkastet drøftes, før det sendes i åben høring.",
                    "Udvalget drøftede udkastet og anbefalede, at det sendes i åben høring.",
                ),
                ("Gensidig orientering", "", "Ingen bemærkninger."),
            ],
        ),
        (
            50,
            time(10),
            time(12),
            "Regionshuset Viborg",
            Meeting.Status.DRAFT,
            [
                (
                    "Høringssvar til strategi for frivillighed og samskabelse",
                    "Udvalget orienteres om de indkomne høringssvar.",
                    "",
                )
            ],
        ),
    ],
    ("Region Midtjylland", "Strategisk HR forum"): [
        (
            8,
            time(13),
            time(15),
            "Regionshuset Viborg",
            Meeting.Status.PUBLISHED,
            [
                (
                    "Strategi for frivillighed og samskabelse: personalets rolle",
                    "Forummet drøfter udkastet, mens det er i høring, med fokus på samspillet mellem "
                    "frivillige og medarbejdere.",
                    "",
                )
            ],
        ),
    ],
    ("Aarhus Kommune", "Chefteamet i Sundhed og Omsorg"): [
        (
            -5,
            time(9),
            time(11),
            "Rådhuset, Aarhus",
            Meeting.Status.MINUTES_DRAFTED,
            [
                (
                    "Status på frivilligområdet",
                    "Klyngen for Frivillighed og Medborgerskab orienterer om årets arbejde.",
                    "Chefteamet tog orienteringen til efterretning.",
                )
            ],
        ),
        (
            21,
            time(9),
            time(11),
            "Rådhuset, Aarhus",
            Meeting.Status.PUBLISHED,
            [
                (
                    "Samarbejdsaftaler med frivilligcentre",
                    "Chefteamet drøfter de samarbejdsaftaler, der skal revideres i det kommende år.",
                    "",
                )
            ],
        ),
    ],
}


# Follow-up tasks that a minuted decision left, by the item's title: (task, owner, deadline in days after
# the meeting, done). One is overdue, one still open.
FOLLOW_UP_TASKS = {
    "Udkast til strategi for frivillighed og samskabelse": [
        ("Udkastet sendes i åben høring", "Sundhedsplanlægning", 7, True),
        ("Udvalgets bemærkninger indarbejdes i udkastet", "Sundhedsplanlægning", 14, False),
    ],
    "Status på frivilligområdet": [
        ("Oversigt over samarbejdsaftaler til revision", "Strategi og Udvikling", 21, False),
    ],
}


# The bodies' standard items (meetings.standard_items: the first line opens a new agenda, the others close
# it; "---" ends the opening ones).
STANDARD_ITEMS = {
    STEERING_GROUP: "Godkendelse af dagsorden\nEventuelt",
    WORKING_GROUP: "Godkendelse af dagsorden\nEventuelt",
    # Seed 003's committee ends its meetings with "Gensidig orientering".
    COMMITTEE: "Godkendelse af dagsorden\nGensidig orientering",
    ("Region Midtjylland", "Regions-MEDudvalget"): (
        "Godkendelse af dagsorden\nGodkendelse af referat fra sidste møde\n---\nMeddelelser\nEventuelt"
    ),
    ("Aarhus Kommune", "Chefteamet i Sundhed og Omsorg"): "Godkendelse af dagsorden\nEventuelt",
}


def create(today):
    for (organisation, name), text in STANDARD_ITEMS.items():
        Body.objects.filter(organisation__name=organisation, name=name).update(standard_items=text)
    _committee(Body.objects.get(organisation__name=COMMITTEE[0], name=COMMITTEE[1]))
    _working_group(Body.objects.get(organisation__name=WORKING_GROUP[0], name=WORKING_GROUP[1]))
    _user_members()
    for (organisation, name), specs in LIVE_MEETINGS.items():
        body = Body.objects.get(organisation__name=organisation, name=name)
        if not body.meetings.exists():  # once: a later run on another day leaves them be
            for spec in specs:
                _live_meeting(body, today, *spec)
    demo_follow_ups.create(today)
    demo_public.create()
    demo_attendance.create(today)
    demo_items.create()  # after the live meetings: the Chefteam's are made only on an empty calendar


def _user_members():
    for organisation, body_name, username, role in USER_MEMBERS:
        user = User.objects.get(username=username)
        Membership.objects.get_or_create(
            body=Body.objects.get(organisation__name=organisation, name=body_name),
            user=user,
            defaults={"name": user.get_full_name(), "role": role, "email": user.email},
        )


def _live_meeting(body, today, days, start, end, place, status, items):
    """A meeting walked through the workflow to ``status``, its times those of the demo day, not the
    clock's."""
    day = today + timedelta(days=days)
    while day.weekday() >= 5:  # a weekday: further back for a meeting held, further on for one to come
        day += timedelta(days=-1 if days < 0 else 1)
    meeting = Meeting(body=body, date=day, start_time=start, end_time=end, place=place)
    meeting.full_clean()
    meeting.save()
    for position, (title, summary, _decision) in enumerate(items, start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=title, summary=summary)
    steps = list(Meeting.Status.values)
    reached = steps.index(status)
    if reached >= steps.index(Meeting.Status.PUBLISHED):
        meeting.publish()
        # Published a week before the meeting (or today, if that is sooner), on the demo's calendar.
        meeting.published_at = _at(min(today, day - timedelta(days=7)), time(9))
        meeting.save(update_fields=["published_at"])
    if reached >= steps.index(Meeting.Status.HELD):
        meeting.mark_held(now=_at(today, time(23, 59)))  # held by the end of the demo day
    if reached >= steps.index(Meeting.Status.MINUTES_DRAFTED):
        for item in meeting.items.all():
            item.decision = next(decision for title, _summary, decision in items if title == item.title)
            item.save(update_fields=["decision"])
            for title, owner, after, done in FOLLOW_UP_TASKS.get(item.title, []):
                deadline = day + timedelta(days=after)
                follow_up = FollowUp.objects.create(
                    item=item, kind=FollowUp.Kind.TASK, title=title, owner=owner, deadline=deadline
                )
                if done:
                    follow_up.change_status(FollowUp.Status.DONE, "", None, on=deadline)
        meeting.draft_minutes()
    return meeting


def _at(day, clock):
    return timezone.make_aware(datetime.combine(day, clock))


def _committee(body):
    plan, _created = MeetingPlan.objects.update_or_create(
        body=body,
        title=PLAN["title"],
        defaults={"approved_on": PLAN["approved_on"], "approved_by": PLAN["approved_by"]},
    )
    meetings = {}
    for day in PLAN["dates"]:
        meetings[day], _created = Meeting.objects.update_or_create(
            body=body,
            date=day,
            start_time=PLAN["start"],
            defaults={"plan": plan, "end_time": PLAN["end"]},
        )
    first = meetings[FIRST_MEETING["date"]]
    fields = {key: value for key, value in FIRST_MEETING.items() if key != "date"}
    Meeting.objects.filter(pk=first.pk).update(status=Meeting.Status.MINUTES_APPROVED, **fields)
    for position, (title, summary, at_lines, presentation, decision, links) in enumerate(ITEMS, start=1):
        item, _created = AgendaItem.objects.update_or_create(
            meeting=first,
            position=position,
            defaults={
                "title": title,
                "case_number": CASE_NUMBER,
                "summary": summary,
                "recommendation_by": "Direktionen" if at_lines else "",
                "recommendation": "\n".join(at_lines),
                "case_presentation": presentation,
                "decision": decision,
            },
        )
        for link_title, url in links:
            AttachmentLink.objects.update_or_create(item=item, title=link_title, defaults={"url": url})


def _working_group(body):
    categories = {}
    for position, (name, required, appointed_by, includes_chair) in enumerate(SEAT_CATEGORIES, start=1):
        categories[name], _created = SeatCategory.objects.update_or_create(
            body=body,
            name=name,
            defaults={
                "required": required,
                "appointed_by": appointed_by,
                "includes_chair": includes_chair,
                "position": position,
            },
        )
    for name, role, category, represents, appointed_by in WORKING_GROUP_MEMBERS:
        Membership.objects.update_or_create(
            body=body,
            name=name,
            defaults={
                "role": role,
                "seat_category": categories[category],
                "represents": represents,
                "appointed_by": appointed_by,
                "start": body.term_start,
                "end": body.term_end,
            },
        )
