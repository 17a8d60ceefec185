"""Kept rows (`cases.common.fragments`): a row is rendered once for what it shows, and a
row that shows anything else, in another language or from a changed template, is
rendered afresh."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import mark_safe

from cases.common import fragments

ROW = {
    "tab": "inbox",
    "pk": 7,
    "href": "/tasks/7/",
    "reference": "SWA-D-2026-0001",
    "subject": "Funding cut <without notice>",
    "kind": "Dispute",
    "parties": "A and B",
    "stage": "Mediation",
    "step": "Agree a mediator",
    "holder": "Ana Jones",
    "follow_up_on": None,
    "finished": None,
    "paused": False,
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _counting():
    """Count the renders of the row template."""
    real = fragments.get_template
    renders = []

    def get_template(name):
        template = real(name)
        wrapped = mock.Mock(wraps=template)
        wrapped.template = template.template
        wrapped.render.side_effect = lambda *a, **k: renders.append(1) or template.render(*a, **k)
        return wrapped

    return mock.patch.object(fragments, "get_template", get_template), renders


def test_a_row_shown_again_is_not_rendered_again_and_is_escaped():
    patch, renders = _counting()
    with patch, translation.override("en"):
        first = fragments.rendered("tasks/row.html", [ROW, {**ROW, "pk": 8}])
        again = fragments.rendered("tasks/row.html", [ROW, {**ROW, "pk": 8}])
    assert len(renders) == 2  # once a row, the first time only
    assert again == first
    assert "Funding cut &lt;without notice&gt;" in first[0]
    assert 'value="8"' not in first[0] and "/tasks/7/" in first[0]


def test_a_row_that_shows_anything_else_is_rendered_afresh():
    patch, renders = _counting()
    with patch, translation.override("en"):
        (before,) = fragments.rendered("tasks/row.html", [ROW])
        (renamed,) = fragments.rendered("tasks/row.html", [{**ROW, "holder": "Ana Price"}])
        (paused,) = fragments.rendered("tasks/row.html", [{**ROW, "paused": True}])
    assert len(renders) == 3
    assert "Held by Ana Jones" in before and "Held by Ana Price" in renamed
    assert "Clock paused" in paused and "Clock paused" not in before


def test_each_language_keeps_its_own_rows():
    row = {**ROW, "paused": True}
    with translation.override("en"):
        (english,) = fragments.rendered("tasks/row.html", [row])
    with translation.override("cy"):
        (welsh,) = fragments.rendered("tasks/row.html", [row])
    assert "Clock paused" in english
    assert "Clock paused" not in welsh


def test_text_marked_safe_does_not_share_a_key_with_the_same_plain_text():
    plain = {**ROW, "subject": "<b>bold</b>"}
    with translation.override("en"):
        (escaped,) = fragments.rendered("tasks/row.html", [plain])
        marked_row = {**plain, "subject": mark_safe("<b>bold</b>")}  # noqa: S308
        (marked,) = fragments.rendered("tasks/row.html", [marked_row])
    assert "&lt;b&gt;bold" in escaped
    assert "<b>bold</b>" in marked


def test_a_changed_template_renders_afresh(settings, tmp_path):
    """The key holds the template's own text: a deployment that changes it shows the new
    rows at once."""
    with translation.override("en"):
        (old,) = fragments.rendered("tasks/row.html", [ROW])
        source = fragments.get_template("tasks/row.html").template.source
        (tmp_path / "tasks").mkdir()
        (tmp_path / "tasks" / "row.html").write_text(source.replace("Held by", "Holder:"))
        settings.TEMPLATES = [
            {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]},
            *settings.TEMPLATES[1:],
        ]
        (new,) = fragments.rendered("tasks/row.html", [ROW])
    assert "Held by Ana Jones" in old
    assert "Holder: Ana Jones" in new


def test_new_translations_render_afresh(settings, tmp_path):
    """A deployment with new or corrected translations (or another Django, whose month
    names rows use) makes new keys: a row kept under the old words is not shown."""
    catalogue = tmp_path / "cy" / "LC_MESSAGES" / "django.mo"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_bytes(b"first")
    settings.LOCALE_PATHS = [tmp_path]
    fragments._translations.cache_clear()
    try:
        first = fragments._translations()
        catalogue.write_bytes(b"corrected")
        fragments._translations.cache_clear()
        assert fragments._translations() != first
    finally:
        fragments._translations.cache_clear()
    patch, renders = _counting()
    with patch, translation.override("en"):
        with mock.patch.object(fragments, "_translations", return_value="one"):
            fragments.rendered("tasks/row.html", [ROW])
            fragments.rendered("tasks/row.html", [ROW])
        with mock.patch.object(fragments, "_translations", return_value="two"):
            fragments.rendered("tasks/row.html", [ROW])
    assert len(renders) == 2
