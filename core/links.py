"""Links to many objects of one kind on a page (table rows, agenda items, report cells)."""

from collections.abc import Callable

from django.urls import NoReverseMatch, reverse

#: A primary key no object has: reversed in its place, then swapped for each object's.
_PLACEHOLDER = "987654321"


def url_maker(name: str) -> Callable[[object], str]:
    """A function pk -> the URL of the view ``name`` (one object's page), reversed once rather than per
    row: reversing costs more than the rest of a row. A view that does not exist yet gives no link ("")."""
    try:
        pattern = reverse(name, args=[_PLACEHOLDER])
    except NoReverseMatch:
        return lambda pk: ""
    return lambda pk: pattern.replace(_PLACEHOLDER, str(pk))
