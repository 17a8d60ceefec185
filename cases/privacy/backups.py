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
from django.core.cache import cache
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


def _media() -> Path:
    """MEDIA_ROOT itself (a symbolic link followed, so its files are what is kept)."""
    return Path(settings.MEDIA_ROOT).resolve()


def backup(to: Path | str) -> Path:
    """Write a backup into a new folder under `to`; returns the folder. Only its owner can
    read it: it holds every person's data."""
    engine = _engine()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    Path(to).mkdir(parents=True, exist_ok=True)
    folder = Path(to) / f"backup-{stamp}"
    n = 1
    while folder.exists():
        n += 1
        folder = Path(to) / f"backup-{stamp}-{n}"
    folder.mkdir(mode=0o700)
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
    media = _media()
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
    for path in folder.iterdir():
        path.chmod(0o600)
    return folder


def verify(folder: Path | str) -> dict:
    """The backup's manifest, once every file's checksum matches it (damage, not tampering:
    keep backups where only their owner can write)."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        listed = manifest["files"]
        needed = {manifest["database"], FILES}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{folder} has no readable {MANIFEST}: {error}") from error
    if not needed <= set(listed):
        raise BackupError(f"{MANIFEST} does not list {', '.join(sorted(needed - set(listed)))}")
    for name, expected in listed.items():
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


# Before the dump's own statements, in the same transaction: everything the database holds
# now goes (tables added since the backup too), waiting at most 30 s for other sessions.
REPLACE = "SET lock_timeout = '30s';\nDROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"


def restore(folder: Path | str) -> dict:
    """Replace the database and the files with the backup's, after checking it whole. The
    files are unpacked first and the database replaced in one transaction, so a failure
    before the end changes nothing; stop the web, worker and timer processes first."""
    folder = Path(folder)
    manifest = verify(folder)
    database = folder / manifest["database"]
    media = _media()
    media.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media.parent) as unpacked:
        with tarfile.open(folder / FILES, "r:gz") as archive:
            archive.extractall(unpacked, filter="data")
        restored = Path(unpacked) / "media"
        if manifest["engine"] == "postgresql":
            _restore_postgresql(database, Path(unpacked))
        else:
            source = sqlite3.connect(database)
            connection.ensure_connection()
            with source:
                source.backup(connection.connection)
            source.close()
        try:
            # The folder stays (it may be a mount): its contents are swapped.
            media.mkdir(parents=True, exist_ok=True)
            for child in media.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            if restored.exists():
                for child in restored.iterdir():
                    shutil.move(str(child), str(media / child.name))
        finally:
            # Once the database is replaced, whatever happens to the files: everything
            # kept in the cache was read from the old one (the headers, case lines, rows,
            # dispute pages, commitments' past words, and sessions made since the backup,
            # whose people the restored database may not hold). The whole cache is
            # emptied; sessions the restored database holds are read from it again.
            cache.clear()
    return manifest


def _restore_postgresql(database: Path, work: Path) -> None:
    connections.close_all()
    args, env = _pg_env(connection.settings_dict)
    script = work / "restore.sql"
    _run(["pg_restore", "--no-owner", "--no-acl", "--file", str(script), str(database)], env)
    preamble = work / "replace.sql"
    preamble.write_text(REPLACE)
    psql = ["psql", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1", *args]
    _run([*psql, "--file", str(preamble), "--file", str(script)], env)
