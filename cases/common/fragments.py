"""Rows of a long table rendered once and kept, by what they show.

A list page's rows cost more to render with the template language than to read (a
quarter of a millisecond a row, 25 rows a page). Each row is rendered from a dict of the
values it shows, and only from that dict; the rendered row is kept in the cache under a
key made of those values, the row template's own text, the language and the release of
the translations (the project's compiled catalogues and Django's version, for its month
names). So a kept row is never stale: a row that shows anything different has another
key, and a changed template, another language or new translations make new keys. A row
template must use no tag or filter of the project's own (their code is not in the key):
what they would work out goes in the row's values. One cache read fetches a page's rows;
only the rows missing are rendered (and kept for a day). Django's `{% cache %}` tag would
read one key a row.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeData, SafeString, mark_safe

KEPT_FOR = 60 * 60 * 24  # seconds


def rendered(template_name: str, rows: list[dict]) -> list[SafeString]:
    """Each row of `rows` rendered by `template_name` (which sees the row as `row`, and
    nothing else), kept rows from the cache and the rest rendered now."""
    if not rows:
        return []
    template = get_template(template_name)
    source = template.template.source.encode()
    prefix = "row:{}:{}:{}:{}:".format(
        template_name,
        hashlib.blake2b(source, digest_size=8).hexdigest(),
        translation.get_language() or "",
        _translations(),
    )
    keys = [prefix + _digest(row) for row in rows]
    kept = cache.get_many(keys)
    missing = {}
    for key, row in zip(keys, rows, strict=True):
        if key not in kept:
            kept[key] = missing[key] = template.render({"row": row})
    if missing:
        cache.set_many(missing, KEPT_FOR)
    return [mark_safe(kept[key]) for key in keys]  # noqa: S308 (our own template's output)


def _digest(row: dict) -> str:
    # Text already marked safe renders unescaped: it must not share a key with plain text.
    marked = {k: ["safe", v] if isinstance(v, SafeData) else v for k, v in row.items()}
    text = json.dumps(marked, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@functools.cache
def _translations() -> str:
    """The release of the words a row is written in: Django's version (its month names)
    and the project's compiled catalogues, read once a process (a deployment restarts)."""
    digest = hashlib.blake2b(django.get_version().encode(), digest_size=8)
    for folder in settings.LOCALE_PATHS:
        for catalogue in sorted(Path(folder).glob("*/LC_MESSAGES/*.mo")):
            digest.update(catalogue.name.encode() + catalogue.read_bytes())
    return digest.hexdigest()
