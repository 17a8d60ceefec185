"""Uploads with long, odd or repeated names never crash and leave nothing behind; letters
may read only the service's own static files."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from cases.common import pdf
from cases.common.storage import RandomNameStorage
from cases.common.uploads import DISPLAY_LENGTH, safe_display_name
from cases.disputes import services
from cases.disputes.models import DisputeDocument, DisputeEvent
from tests.factories import DisputeWorld

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize("length", [185, 300, 1000])
def test_a_long_file_name_is_kept_shortened_for_display(length):
    world = DisputeWorld()
    dispute = world.raise_dispute()
    name = "é" * length + ".pdf"
    document = services.dispute_add_document(
        dispute=dispute, by=world.complainant, upload=SimpleUploadedFile(name, PDF)
    )
    assert len(document.original_name) <= DISPLAY_LENGTH
    assert document.original_name.endswith("….pdf")
    title = DisputeEvent.objects.filter(dispute=dispute).latest("pk").title
    assert title.startswith("Document added: é") and len(title) <= 200
    assert "é" not in document.file.name  # stored under a name of our own


@pytest.mark.django_db
def test_a_document_that_fails_to_save_leaves_no_file(monkeypatch):
    world = DisputeWorld()
    dispute = world.raise_dispute()
    media = settings.MEDIA_ROOT
    before = _files(media)

    def broken(*args, **kwargs):
        raise IntegrityError("the timeline could not be written")

    monkeypatch.setattr(DisputeEvent.objects, "create", broken)
    with pytest.raises(IntegrityError):
        services.dispute_add_document(
            dispute=dispute, by=world.complainant, upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert _files(media) == before
    assert not DisputeDocument.objects.filter(dispute=dispute).exists()


def test_display_names_lose_paths_and_control_characters():
    assert safe_display_name("C:\\Users\\me\\letter.pdf") == "letter.pdf"
    assert safe_display_name("../../etc/passwd") == "passwd"
    assert safe_display_name("a\u202ebc\x00.pdf") == "abc.pdf"
    assert safe_display_name("   ") == "file"


def test_the_wizard_keeps_files_under_random_names(tmp_path):
    storage = RandomNameStorage(location=tmp_path)
    long_name = "x" * 250 + ".PDF"
    first = storage.save(long_name, SimpleUploadedFile(long_name, PDF))
    second = storage.save(long_name, SimpleUploadedFile(long_name, PDF))
    assert first != second
    assert first.endswith(".pdf") and len(first) == 32 + 4
    assert storage.save("odd.name.$$$", SimpleUploadedFile("x", PDF)).count(".") == 0


def test_letters_may_read_the_services_static_files_only(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for letters")
    for url in (
        secret.as_uri(),
        "file:///etc/passwd",
        "http://127.0.0.1:1/anything",
        "https://example.org/logo.png",
        (settings.BASE_DIR / "static" / "build" / ".." / ".." / "manage.py").as_uri(),
    ):
        with pytest.raises(pdf.RefusedResource):
            pdf.fetcher().fetch(url)
    built = next((settings.BASE_DIR / "static" / "build").glob("*.css"))
    response = pdf.fetcher().fetch(built.as_uri())
    assert response.status in (None, 200) and response.read(1)


def test_a_letter_with_an_outside_address_still_renders_without_fetching_it(monkeypatch):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    asked = []
    original = URLFetcher.fetch

    def recording(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", recording)
    html = (
        '<p>Hello</p><img src="file:///etc/passwd" alt=""><img src="http://127.0.0.1:1/x" alt="">'
    )
    assert HTML(string=html, url_fetcher=pdf.fetcher()).write_pdf()[:4] == b"%PDF"
    assert asked == []


@pytest.mark.django_db
def test_the_timer_loop_removes_the_evidence_of_raises_abandoned_long_ago(settings, tmp_path):
    """Files waiting between the wizard's upload page and its submit: kept while a session
    could still submit them, removed by the timer loop after that."""
    import io
    import os
    import time

    from django.core.management import call_command

    from cases.disputes.services import wizard_file_storage

    settings.MEDIA_ROOT = tmp_path
    storage = wizard_file_storage()
    old = storage.save("evidence.pdf", io.BytesIO(b"%PDF-1.4 old"))
    new = storage.save("evidence.pdf", io.BytesIO(b"%PDF-1.4 new"))
    long_ago = time.time() - settings.SESSION_COOKIE_AGE - 60
    os.utime(storage.path(old), (long_ago, long_ago))
    out = io.StringIO()
    call_command("run_timers", "--once", "--no-digests", stdout=out)
    assert "1 abandoned upload(s) removed" in out.getvalue()
    assert sorted(os.listdir(tmp_path / "wizard")) == [new]
