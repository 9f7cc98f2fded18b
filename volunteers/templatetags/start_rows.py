"""The volunteers' rows of the coordinator's start page, written in Python as the lists' are: its tables'
template cells cost the page more than their queries."""

from django import template
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import ngettext

from core.dates import day_text
from core.links import url_maker

register = template.Library()


def _volunteer_rows(rows, cells, values):
    """A <tr> per (volunteer, *rest): the name (linked) and the unit, then ``cells`` filled with
    ``values(*rest)``."""
    url = url_maker("volunteers:volunteer_detail")
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td>' + cells + "</tr>",
        ((url(volunteer.pk), volunteer, volunteer.unit, *values(*rest)) for volunteer, *rest in rows),
    )


@register.simple_tag
def missing_check_rows(rows):
    """A row per (volunteer, the labels of what is missing or due)."""
    return _volunteer_rows(rows, "<td>{}</td>", lambda missing: [capfirst(", ".join(map(str, missing)))])


@register.simple_tag
def anniversary_rows(rows):
    """A row per (volunteer, years, day): the years completed and the day."""
    return _volunteer_rows(
        rows,
        '<td>{}</td><td class="text-nowrap">{}</td>',
        lambda years, day: [
            ngettext("%(years)s year", "%(years)s years", years) % {"years": years},
            day_text(day),
        ],
    )
