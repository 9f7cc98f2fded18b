from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from core.dates import day_text
from core.links import url_maker

from ..models import RUNNING, Agreement, task_lines

register = template.Library()

#: A symbol beside each status's text, so that the state never rests on colour alone.
STATUS_SYMBOLS = {
    Agreement.Status.DRAFT: "✎",
    Agreement.Status.TR_DIALOGUE: "⇄",
    Agreement.Status.APPROVED: "✔",
    Agreement.Status.ACTIVE: "●",
    Agreement.Status.DUE_FOR_REVIEW: "⚠",
    Agreement.Status.ENDED: "■",
}


@register.simple_tag
def agreement_status(agreement):
    status = Agreement.Status(agreement.status)
    return format_html(
        '<span class="agreement-status status-{}"><span aria-hidden="true">{}</span> {}</span>',
        status.value,
        STATUS_SYMBOLS[status],
        status.label,
    )


@register.simple_tag
def agreement_rows(agreements, today, review_horizon):
    """A <tr> per agreement of the list, written in Python: 25 rows of template cells, filters and a
    status tag cost the list more than its queries."""
    url = url_maker("agreements:agreement_detail")
    due = {
        True: format_html(' <span class="review-due">({})</span>', gettext("overdue")),
        False: format_html(' <span class="review-due">({})</span>', gettext("due soon")),
    }
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}{}</td></tr>",
        (
            (
                url(agreement.pk),
                agreement.title,
                agreement.unit,
                agreement.volunteer_organisation,
                agreement.get_kind_display(),
                agreement_status(agreement),
                day_text(agreement.review_date),
                due[agreement.review_date < today]
                if agreement.status in RUNNING and agreement.review_date <= review_horizon
                else "",
            )
            for agreement in agreements
        ),
    )


@register.simple_tag
def due_agreement_rows(agreements, today):
    """A <tr> per agreement due for review on a start page: title (linked), unit, volunteer organisation,
    review date (and whether it has passed), status."""
    url = url_maker("agreements:agreement_detail")
    overdue = format_html(" ({})", gettext("overdue"))
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td>'
        '<td class="text-nowrap">{}{}</td><td>{}</td></tr>',
        (
            (
                url(agreement.pk),
                agreement,
                agreement.unit,
                agreement.volunteer_organisation,
                day_text(agreement.review_date),
                overdue if agreement.review_date < today else "",
                agreement_status(agreement),
            )
            for agreement in agreements
        ),
    )


@register.filter
def lines(text):
    """A text written one item per line, as a list of items (bullets and blank lines dropped)."""
    return task_lines(text)
