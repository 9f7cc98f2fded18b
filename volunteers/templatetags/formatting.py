"""Danish presentation of numbers (amounts as "1.000.000 kr.")."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def kr(value):
    """An amount in Danish kroner, grouped in the active locale's format: 1000000 -> "1.000.000 kr."."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    decimals = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return _("%(amount)s kr.") % {"amount": number}
