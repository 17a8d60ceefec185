"""The three procedure records (a dispute's, an exercise's, a departure review's) now
belong to their subjects in the cases app. Their tables stay as they are: this migration
only hands them over in Django's state, and cases.0005 takes them up."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0006_task_list_indexes"),
        ("cases", "0005_procedures_from_workflows"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DisputeProcess"),
                migrations.DeleteModel(name="ExerciseProcess"),
                migrations.DeleteModel(name="DepartureProcess"),
            ],
        ),
    ]
