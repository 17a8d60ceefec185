"""Backups that restore: the database and the files under MEDIA_ROOT together, with a
manifest of checksums (`make backup`, `make restore`).

PostgreSQL is dumped and restored with its own tools (`pg_dump --format=custom`,
`pg_restore --clean`), as real processes; SQLite (the embedded demo) with its online backup
API. The files are one tar.gz. A restore checks every checksum before it changes anything,
then replaces the database and the files."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
FILES = "files.tar.gz"


class BackupError(Exception):
    """A backup or restore that could not be done; nothing was changed by a restore."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def backup(to: Path | str) -> Path:
    """Write a backup into a new folder under `to`; returns the folder."""
    engine = _engine()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = Path(to) / f"backup-{stamp}"
    n = 1
    while folder.exists():
        n += 1
        folder = Path(to) / f"backup-{stamp}-{n}"
    folder.mkdir(parents=True)
    db = connection.settings_dict
    if engine == "postgresql":
        database = folder / "database.dump"
        args, env = _pg_env(db)
        dump = ["pg_dump", "--format=custom", "--no-owner", "--no-acl", *args]
        _run([*dump, "--file", str(database)], env)
    else:
        database = folder / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(database)
        with target:
            connection.connection.backup(target)
        target.close()
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / FILES, "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {
        "made_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": engine,
        "database": database.name,
        "files": {
            name: {"sha256": _sha256(folder / name), "bytes": (folder / name).stat().st_size}
            for name in (database.name, FILES)
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return folder


def verify(folder: Path | str) -> dict:
    """The backup's manifest, once every file's checksum matches it."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} has no readable {MANIFEST}: {error}") from error
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.exists():
            raise BackupError(f"{name} is missing from {folder}")
        if _sha256(path) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    if manifest["engine"] != _engine():
        raise BackupError(
            f"The backup is of {manifest['engine']}; this service runs on {_engine()}"
        )
    return manifest


def restore(folder: Path | str) -> dict:
    """Replace the database and the files with the backup's, after checking it whole."""
    folder = Path(folder)
    manifest = verify(folder)
    database = folder / manifest["database"]
    db = connection.settings_dict
    if manifest["engine"] == "postgresql":
        connections.close_all()
        args, env = _pg_env(db)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                *args,
                str(database),
            ],
            env,
        )
    else:
        source = sqlite3.connect(database)
        connection.ensure_connection()
        with source:
            source.backup(connection.connection)
        source.close()
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=media.parent) as unpacked:
        with tarfile.open(folder / FILES, "r:gz") as archive:
            archive.extractall(unpacked, filter="data")
        if media.exists():
            shutil.rmtree(media)
        restored = Path(unpacked) / "media"
        if restored.exists():
            shutil.move(str(restored), str(media))
        else:
            media.mkdir(parents=True)
    return manifest
