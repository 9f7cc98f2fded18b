"""A focus area's effect targets as a table, written in Python: a strategy of 15 focus areas has dozens
of targets, and an include per area with its cells through the template cost its page more than its
queries. The same table on the strategy's page, its public consultation page and its PDF."""

from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


def table_maker(table_class, number_class, scrolls=False):
    """A function area -> the table of its effect targets (prefetched), captioned with the area's title;
    "" when it has none. With ``scrolls`` it scrolls in its own region on a phone. The header is
    translated once for all of a page's areas, and a date or method once however many targets share it:
    formatting them per target cost more than the rest of the table. Joined as strings: a format_html per
    row and table costs as much as the rest of the page's focus areas."""
    head = format_html(
        '<thead><tr><th scope="col">{}</th><th scope="col" class="{}">{}</th>'
        '<th scope="col" class="{}">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead>',
        gettext("Indicator"),
        number_class,
        gettext("Baseline"),
        number_class,
        gettext("Target"),
        gettext("Unit of measure"),
        gettext("Target date"),
        gettext("How the units' values combine"),
    )
    table_tag, number_cell = f'<table class="{escape(table_class)}">', f'<td class="{escape(number_class)}">'
    dates, methods = {}, {}

    def day(target):
        """The target date, escaped."""
        if not target.target_date:
            return "–"
        if target.target_date not in dates:
            dates[target.target_date] = escape(date_format(target.target_date, "DATE_FORMAT"))
        return dates[target.target_date]

    def method(target):
        """How the units' values combine, escaped."""
        key = (target.aggregation, target.weight_label)
        if key not in methods:
            methods[key] = escape(str(target.aggregation_text))
        return methods[key]

    def number(value):
        # floatformat's text is digits and separators: nothing to escape.
        return "–" if value is None else floatformat(value, "-2g")

    def rows(targets):
        """A row per target: indicator, baseline and target (up to two decimals), unit, date, how the
        units' values combine; "–" where a value is missing."""
        return "".join(
            f"<tr><td>{escape(target.indicator)}</td>{number_cell}{number(target.baseline)}</td>"
            f"{number_cell}{number(target.target)}</td><td>{escape(target.unit)}</td>"
            f"<td>{day(target)}</td><td>{method(target)}</td></tr>"
            for target in targets
        )

    def table(area):
        targets = area.effect_targets.all()
        if not targets:
            return ""
        caption_id = escape(f"effect-targets-{area.pk}")
        caption = escape(gettext("Effect targets for %(title)s") % {"title": area.title})
        html = (
            f'{table_tag}\n<caption id="{caption_id}">{caption}</caption>\n{head}\n'
            f"<tbody>{rows(targets)}</tbody>\n</table>"
        )
        if scrolls:
            html = (
                '<div class="table-responsive" role="region" tabindex="0" '
                f'aria-labelledby="{caption_id}">{html}</div>'
            )
        # Safe: every text in it is escaped here or in rows(); the tags are this function's own.
        return SafeString(html)  # nosec B703

    return table


@register.simple_tag
def effect_targets_table(area, table_class, number_class, scrolls=False):
    """The table of one area's effect targets (see ``table_maker``)."""
    return table_maker(table_class, number_class, scrolls)(area)
