"""The benchmark's own database: the marker that names a load (its parameters and the
migrations it was made under), and making sure the database exists and is ours,
dropping and creating it again unless it already holds that very load."""

from __future__ import annotations

import hashlib

from django.core.management.base import CommandError
from django.db import connection

from bench.load.base import LOADER_VERSION, MARKER


def load_marker(**params) -> str:
    from django.db.migrations.loader import MigrationLoader

    leaves = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).graph.leaf_nodes())
    schema = hashlib.sha256(" ".join(leaves).encode()).hexdigest()[:12]
    args = " ".join(f"{k}={v}" for k, v in sorted(params.items()))
    return f"{MARKER} v{LOADER_VERSION} {args} schema={schema}"


def _admin():
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        autocommit=True,
    )


def prepare_database(name: str, marker: str, *, reset: bool) -> str | None:
    """Make sure the database exists and is ours; drop and re-create it unless it already
    holds this very load. Returns the database's comment (the marker of its load)."""
    from psycopg import sql

    connection.close()
    with _admin() as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname=%s",
            [name],
        ).fetchone()
        comment = row[0] if row else None
        if row and comment == marker and not reset:
            return comment
        if row:
            if not (comment or "").startswith(MARKER) and not reset and _has_tables():
                raise CommandError(
                    f"{name} has tables but no benchmark data; pass --reset to replace it."
                )
            connection.close()
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname=%s AND pid <> pg_backend_pid()",
                [name],
            )
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(f"{MARKER}: loading")
            )
        )
    return None


def _has_tables() -> bool:
    with connection.cursor() as cursor:
        return bool(connection.introspection.table_names(cursor))
