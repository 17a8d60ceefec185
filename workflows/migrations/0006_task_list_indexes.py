"""Partial indexes on viewflow's task table for the task lists: a user's open steps (the
inbox and the navigation's counts) and a user's done steps, newest first (the archive).

viewflow owns the table, so the indexes are plain SQL, written so SQLite and PostgreSQL
both take it. The statuses are viewflow's open ones (`workflows.selectors.OPEN`)."""

from django.db import migrations

INDEXES = {
    "workflows_task_open_by_owner": (
        "viewflow_task (owner_id) "
        "WHERE flow_task_type = 'HUMAN' AND status IN ('NEW', 'ASSIGNED', 'STARTED')"
    ),
    "workflows_task_done_by_owner": (
        "viewflow_task (owner_id, finished DESC) "
        "WHERE flow_task_type = 'HUMAN' AND status = 'DONE'"
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0005_step_clocks"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]
