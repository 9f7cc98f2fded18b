"""A focus area's effect targets as table rows, written in Python: a strategy of 15 focus areas has dozens
of targets, and their cells through the template cost its page more than its queries."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
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
