import evaluation.models.periods
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0005_organisation_figure_and_weight"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="reportingperiod",
            index=models.Index(fields=["deadline"], name="period_deadline"),
        ),
        migrations.AddIndex(
            model_name="reportingperiod",
            index=evaluation.models.periods.DescendingIndex(fields=["deadline"], name="period_deadline_desc"),
        ),
    ]
