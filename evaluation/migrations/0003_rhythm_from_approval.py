from django.db import migrations
from django.db.models import Min


def rhythm_from_approval(apps, schema_editor):
    """The schedules made before issue 12 all had seed 000's rhythm: half years from the approval and the
    evaluation two years after it (a strategy without an approval date: from its first period)."""
    ReportingSchedule = apps.get_model("evaluation", "ReportingSchedule")
    for schedule in ReportingSchedule.objects.select_related("strategy").annotate(
        first=Min("strategy__periods__starts_on")
    ):
        schedule.first_period_starts = (
            schedule.strategy.approved_on or schedule.first or schedule.strategy.created_at.date()
        )
        schedule.interval_months, schedule.evaluation_months = 6, 24
        schedule.save(update_fields=["first_period_starts", "interval_months", "evaluation_months"])


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_reporting_rhythm")]

    # Backwards there is nothing to undo: 0002's reversal removes the fields.
    operations = [migrations.RunPython(rhythm_from_approval, migrations.RunPython.noop)]
