"""A focus area's effect targets as a table, written in Python: a strategy of 15 focus areas has dozens
of targets, and an include per area with its cells through the template cost its page more than its
queries. The same table on the strategy's page, its public consultation page and its PDF."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()


def effect_target_rows(targets, number_class):
    """A row per target: indicator, baseline and target (up to two decimals), unit, date, how the
    units' values combine; "–" where a value is missing."""
    return format_html_join(
        "",
        '<tr><td>{}</td><td class="{}">{}</td><td class="{}">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                target.indicator,
                number_class,
                "–" if target.baseline is None else floatformat(target.baseline, "-2g"),
                number_class,
                "–" if target.target is None else floatformat(target.target, "-2g"),
                target.unit,
                date_format(target.target_date, "DATE_FORMAT") if target.target_date else "–",
                target.aggregation_text,
            )
            for target in targets
        ),
    )


@register.simple_tag
def effect_targets_table(area, table_class, number_class, scrolls=False):
    """The table of the area's effect targets (prefetched), captioned with the area's title; nothing when
    it has none. With ``scrolls`` it scrolls in its own region on a phone."""
    targets = area.effect_targets.all()
    if not targets:
        return ""
    caption_id = f"effect-targets-{area.pk}"
    table = format_html(
        '<table class="{}">\n<caption id="{}">{}</caption>\n<thead><tr><th scope="col">{}</th>'
        '<th scope="col" class="{}">{}</th><th scope="col" class="{}">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>\n<tbody>{}</tbody>\n</table>',
        table_class,
        caption_id,
        gettext("Effect targets for %(title)s") % {"title": area.title},
        gettext("Indicator"),
        number_class,
        gettext("Baseline"),
        number_class,
        gettext("Target"),
        gettext("Unit of measure"),
        gettext("Target date"),
        gettext("How the units' values combine"),
        effect_target_rows(targets, number_class),
    )
    if scrolls:
        return format_html(
            '<div class="table-responsive" role="region" tabindex="0" aria-labelledby="{}">{}</div>',
            caption_id,
            table,
        )
    return table
