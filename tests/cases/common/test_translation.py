"""Every word a person reads is marked for translation, and the Welsh catalogue that ships
translates every marked string (docs/translation.md)."""

import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

from tests import translation_check

CATALOGUE = settings.BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


def test_every_string_a_person_reads_is_marked():
    found = translation_check.check()
    assert not found, "Not marked for translation:\n" + "\n".join(map(str, found[:50]))


def test_the_checker_finds_unmarked_words(tmp_path, monkeypatch):
    """The checker itself: it finds words in text, attributes and Python, and passes marked ones."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text(
        '{% load i18n %}<p>{% translate "Marked" %}</p><p>Not marked</p>'
        '<img alt="A picture" src="x"><span aria-label="{% translate \'Fine\' %}"></span>'
        "{% blocktranslate trimmed with n=x.name %}Hello {{ n }}{% endblocktranslate %}"
        "<p>{{ value }} CSV</p>"
    )
    (templates / "mail.txt").write_text('{% load i18n %}{% translate "Marked" %}\nBare line\n')
    module = tmp_path / "cases" / "forms.py"
    module.parent.mkdir()
    module.write_text(
        "from django import forms\n"
        "from django.utils.translation import gettext_lazy as _\n"
        "class F(forms.Form):\n"
        "    a = forms.CharField(label='Bare label')\n"
        "    b = forms.CharField(label=_('Marked label'), help_text=f'Bare {a}')\n"
        "def clean():\n"
        "    raise forms.ValidationError('Bare error')\n"
    )
    monkeypatch.setattr(translation_check, "ROOT", tmp_path)
    found = {f.text for f in translation_check.check([templates, tmp_path / "cases"])}
    assert found == {"Not marked", "A picture", "Bare line", "Bare label", "Bare ", "Bare error"}


def _entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def test_the_welsh_catalogue_has_no_empty_or_fuzzy_entry():
    catalogue = polib.pofile(str(CATALOGUE))
    entries = _entries(catalogue)
    assert len(entries) > 500
    empty = [
        entry.msgid for entry in entries if not entry.translated() and "fuzzy" not in entry.flags
    ]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert not empty, f"{len(empty)} untranslated, for example {empty[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, for example {fuzzy[:5]}"
    assert catalogue.metadata["Language"] == "cy"
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=4;")


def test_the_compiled_catalogue_matches_the_source():
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0)
        for entry in _entries(polib.pofile(str(CATALOGUE)))
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0)
        for entry in polib.mofile(str(COMPILED))
        if entry.msgid
    }
    assert compiled == source, "Run `make messages` and commit locale/cy/LC_MESSAGES/django.mo"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_the_catalogue_holds_every_marked_string(tmp_path):
    """Extract the messages afresh from a copy of the code and compare: nothing marked is missing
    from the committed catalogue."""
    root = settings.BASE_DIR
    for name in ("cases", "workflows", "config", "templates"):
        shutil.copytree(
            root / name, tmp_path / name, ignore=shutil.ignore_patterns("migrations", "__pycache__")
        )
    shutil.copy(root / "manage.py", tmp_path)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "cy", "--no-location", "-v0"],
        cwd=tmp_path,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    fresh = {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(tmp_path / "locale/cy/LC_MESSAGES/django.po"))
    }
    committed = {(entry.msgctxt, entry.msgid) for entry in _entries(polib.pofile(str(CATALOGUE)))}
    missing = sorted(fresh - committed, key=str)
    assert not missing, f"{len(missing)} not in the catalogue (run `make messages`): {missing[:5]}"
