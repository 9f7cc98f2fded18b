"""A status report's marks (its status, "late") wherever a report is shown, and the rows of the status
report lists, written in Python: a page of 25 rows through per-row includes, {% url %} and date filters
costs more than the rest of the list."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.dates import day_text
from core.links import url_maker

from ..dashboard import LATE, REPORT_SYMBOLS

register = template.Library()


@register.simple_tag
def report_status(status, label):
    """A report's status as symbol and text (never colour alone); "" when not started."""
    return format_html(
        '<span class="report-status report-status-{}"><span aria-hidden="true">{}</span> {}</span>',
        status or "none",
        REPORT_SYMBOLS.get(status or None, REPORT_SYMBOLS[None]),
        label,
    )


@register.simple_tag
def report_late():
    """The mark of a report, or a period's reports, past the deadline: a warning sign and "Late"."""
    return format_html('<span class="report-late"><span aria-hidden="true">⚠</span> {}</span>', LATE)


@register.simple_tag
def report_rows(reports, today):
    """A <tr> per report of the organisation's list: unit (linked), period, strategy, deadline (and
    whether it is late), status and the day it was handed in."""
    url = url_maker("evaluation:report_detail")
    late = format_html(" {}", report_late())
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}<span class="visually-hidden">, {}</span></a></th>'
        "<td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                url(report.pk),
                report.unit,
                report.period,
                report.period,
                report.period.strategy,
                day_text(report.period.deadline),
                late if report.is_late(today) else "",
                report_status(report.status, report.get_status_display()),
                day_text(timezone.localdate(report.submitted_at)) if report.submitted_at else "–",
            )
            for report in reports
        ),
    )


@register.simple_tag
def owed_report_items(owed):
    """An <li> per OwedReport of a coordinator's start page: unit and period (a link to the report once
    started), the deadline, the status, and whether it is late."""
    url = url_maker("evaluation:report_detail")
    late = format_html(" {}", report_late())
    deadline = gettext("deadline %(day)s")
    items = []
    for item in owed:
        name = format_html("{}, {}", item.unit, item.period)
        if item.report:
            name = format_html('<a href="{}">{}</a>', url(item.report.pk), name)
        items.append(
            format_html(
                "<li>{} – {} ({}){}</li>",
                name,
                deadline % {"day": day_text(item.period.deadline)},
                item.status_label,
                late if item.is_late else "",
            )
        )
    # Safe: every item is made by format_html.
    return mark_safe("\n".join(items))  # nosec B308 B703


@register.simple_tag(takes_context=True)
def owed_report_rows(context, owed):
    """A <tr> per OwedReport of a coordinator's list: unit, period with its dates, strategy, deadline
    (and whether it is late), status, and a link to the report or a form that starts it."""
    url = url_maker("evaluation:report_detail")
    late = format_html(" {}", report_late())
    csrf_input = CsrfTokenNode().render(context)  # the same token in every form, as {% csrf_token %}
    open_report, start_report = gettext("Open the report"), gettext("Start the report")
    rows = []
    for item in owed:
        if item.report:
            action = format_html(
                '<a href="{}">{}<span class="visually-hidden"> {}, {}</span></a>',
                url(item.report.pk),
                open_report,
                item.unit,
                item.period,
            )
        else:
            action = format_html(
                '<form method="post" action="{}">{}<button type="submit" class="btn btn-sm btn-primary">'
                '{}<span class="visually-hidden"> {}, {}</span></button></form>',
                reverse("evaluation:report_start", args=[item.period.pk, item.unit.pk]),
                csrf_input,
                start_report,
                item.unit,
                item.period,
            )
        period = item.period
        rows.append(
            format_html(
                '<tr><th scope="row">{}</th><td>{} ({} – {})</td><td>{}</td><td>{}{}</td><td>{}</td>'
                "<td>{}</td></tr>",
                item.unit,
                period,
                day_text(period.starts_on),
                day_text(period.ends_on),
                period.strategy,
                day_text(period.deadline),
                late if item.is_late else "",
                report_status(item.status, item.status_label),
                action,
            )
        )
    # Safe: every row is made by format_html.
    return mark_safe("\n".join(rows))  # nosec B308 B703
