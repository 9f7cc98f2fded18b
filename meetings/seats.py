"""Seat quotas: how a body's members fill its seat categories, as plain rules.

The seats are counted on a day: today, brought within the body's term (members appointed for a body
whose term has not begun count from its first day, so that a secretary setting up a new working group
sees the seats fill up; a body whose term has ended is shown as it was on its last day). A new member
is refused only if the seat category is full on some day of their own term, so that a successor can be
entered ahead of the day the member they replace leaves. A term without an end runs on.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Membership


def seat_day(body, today):
    """The day on which the seats are counted: today, within the body's term."""
    if body.term_end and today > body.term_end:
        return body.term_end
    if body.term_start and today < body.term_start:
        return body.term_start
    return today


def holds_seat(membership, today):
    """Whether the member holds their seat on ``today``."""
    return (membership.start is None or membership.start <= today) and (
        membership.end is None or membership.end >= today
    )


def full_span(category, start, end, exclude=None):
    """The first stretch of the term ``start``-``end`` (None: open) on which other members hold all the
    seats of ``category``, as (first day, last day) with None for an open side; None if there is room.

    ``exclude``: the membership being edited."""
    lowest, highest = start or date.min, end or date.max
    changes = defaultdict(int)  # day -> members arriving (+) or gone (-) that day
    for membership in category.memberships.all():
        if exclude is not None and membership.pk == exclude.pk:
            continue
        first = max(membership.start or date.min, lowest)
        last = min(membership.end or date.max, highest)
        if first > last:
            continue
        changes[first] += 1
        if last < date.max:
            changes[last + timedelta(days=1)] -= 1
    held, full_from = 0, None
    for day in sorted(changes):
        held += changes[day]
        if full_from is None and held >= category.required:
            full_from = day
        elif full_from is not None and held < category.required:
            return _open(full_from), _open(day - timedelta(days=1))
    return (_open(full_from), _open(highest)) if full_from is not None else None


def _open(day):
    return None if day in (date.min, date.max) else day


@dataclass
class CategoryQuota:
    category: object
    members: list

    @property
    def filled(self):
        return len(self.members)

    @property
    def required(self):
        return self.category.required

    @property
    def empty(self):
        return max(self.required - self.filled, 0)

    @property
    def extra(self):
        return max(self.filled - self.required, 0)

    @property
    def status(self):
        """The status in words (never colour alone)."""
        if self.empty:
            return ngettext("%(count)d empty seat", "%(count)d empty seats", self.empty) % {
                "count": self.empty
            }
        if self.extra:
            return ngettext("%(count)d member too many", "%(count)d members too many", self.extra) % {
                "count": self.extra
            }
        return _("Filled")


@dataclass
class SeatCheck:
    quotas: list
    without_seat: list = field(default_factory=list)
    missing_chair: bool = False

    @property
    def required(self):
        return sum(quota.required for quota in self.quotas)

    @property
    def filled(self):
        return sum(min(quota.filled, quota.required) for quota in self.quotas)

    @property
    def warnings(self):
        warnings = []
        for quota in self.quotas:
            if quota.empty:
                warnings.append(
                    ngettext(
                        "“%(category)s” has %(count)d empty seat.",
                        "“%(category)s” has %(count)d empty seats.",
                        quota.empty,
                    )
                    % {"category": quota.category, "count": quota.empty}
                )
            elif quota.extra:
                warnings.append(
                    ngettext(
                        "“%(category)s” has %(count)d member more than its seats.",
                        "“%(category)s” has %(count)d members more than its seats.",
                        quota.extra,
                    )
                    % {"category": quota.category, "count": quota.extra}
                )
        if self.without_seat:
            warnings.append(
                _("Members without a seat: %(names)s.")
                % {"names": ", ".join(membership.name for membership in self.without_seat)}
            )
        if self.missing_chair:
            warnings.append(_("The body has no chair."))
        return warnings


def check_seats(categories, memberships, today):
    """Compare the members holding a seat with the body's seat categories.

    ``categories`` and ``memberships`` are the body's, already fetched (the page shows both)."""
    current = [membership for membership in memberships if holds_seat(membership, today)]
    quotas = [
        CategoryQuota(category, [m for m in current if m.seat_category_id == category.pk])
        for category in categories
    ]
    return SeatCheck(
        quotas=quotas,
        without_seat=[m for m in current if m.seat_category_id is None] if quotas else [],
        missing_chair=bool(current) and not any(m.role == Membership.Role.CHAIR for m in current),
    )
