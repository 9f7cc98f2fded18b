"""Dates: the range the app accepts, and calendar arithmetic that never fails.

Every date typed into a form must lie from FIRST_DAY to LAST_DAY (``core.fields.DateField`` for a
model's dates, ``core.forms.DateField`` for a form's own): a year 9999 would otherwise be stored, and
every page that computes a later day from it would fail. Dates stored before that rule, or by other
means, still reach the helpers below; they stop at the limits of Python's dates (``date.min``,
``date.max``) rather than raise.
"""

from calendar import monthrange
from datetime import MAXYEAR, MINYEAR, date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: The first and the last day a form accepts: wide enough for any real day of the app's work, narrow
#: enough that a day computed from one (a renewal, an anonymisation, a reporting period) is a date.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)


def validate_in_range(day: date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("Enter a date from %(first)s to %(last)s."),
            code="date_range",
            params={"first": date_format(FIRST_DAY), "last": date_format(LAST_DAY)},
        )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), or the month's last day if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > MAXYEAR:
        return date.max
    if year < MINYEAR:
        return date.min
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier); 28 February for 29 February in a common year."""
    return add_months(day, 12 * years)


def day_text(day: date, format_name: str = "DATE_FORMAT") -> str:
    """``date_format(day, format_name)`` in the active language (unescaped), kept: the row writers of
    lists, plans and dashboards write hundreds of days, the same ones again on every page, and Django
    looks up the format and the month's name each time."""
    return _day_text(day, format_name, get_language())


@lru_cache(maxsize=4096)
def _day_text(day: date, format_name: str, language: str | None) -> str:
    return date_format(day, format_name)
