from django import template

from ..models import Agreement, task_lines

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


@register.inclusion_tag("agreements/includes/status.html")
def agreement_status(agreement):
    status = Agreement.Status(agreement.status)
    return {"status": status, "symbol": STATUS_SYMBOLS[status]}


@register.filter
def lines(text):
    """A text written one item per line, as a list of items (bullets and blank lines dropped)."""
    return task_lines(text)
