"""The archive's index without its WHERE status = 'DONE', and holding each step's kind:
once a connection has prepared the archive's query, PostgreSQL's generic plan binds the
status as a parameter and could not use the partial index, so it sorted every one of the
user's done steps (4.7 ms for 6,687 of them). A generic plan also guesses ten rows a user,
and for ten rows a sort looks as cheap as walking the index in order; read from the index
alone (the archive reads a step's id, kind and time), walking it is the cheapest plan
whatever the guess (0.1 ms). Built CONCURRENTLY on PostgreSQL, then the old one is
dropped, so a live service goes on writing (docs/decisions/0013)."""

from django.db import migrations, models

NAME = "entry_by_owner_done"
OLD = "entry_done_by_owner"


def create(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    concurrently = "CONCURRENTLY " if postgresql else ""
    if postgresql:
        # A build that failed part way leaves an invalid index behind: build it again.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = %s AND NOT i.indisvalid",
                [NAME],
            )
            if cursor.fetchone():
                schema_editor.execute(f"DROP INDEX CONCURRENTLY {NAME}")
    include = " INCLUDE (kind)" if postgresql else ""  # (SQLite has no covering indexes)
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS {NAME} "
        f"ON workflows_stepentry (owner_id, status, finished DESC, task_id DESC){include}"
    )
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {OLD}")


def restore(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD} ON workflows_stepentry "
        "(owner_id, finished DESC, task_id DESC) WHERE status = 'DONE'"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("workflows", "0012_outbound_email_queued_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="stepentry", name=OLD),
                migrations.AddIndex(
                    model_name="stepentry",
                    index=models.Index(
                        fields=["owner", "status", "-finished", "-task"],
                        include=["kind"],
                        name=NAME,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(create, restore)],
        ),
    ]
