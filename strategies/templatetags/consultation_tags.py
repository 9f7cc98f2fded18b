"""The consultations of a strategy for its page, in one query whatever their number."""

from django import template
from django.db.models import Count

from ..views.consultation import state, today_in_copenhagen

register = template.Library()


@register.simple_tag
def consultations_of(strategy):
    """The strategy's consultations, each with ``response_count`` and ``state`` (text: open, closed …)."""
    today = today_in_copenhagen()
    consultations = list(strategy.consultations.annotate(response_count=Count("responses")))
    for consultation in consultations:
        consultation.state = state(consultation, today)
    return consultations
