import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Each strategy's own follow-up rhythm (issue 12). first_period_starts is filled from the approval by
    0003 and required by 0004."""

    dependencies = [
        ("evaluation", "0001_reporting_reminders_questionnaire"),
        ("meetings", "0003_meetingreminder_attempts_last_error"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportingperiod",
            name="months",
            field=models.PositiveSmallIntegerField(
                choices=[(3, "Quarter"), (6, "Half year"), (12, "Year")], default=6, verbose_name="length"
            ),
        ),
        migrations.AddField(
            model_name="reportingperiod",
            name="status_pack_item",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="status_pack_period",
                to="meetings.agendaitem",
                verbose_name="status pack on the agenda",
            ),
        ),
        migrations.AddField(
            model_name="reportingschedule",
            name="evaluation_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Months after the first period starts; empty if the strategy is not evaluated.",
                null=True,
                verbose_name="evaluation after (months)",
            ),
        ),
        migrations.AddField(
            model_name="reportingschedule",
            name="first_period_starts",
            field=models.DateField(
                null=True,
                help_text="Usually the day the strategy was approved. The periods are counted from this day.",
                verbose_name="first period starts",
            ),
        ),
        migrations.AddField(
            model_name="reportingschedule",
            name="interval_months",
            field=models.PositiveSmallIntegerField(
                choices=[(3, "Quarter"), (6, "Half year"), (12, "Year")],
                default=6,
                verbose_name="reporting interval",
            ),
        ),
        migrations.AddField(
            model_name="reportingschedule",
            name="steering_body",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "After each deadline the status pack is put on the agenda of this body's next meeting, e.g. "
                    "Koncernledelsesforum."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="meetings.body",
                verbose_name="status goes to",
            ),
        ),
    ]
