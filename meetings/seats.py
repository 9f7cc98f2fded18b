"""Seat quotas: how a body's members fill its seat categories, as plain rules.

A member counts until their term has ended (members appointed ahead of the body's term count
already, so that a secretary setting up a new working group sees the seats fill up). A body whose
term has ended is shown as it was on its last day.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Membership


def seat_day(body, today):
    """The day on which the seats are counted: today, or the last day of a body whose term has ended."""
    return min(today, body.term_end) if body.term_end else today


def holds_seat(membership, today):
    """Whether the member still holds their seat on ``today``."""
    return membership.end is None or membership.end >= today


def seats_taken(category, today, exclude=None):
    """How many members hold a seat of ``category`` now (``exclude``: the membership being edited)."""
    memberships = category.memberships.all()
    if exclude is not None and exclude.pk:
        memberships = memberships.exclude(pk=exclude.pk)
    return sum(holds_seat(membership, today) for membership in memberships)


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
