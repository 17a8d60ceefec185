"""Indexes for the timer sweep (docs/decisions/0015-timers-in-bulk.md): the due timers,
soonest first, without reading the service's whole history of timers; and the users an
e-mail address belongs to, for keeping each notice in its recipients' notifications."""

from django.db import migrations

INDEXES = {
    "workflows_task_due_timers": (
        "viewflow_task (scheduled, id) WHERE flow_task_type = 'TIMER' AND status = 'SCHEDULED'"
    ),
    "workflows_user_email": "auth_user (email)",
}


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0010_outbound_email"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]
