"""Indexes for the timer sweep (docs/decisions/0015-timers-in-bulk.md): the due timers,
soonest first, without reading the service's whole history of timers; and the users an
e-mail address belongs to, for keeping each notice in its recipients' notifications.

On PostgreSQL they are built CONCURRENTLY, so a live service with millions of tasks goes
on writing while they build."""

from django.db import migrations

INDEXES = {
    "workflows_task_due_timers": (
        "viewflow_task (scheduled, id) WHERE flow_task_type = 'TIMER' AND status = 'SCHEDULED'"
    ),
    "workflows_user_email": "auth_user (email)",
}


def create(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {concurrently}IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0010_outbound_email"),
    ]

    operations = [migrations.RunPython(create, drop)]
