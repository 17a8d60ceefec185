"""A backup restores: the demo backed up (the database by PostgreSQL's own pg_dump, or
SQLite's backup API, and the files), wiped, restored, and every dispute, document and open
step found again; a damaged backup is refused before anything changes."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from viewflow.workflow.models import Task

from cases.disputes.models import Dispute, DisputeDocument
from cases.disputes.services import dispute_add_document
from cases.privacy.backups import BackupError, restore

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _state():
    documents = list(DisputeDocument.objects.order_by("pk").values_list("pk", "file"))
    letters = list(Dispute.objects.exclude(decision_letter="").values_list("decision_letter"))
    return {
        "letters": letters,
        "disputes": list(Dispute.objects.order_by("pk").values_list("reference", "stage")),
        "documents": documents,
        "open steps": list(
            Task.objects.filter(status__in=["NEW", "ASSIGNED"])
            .order_by("pk")
            .values_list("pk", "flow_task", "owner_id")
        ),
    }


def test_the_demo_backed_up_wiped_and_restored_is_whole_again(tmp_path, monkeypatch):
    call_command("load_demo", quiet_logins=True)
    dispute = Dispute.objects.get(reference="SWA-D-2026-0001")
    dispute_add_document(
        dispute=dispute,
        by=dispute.raised_by,
        upload=SimpleUploadedFile("invoice.pdf", PDF, "application/pdf"),
    )
    before = _state()
    assert before["disputes"] and before["documents"] and before["open steps"]
    media = Path(settings.MEDIA_ROOT)
    names = [name for _pk, name in before["documents"]] + [name for (name,) in before["letters"]]
    assert all((media / name).exists() for name in names)
    out = io.StringIO()
    call_command("backup", to=str(tmp_path), stdout=out)
    folder = next(tmp_path.glob("backup-*"))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["files"]) == {manifest["database"], "files.tar.gz"}

    # Wiped: the database emptied and the files gone.
    call_command("flush", interactive=False)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Dispute.objects.exists()

    # Restore asks first; a "no" changes nothing.
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(folder), stdout=io.StringIO())
    assert not Dispute.objects.exists()
    cache.set("kept:from-the-wiped-database", True)
    call_command("restore", str(folder), yes=True, stdout=io.StringIO())
    assert _state() == before
    assert all((media / name).exists() for name in names)
    # What the pages kept was read from the database replaced: none of it is read again.
    assert cache.get("kept:from-the-wiped-database") is None


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path):
    call_command("load_demo", quiet_logins=True)
    call_command("backup", to=str(tmp_path), stdout=io.StringIO())
    folder = next(tmp_path.glob("backup-*"))
    with (folder / "files.tar.gz").open("ab") as f:
        f.write(b"damage")
    before = _state()
    with pytest.raises(BackupError, match="checksum"):
        restore(folder)
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(folder), yes=True, stdout=io.StringIO())
    assert _state() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own tools (CI runs it)")
def test_a_restore_replaces_everything_the_database_holds_now(tmp_path):
    """A table added since the backup, tied to the service's tables, does not stop the
    restore (pg_restore --clean alone only drops what the dump holds) and is gone after."""
    call_command("load_demo", quiet_logins=True)
    call_command("backup", to=str(tmp_path), stdout=io.StringIO())
    folder = next(tmp_path.glob("backup-*"))
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE added_since (id serial PRIMARY KEY,"
            " dispute_id bigint REFERENCES cases_dispute(id))"
        )
    before = _state()
    call_command("restore", str(folder), yes=True, stdout=io.StringIO())
    assert _state() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.added_since')")
        assert cursor.fetchone()[0] is None
