"""The demo's public version (meetings.demo calls ``create()``): seed 002's openness principle.

- Seed 003's temporary committee is public: a political committee publishes its agendas and minutes, and
  its approved minutes of 18 August 2020 are on its public page.
- Region Syddanmark's Koncernledelsesforum is public too, and its meeting held last week (meetings.demo's
  live meetings) has a closed item, last as in a municipal agenda, and an internal attachment, so that the
  public page shows “Lukket punkt” and leaves the internal note out. Invented, not the seeds'.

Running it twice changes nothing: the item and the link are found by their titles.
"""

from .models import AgendaItem, AttachmentLink, Body

COMMITTEE = ("Region Midtjylland", "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet")
STEERING_GROUP = ("Region Syddanmark", "Koncernledelsesforum")
PUBLIC_BODIES = [COMMITTEE, STEERING_GROUP]

#: The item of the steering group's held meeting that gets the internal attachment (meetings.demo).
EVALUATION_ITEM = "Evaluering af frivillighedsstrategien"
INTERNAL_LINK = (
    "Internt notat: svarprocenter pr. sygehus",
    "https://intra.regionsyddanmark.dk/frivillighed/evaluering-svarprocenter",
)
CLOSED_ITEM = {
    "title": "Personalesag vedrørende frivilligkoordinator",
    "summary": "Drøftelse af en personalesag; punktet behandles for lukkede døre.",
    "responsible_leader": "Koncerndirektør",
    "is_closed": True,
}


def create():
    for organisation, name in PUBLIC_BODIES:
        Body.objects.filter(organisation__name=organisation, name=name).update(is_public=True)
    evaluation = (
        AgendaItem.objects.filter(
            meeting__body__organisation__name=STEERING_GROUP[0],
            meeting__body__name=STEERING_GROUP[1],
            title=EVALUATION_ITEM,
        )
        .select_related("meeting")
        .order_by("meeting__date")
        .first()
    )
    if evaluation is None:
        return
    title, url = INTERNAL_LINK
    AttachmentLink.objects.get_or_create(
        item=evaluation, title=title, defaults={"url": url, "is_internal": True}
    )
    meeting = evaluation.meeting
    if not meeting.items.filter(title=CLOSED_ITEM["title"]).exists():
        last = meeting.items.order_by("-position").values_list("position", flat=True).first() or 0
        AgendaItem.objects.create(meeting=meeting, position=last + 1, **CLOSED_ITEM)
