from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_rhythm_from_approval")]

    operations = [
        migrations.AlterField(
            model_name="reportingschedule",
            name="first_period_starts",
            field=models.DateField(
                help_text="Usually the day the strategy was approved. The periods are counted from this day.",
                verbose_name="first period starts",
            ),
        ),
    ]
