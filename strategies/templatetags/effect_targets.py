"""A focus area's effect targets as a table, written in Python: a strategy of 15 focus areas has dozens
of targets, and an include per area with its cells through the template cost its page more than its
queries. The same table on the strategy's page, its public consultation page and its PDF."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()


def table_maker(table_class, number_class, scrolls=False):
    """A function area -> the table of its effect targets (prefetched), captioned with the area's title;
    "" when it has none. With ``scrolls`` it scrolls in its own region on a phone. The header is
    translated once for all of a page's areas, and a date or method once however many targets share it:
    formatting them per target cost more than the rest of the table."""
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
    dates, methods = {}, {}

    def day(target):
        if not target.target_date:
            return "–"
        if target.target_date not in dates:
            dates[target.target_date] = date_format(target.target_date, "DATE_FORMAT")
        return dates[target.target_date]

    def method(target):
        key = (target.aggregation, target.weight_label)
        if key not in methods:
            methods[key] = target.aggregation_text
        return methods[key]

    def rows(targets):
        """A row per target: indicator, baseline and target (up to two decimals), unit, date, how the
        units' values combine; "–" where a value is missing."""
        return format_html_join(
            "",
            '<tr><td>{}</td><td class="{}">{}</td><td class="{}">{}</td>'
            "<td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    target.indicator,
                    number_class,
                    "–" if target.baseline is None else floatformat(target.baseline, "-2g"),
                    number_class,
                    "–" if target.target is None else floatformat(target.target, "-2g"),
                    target.unit,
                    day(target),
                    method(target),
                )
                for target in targets
            ),
        )

    def table(area):
        targets = area.effect_targets.all()
        if not targets:
            return ""
        caption_id = f"effect-targets-{area.pk}"
        html = format_html(
            '<table class="{}">\n<caption id="{}">{}</caption>\n{}\n<tbody>{}</tbody>\n</table>',
            table_class,
            caption_id,
            gettext("Effect targets for %(title)s") % {"title": area.title},
            head,
            rows(targets),
        )
        if scrolls:
            return format_html(
                '<div class="table-responsive" role="region" tabindex="0" aria-labelledby="{}">{}</div>',
                caption_id,
                html,
            )
        return html

    return table


@register.simple_tag
def effect_targets_table(area, table_class, number_class, scrolls=False):
    """The table of one area's effect targets (see ``table_maker``)."""
    return table_maker(table_class, number_class, scrolls)(area)
