from datetime import date

from django.db import migrations, models

from core.dates import add_years

ALREADY_MISSING = date(1900, 1, 1)


def fill_checks_due_on(apps, schema_editor):
    """Volunteer.first_day_checks_missing() as of this migration, for the volunteers already stored."""
    Volunteer = apps.get_model("volunteers", "Volunteer")
    links = Volunteer.activities.through.objects.values_list(
        "volunteer_id", "activity__involves_children", "activity__involves_homes"
    )
    needs = {}
    for volunteer_id, children, homes in links.iterator(chunk_size=5000):
        child, criminal = needs.get(volunteer_id, (False, False))
        needs[volunteer_id] = (child or children, criminal or homes)
    changed = []
    volunteers = Volunteer.objects.select_related("organisation").order_by("pk")
    for volunteer in volunteers.iterator(chunk_size=2000):
        organisation = volunteer.organisation
        child, criminal = needs.get(volunteer.pk, (False, False))
        days = [ALREADY_MISSING] if volunteer.confidentiality_signed_on is None else []
        for needed, assessed_on, years in [
            (child, volunteer.child_check_assessed_on, organisation.child_check_renewal_years),
            (criminal, volunteer.criminal_check_assessed_on, organisation.criminal_check_renewal_years),
        ]:
            if needed:
                days.append(add_years(assessed_on, years) if assessed_on else ALREADY_MISSING)
        volunteer.checks_due_on = min(days, default=None)
        if volunteer.checks_due_on is not None:
            changed.append(volunteer)
    Volunteer.objects.bulk_update(changed, ["checks_due_on"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0010_volunteer_unit_in_org_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="volunteer",
            name="checks_due_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_checks_due_on, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="volunteer",
            index=models.Index(
                condition=models.Q(("anonymised_on__isnull", True)),
                fields=["unit", "organisation", "checks_due_on", "end_date"],
                name="volunteer_checks_due_in_unit",
            ),
        ),
    ]
