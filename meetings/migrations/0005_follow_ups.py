"""Follow-up tasks become follow-ups: decisions, recommendations and tasks, each with a body, a status and
dated notes (issue 14). Existing tasks keep their item, text, owner, deadline and done date."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_body_and_status(apps, schema_editor):
    FollowUp = apps.get_model("meetings", "FollowUp")
    for follow_up in FollowUp.objects.select_related("item__meeting"):
        follow_up.body_id = follow_up.item.meeting.body_id
        follow_up.status = "done" if follow_up.done_on else "open"
        follow_up.save(update_fields=["body", "status"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_follow_up_task_assignee"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("FollowUpTask", "FollowUp"),
        migrations.AddField(
            model_name="followup",
            name="body",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follow_ups",
                to="meetings.body",
                verbose_name="body",
            ),
        ),
        migrations.AddField(
            model_name="followup",
            name="kind",
            field=models.CharField(
                choices=[("decision", "Decision"), ("recommendation", "Recommendation"), ("task", "Task")],
                default="task",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="followup",
            name="status",
            field=models.CharField(
                choices=[("open", "Open"), ("in_progress", "In progress"), ("done", "Done"), ("dropped", "Dropped")],
                default="open",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="followup",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="Where it came from when not from an item, e.g. a report and its section.",
                max_length=300,
                verbose_name="source",
            ),
        ),
        migrations.RunPython(fill_body_and_status, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="followup",
            name="body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follow_ups",
                to="meetings.body",
                verbose_name="body",
            ),
        ),
        migrations.AlterField(
            model_name="followup",
            name="item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follow_ups",
                to="meetings.agendaitem",
                verbose_name="item",
            ),
        ),
        migrations.AlterField(
            model_name="followup",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                help_text="A user who is told about it and reminded when it is overdue.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="follow_ups",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assigned to",
            ),
        ),
        migrations.AlterField(
            model_name="followup",
            name="title",
            field=models.CharField(max_length=500, verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="followup",
            name="deadline",
            field=models.DateField(blank=True, null=True, verbose_name="due date"),
        ),
        migrations.AlterModelOptions(
            name="followup",
            options={"ordering": ["deadline", "pk"], "verbose_name": "follow-up", "verbose_name_plural": "follow-ups"},
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(fields=["body", "status"], name="meetings_fo_body_id_c0dd25_idx"),
        ),
    ]
