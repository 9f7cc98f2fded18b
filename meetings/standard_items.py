"""A body's standard items (Body.standard_items), added to every new agenda of the body.

The rule: one title per line. The first line opens the agenda (e.g. “Godkendelse af dagsorden”) and the
other lines close it (e.g. “Eventuelt”), in their order. To open with more than one item, a line “---”
separates the opening titles from the closing ones. Items added to the agenda later go before the
closing standard items that end it, so that “Eventuelt” stays last.
"""

from .models import AgendaItem, Body, Meeting

SEPARATOR = "---"


def split(text: str) -> tuple[list[str], list[str]]:
    """(opening titles, closing titles) of a body's standard items."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").splitlines() if line.strip()]
    if SEPARATOR in lines:
        at = lines.index(SEPARATOR)
        opening, closing = lines[:at], lines[at + 1 :]
    else:
        opening, closing = lines[:1], lines[1:]
    # A stray second separator is not a title.
    return [t for t in opening if t != SEPARATOR], [t for t in closing if t != SEPARATOR]


def titles(body: Body) -> list[str]:
    opening, closing = split(body.standard_items)
    return opening + closing


def add_to(meeting: Meeting) -> list[AgendaItem]:
    """Give a new meeting's empty agenda the body's standard items, in order. Called in the transaction
    that creates the meeting."""
    return AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=title[:300])
        for position, title in enumerate(titles(meeting.body), start=1)
    )


def next_position(meeting: Meeting) -> int:
    """The number a new item gets: after the last item, or before the closing standard items that end the
    agenda, which are moved one down (last first, so that the numbers stay unique after every update).
    The caller holds the meeting's row locked."""
    _opening, closing = split(meeting.body.standard_items)
    items = list(meeting.items.order_by("position").values_list("pk", "position", "title"))
    last = max((position for _pk, position, _title in items), default=0)
    if not closing:
        return last + 1
    # The closing items at the end, in their order: e.g. only "Eventuelt" if it is the last item.
    trailing = []
    for pk, position, title in reversed(items):
        if title in closing:
            trailing.append((pk, position, title))
        else:
            break
    if not trailing:
        return last + 1
    for pk, position, _title in trailing:  # from the end
        AgendaItem.objects.filter(pk=pk).update(position=position + 1)
    return trailing[-1][1]
