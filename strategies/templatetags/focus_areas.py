"""A strategy's focus areas as articles, written in Python: 15 areas through the template, each with two
{% url %}s, its goals and its table, cost the strategy's page more than its queries. Joined as strings:
a format_html per area, goal and link costs as much again."""

from html import escape

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.links import url_maker

from .effect_targets import table_maker

register = template.Library()


@register.simple_tag
def focus_area_articles(areas, edit):
    """An <article> per focus area (effect targets prefetched): its number and title, with ``edit``
    links to edit and remove it, its description, goals and effect targets."""
    table = table_maker("table table-sm", "text-end", scrolls=True)
    goals_heading = escape(gettext("Goals"))
    if edit:
        edit_url = url_maker("strategies:focus_area_edit")
        delete_url = url_maker("strategies:focus_area_delete")
        edit_label, delete_label = escape(gettext("Edit")), escape(gettext("Remove"))

    def actions(area, title):
        if not edit:
            return ""
        return (
            f'\n<p class="focus-area-actions"><a href="{escape(edit_url(area.pk))}">{edit_label}'
            f'<span class="visually-hidden"> {title}</span></a> · <a href="{escape(delete_url(area.pk))}">'
            f'{delete_label}<span class="visually-hidden"> {title}</span></a></p>'
        )

    def description(area):
        if not area.description:
            return ""
        return f"\n<p>{linebreaksbr(area.description, autoescape=True)}</p>"

    def goals(area):
        lines = area.goal_lines()
        if not lines:
            return ""
        items = "".join(f"<li>{escape(line)}</li>" for line in lines)
        return f'\n<h4 class="h6">{goals_heading}</h4>\n<ul>{items}</ul>'

    def article(number, area):
        title = escape(area.title)
        return (
            f'<article class="mb-4" aria-labelledby="focus-area-{area.pk}">\n'
            f'<h3 id="focus-area-{area.pk}" class="h5">{number}. {title}</h3>'
            f"{actions(area, title)}{description(area)}{goals(area)}\n{table(area)}\n</article>"
        )

    articles = "\n".join(article(number, area) for number, area in enumerate(areas, start=1))
    # Safe: every text in it is escaped above (the description by linebreaksbr, the tables by
    # table_maker); the tags are this function's own.
    return SafeString(articles)  # nosec B703
