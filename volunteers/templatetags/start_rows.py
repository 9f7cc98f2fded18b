"""The volunteers' rows of the coordinator's start page, written in Python as the lists' are: its tables'
template cells cost the page more than their queries."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import ngettext

from core.links import url_maker

register = template.Library()

_VOLUNTEER_CELLS = '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td>'


@register.simple_tag
def missing_check_rows(rows):
    """A <tr> per (volunteer, the labels of what is missing or due): name (linked), unit, what."""
    url = url_maker("volunteers:volunteer_detail")
    return format_html_join(
        "\n",
        _VOLUNTEER_CELLS + "<td>{}</td></tr>",
        (
            (url(volunteer.pk), volunteer, volunteer.unit, capfirst(", ".join(map(str, missing))))
            for volunteer, missing in rows
        ),
    )


@register.simple_tag
def anniversary_rows(rows):
    """A <tr> per (volunteer, years, day): name (linked), unit, the years completed and the day."""
    url = url_maker("volunteers:volunteer_detail")
    return format_html_join(
        "\n",
        _VOLUNTEER_CELLS + '<td>{}</td><td class="text-nowrap">{}</td></tr>',
        (
            (
                url(volunteer.pk),
                volunteer,
                volunteer.unit,
                ngettext("%(years)s year", "%(years)s years", years) % {"years": years},
                date_format(day),
            )
            for volunteer, years, day in rows
        ),
    )
