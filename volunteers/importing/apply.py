"""Applying checked rows: the volunteers of the rows without problems are created or updated."""

from collections import Counter

from django.utils import timezone

from ..models import Activity, Organisation, Volunteer
from .check import Row, Status


def apply(rows: list[Row], organisation: Organisation) -> Counter[Status]:
    """Create and update the volunteers of the rows without problems; the number of rows per Status.

    A fixed number of queries (bulk ones), however many rows; call it inside transaction.atomic.
    """
    columns = {f.attname for f in Volunteer._meta.concrete_fields}
    new = [
        (row, Volunteer(organisation=organisation, **{k: v for k, v in row.changes.items() if k in columns}))
        for row in rows
        if row.status == Status.NEW
    ]
    updated = [
        (row, row.registered.volunteer)
        for row in rows
        if row.status == Status.UPDATE and row.registered is not None
    ]
    now, changed_columns = timezone.now(), set()
    for row, volunteer in updated:
        for name, value in row.changes.items():
            if name in columns:
                setattr(volunteer, name, value)
                changed_columns.add(name)
        volunteer.updated_at = now  # bulk_update does not touch auto_now fields
    # Bulk writes skip Volunteer.save() and the activities' signal: the derived day is set here.
    activities_by_pk = Activity.objects.filter(organisation=organisation).in_bulk()
    for row, volunteer in [*new, *updated]:
        volunteer.organisation = organisation
        volunteer.checks_due_on = volunteer.first_day_checks_missing(row.activities_after(activities_by_pk))

    Volunteer.objects.bulk_create(volunteer for _row, volunteer in new)
    if updated:
        Volunteer.objects.bulk_update(
            [volunteer for _row, volunteer in updated], [*changed_columns, "updated_at", "checks_due_on"]
        )

    written = [*new, *updated]
    activity_link = Volunteer.activities.through
    activity_link.objects.filter(
        volunteer__in=[volunteer for row, volunteer in updated if "activities" in row.changes]
    ).delete()
    activity_link.objects.bulk_create(
        activity_link(volunteer_id=volunteer.pk, activity_id=activity.pk)
        for row, volunteer in written
        if "activities" in row.changes
        for activity in row.activities or []
    )
    unit_link = Volunteer.active_units.through
    unit_link.objects.bulk_create(
        unit_link(volunteer_id=volunteer.pk, unit_id=row.unit_id)
        for row, volunteer in written
        if "active_units" in row.changes
    )
    return Counter(row.status for row in rows)
