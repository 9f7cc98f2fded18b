"""The revision's summary for the strategy page, in a bounded number of queries."""

from django import template
from django.utils import timezone

from ..models import Commission
from ..timeline import plan_summary

register = template.Library()


@register.simple_tag
def revision_of(strategy):
    """The strategy's commission, its chosen process and that plan's overdue and next milestones;
    None when the strategy has no commission."""
    commission = Commission.objects.select_related("chosen_variant").filter(strategy_id=strategy.pk).first()
    if commission is None:
        return None
    plan = commission.chosen_variant
    # Unordered: plan_summary sorts them (the model's ordering joins the variant to order by it).
    milestones = list(plan.milestones.select_related("body").order_by()) if plan else []
    return {
        "commission": commission,
        "plan": plan,
        "variant_count": 0 if plan else commission.variants.count(),
        **plan_summary(milestones, timezone.localdate()),
    }
