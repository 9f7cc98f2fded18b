"""The demo's item as municipal secretariats write it (meetings.demo calls ``create()``): seed 004's
“Chefteamindstilling: Frivillighed og Medborgerskab 2019” of 31 January 2019 on the agenda of Aarhus
Kommune's Chefteamet i Sundhed og Omsorg, with its open/closed mark, coordination, responsible leaders,
the attendee for the item, the four decision points and the minutes (“Referat”) as its decision.

Running it twice changes nothing: the meeting is found by its body and date, the item by its number.
"""

from datetime import date, time

from .models import AgendaItem, Body, Meeting

CHEFTEAM = ("Aarhus Kommune", "Chefteamet i Sundhed og Omsorg")
DAY = date(2019, 1, 31)

ITEM = {
    "title": "Frivillighed og Medborgerskab 2019",
    "recommendation_by": "Strategi og Udvikling",
    "summary": (
        "Chefteamet skal beslutte fokusområder, organisering og økonomi for frivilligområdet for 2019 "
        "og frem."
    ),
    "recommendation": "at Chefteamet beslutter de fire punkter herunder.",
    "decision_points": (
        "At udviklingen af frivilligområdet i 2019 tager udgangspunkt i de 3 spor beskrevet i bilag 1\n"
        "At klyngen for Frivillighed og Medborgerskab (frivilligkonsulenterne) og Team frivillighed og "
        "Medborgerskab forankres i Udvikling, som beskrevet i bilag 1.\n"
        "At cafeudvikling og de afsatte midler på 273.000 kr. årligt forankres i Udvikling, som led i det "
        "fortsatte arbejde med Slip Kræfterne Fri\n"
        "At der afsættes 1 mio. kr. til fortsat at understøtte frivillighed i lokalområderne og den videre "
        "udvikling af frivilligområdet i 2019-2021. Se bilag 1- punkt 4."
    ),
    "case_presentation": (
        "Baggrund: I Sundhed og Omsorg arbejder vi målrettet med samarbejde og inddragelse af civilsamfundet "
        "i opgaveløsningen. Både i forhold til at styrke medborgerskabet, understøtte fællesskaber, gøre det "
        "nemt, sjovt og tilgængeligt at være frivillig samt strategisk udvikling gennem samarbejdsaftaler "
        "og alliancer.\n\n"
        "Kommunikation: Den fremadrettede organisering af frivilligområdet og udviklingssporene for 2019 "
        "kommunikeres ud via Chefteamets 5 minutter, så direktioner og ledere ved, hvad der arbejdes med i "
        "2019 på frivilligområdet.\n\n"
        "Implementering: Arbejdet med de tre udviklingsspor for 2019 forankres i Klyngen for Frivillighed "
        "og Medborgerskab med understøttelse af Team Frivillighed og Medborgerskab."
    ),
    "is_closed": False,
    "coordinated_with": "Områderne, Sundhedsstrategi og Udvikling, Økonomi",
    "responsible_leader": "Maj Morgenstjerne og Henriette Andersen",
    "item_attendees": "Maj Morgenstjerne",
    "decision": (
        "Chefteamet besluttede\n\n"
        "- At udviklingen af frivilligområdet i 2019 tager udgangspunkt i de 3 spor beskrevet i bilag 1\n"
        "- At klyngen for Frivillighed og Medborgerskab (frivilligkonsulenterne) og Team frivillighed og "
        "Medborgerskab forankres i Udvikling, som beskrevet i bilag 1.\n"
        "- At cafeudvikling og de afsatte midler på 273.000 kr. årligt forankres i Udvikling, som led i det "
        "fortsatte arbejde med Slip Kræfterne Fri\n"
        "- At der afsættes 1 mio. kr. til fortsat at understøtte frivillighed i lokalområderne og den "
        "videre udvikling af frivilligområdet i 2019-2021. Se bilag 1- punkt 4.\n\n"
        "Chefteamet drøftede at områderne har volumen til at bidrage lokalt. Fokus på samarbejde med de "
        "strategiske partnere.\n\n"
        "Bookingsystem – Udvikling tjekker med Bygningsafdelinger om muligheder tværmagistratsligt."
    ),
}


def create():
    body = Body.objects.filter(organisation__name=CHEFTEAM[0], name=CHEFTEAM[1]).first()
    if body is None:
        return
    meeting, _created = Meeting.objects.update_or_create(
        body=body,
        date=DAY,
        start_time=time(9),
        defaults={
            "end_time": time(11),
            "place": "Rådhuset, Aarhus",
            "status": Meeting.Status.MINUTES_APPROVED,
            "minutes_approved_on": date(2019, 2, 14),
            "minutes_approved_by": "Chefteamet",
        },
    )
    AgendaItem.objects.update_or_create(meeting=meeting, position=1, defaults=ITEM)
