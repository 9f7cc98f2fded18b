"""A strategy's focus areas as articles, written in Python: 15 areas through the template, each with two
{% url %}s, its goals and its table, cost the strategy's page more than its queries."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from core.links import url_maker

from .effect_targets import table_maker

register = template.Library()


@register.simple_tag
def focus_area_articles(areas, edit):
    """An <article> per focus area (effect targets prefetched): its number and title, with ``edit``
    links to edit and remove it, its description, goals and effect targets."""
    table = table_maker("table table-sm", "text-end", scrolls=True)
    goals_heading = gettext("Goals")
    if edit:
        edit_url = url_maker("strategies:focus_area_edit")
        delete_url = url_maker("strategies:focus_area_delete")
        edit_label, delete_label = gettext("Edit"), gettext("Remove")

    def actions(area):
        if not edit:
            return ""
        return format_html(
            '\n<p class="focus-area-actions"><a href="{}">{}<span class="visually-hidden"> {}</span></a> · '
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a></p>',
            edit_url(area.pk),
            edit_label,
            area.title,
            delete_url(area.pk),
            delete_label,
            area.title,
        )

    def description(area):
        if not area.description:
            return ""
        return format_html("\n<p>{}</p>", linebreaksbr(area.description, autoescape=True))

    def goals(area):
        lines = area.goal_lines()
        if not lines:
            return ""
        return format_html(
            '\n<h4 class="h6">{}</h4>\n<ul>{}</ul>',
            goals_heading,
            format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
        )

    return format_html_join(
        "\n",
        '<article class="mb-4" aria-labelledby="focus-area-{}">\n'
        '<h3 id="focus-area-{}" class="h5">{}. {}</h3>{}{}{}\n{}\n</article>',
        (
            (area.pk, area.pk, number, area.title, actions(area), description(area), goals(area), table(area))
            for number, area in enumerate(areas, start=1)
        ),
    )
