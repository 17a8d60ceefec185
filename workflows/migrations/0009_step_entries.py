"""The task lists' read model (`workflows.models.StepEntry`), filled for every people's step
there is. Each kind of case's lookups (`workflows.registry`) are followed on this
migration's own models, so the steps of every kind registered today get their entries."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    from workflows import entries

    entries.rebuild(apps.get_model("viewflow", "Task"), apps.get_model("workflows", "StepEntry"))


class Migration(migrations.Migration):
    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0008_digest_sent_or_nothing_to_say"),
        # The procedure records the kinds' lookups pass through.
        ("cases", "0005_procedures_from_workflows"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StepEntry",
            fields=[
                (
                    "task",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="entry",
                        serialize=False,
                        to="viewflow.task",
                    ),
                ),
                ("kind", models.CharField(max_length=40)),
                ("compact", models.BigIntegerField(null=True)),
                ("reference", models.CharField(blank=True, max_length=60)),
                ("due_on", models.DateField(blank=True, null=True)),
                ("status", models.CharField(max_length=50)),
                ("queued", models.BooleanField(default=False)),
                ("permission", models.CharField(blank=True, max_length=255)),
                ("created", models.DateTimeField()),
                ("finished", models.DateTimeField(blank=True, null=True)),
                (
                    "owner",
                    models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["owner", "status", "due_on"], name="entry_by_owner"),
                    models.Index(
                        condition=models.Q(("status", "DONE")),
                        fields=["owner", "-finished", "-task"],
                        name="entry_done_by_owner",
                    ),
                    models.Index(
                        condition=models.Q(("queued", True)),
                        fields=["compact", "due_on"],
                        name="entry_queued",
                    ),
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
