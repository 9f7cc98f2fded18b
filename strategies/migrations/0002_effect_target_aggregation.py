"""Effect targets say how the units' values combine. Existing targets: a percentage-like unit of measure
("%", "pct.", "procent") is averaged, everything else is added up (the sum the dashboard showed so far)."""

import re

from django.db import migrations, models

#: A copy of strategies.models.strategy.PERCENT_LIKE as it was when this migration was written.
PERCENT_LIKE = re.compile(r"%|‰|\b(pct|procent|percent)", re.IGNORECASE)


def average_percentages(apps, schema_editor):
    EffectTarget = apps.get_model("strategies", "EffectTarget")
    percentages = [t.pk for t in EffectTarget.objects.only("pk", "unit") if PERCENT_LIKE.search(t.unit or "")]
    EffectTarget.objects.filter(pk__in=percentages).update(aggregation="average")


class Migration(migrations.Migration):
    dependencies = [
        ("strategies", "0001_strategies_revision_consultation_plan"),
    ]

    operations = [
        migrations.AddField(
            model_name="effecttarget",
            name="aggregation",
            field=models.CharField(
                choices=[
                    ("sum", "Sum of the units' values"),
                    ("average", "Average of the units' values"),
                    ("weighted", "Weighted average of the units' values"),
                    ("organisation", "The organisation's own figure, entered once per period"),
                ],
                default="sum",
                help_text="A count is added up; a percentage or a rate is averaged, weighted or is the organisation's own figure.",
                max_length=20,
                verbose_name="how the units' values combine",
            ),
        ),
        migrations.AddField(
            model_name="effecttarget",
            name="weight_label",
            field=models.CharField(
                blank=True,
                help_text="For a weighted average: what each unit states as the weight of its value, e.g. number of new volunteers.",
                max_length=80,
                verbose_name="weight",
            ),
        ),
        migrations.RunPython(average_percentages, migrations.RunPython.noop),
    ]
