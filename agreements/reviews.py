"""When an agreement is due for review, and which reminders about it are due: plain rules, used by the
list's filter, the start page and the reminder sweep alike."""

from datetime import timedelta

from .models import RUNNING, Agreement, ReviewReminder


def review_horizon(organisation, today):
    """Reviews on or before this day are due: within the organisation's reminder days, or passed."""
    return today + timedelta(days=organisation.review_reminder_days)


def due_for_review(queryset, organisation, today):
    """Running agreements whose review is due."""
    return queryset.filter(status__in=RUNNING, review_date__lte=review_horizon(organisation, today))


def due_reminders(organisation, today):
    """(agreement, kind) for each reminder due today about the organisation's running agreements.

    Before the review date (and on it) the reminder is UPCOMING; once the date has passed, OVERDUE.
    An agreement first seen after its review date gets only the OVERDUE one.
    """
    agreements = due_for_review(Agreement.objects.filter(organisation=organisation), organisation, today)
    for agreement in agreements.select_related("organisation", "unit", "responsible"):
        if agreement.review_date < today:
            yield agreement, ReviewReminder.Kind.OVERDUE
        else:
            yield agreement, ReviewReminder.Kind.UPCOMING
