"""The dispute list of a compact's Champion or joint body, newest first, read from an
index on the compact and the time raised (docs/decisions/0013). Built CONCURRENTLY on
PostgreSQL, so a live service goes on writing while it builds."""

from django.db import migrations, models

NAME = "dispute_by_compact_newest"


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
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS {NAME} "
        "ON cases_dispute (compact_id, created_at DESC, id DESC)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0034_retention_of_emails_and_sign_ins"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="dispute",
                    index=models.Index(fields=["compact", "-created_at", "-id"], name=NAME),
                ),
            ],
            database_operations=[migrations.RunPython(create, drop)],
        ),
    ]
