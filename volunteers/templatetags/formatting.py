"""Danish presentation of numbers (amounts as "1.000.000 kr.") and of addresses in narrow columns."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import format_html
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


@register.filter
def email_breaks(value):
    """An e-mail address that may wrap after its "@" (and nowhere else) when its column is narrow."""
    local, at, domain = str(value).rpartition("@")
    return format_html("{}@<wbr>{}", local, domain) if at else value
