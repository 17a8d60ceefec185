"""Letters as accessible PDFs, made with WeasyPrint from HTML templates (tagged, PDF/UA)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


class RefusedResource(ValueError):
    """A letter asked for something other than the service's own static files."""


def _allowed_roots() -> list[Path]:
    roots = [Path(d).resolve() for d in getattr(settings, "STATICFILES_DIRS", [])]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def _is_static(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return False
    path = Path(unquote(parsed.path)).resolve()
    return any(path.is_relative_to(root) for root in _allowed_roots())


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class StaticOnly(URLFetcher):
        """WeasyPrint's URL fetcher for letters: the service's own static files only. Any
        other address (another file on the server, the network) is refused, so text a
        user typed into a letter can never make the renderer read or fetch anything else."""

        def __init__(self):
            super().__init__(allowed_protocols=("file",), allow_redirects=False, timeout=5)

        def fetch(self, url, headers=None):
            if not _is_static(url):
                raise RefusedResource(
                    f"Letters may use the service's own static files only, not {url!r}"
                )
            return super().fetch(url, headers)

    return StaticOnly


def fetcher():
    return _fetcher_class()()


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


def _language_tag(code: str) -> str:
    return "en-GB" if code.lower() == "en-gb" else code


_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
_PAGE_RULE = re.compile(r"@page\s*\{")


def _together(pages: list[str], languages: list[str]) -> str:
    """One document of the same letter in several languages, each part marked with its
    language and starting on a new page: the first part's head, each part's body, and each
    part's styles, its page rules (the footer's words) on pages of its own name."""
    heads = [page[: page.index("<body")] for page in pages]
    styles = []
    for number, head in enumerate(heads):
        css = "\n".join(_STYLE.findall(head))
        styles.append(_PAGE_RULE.sub(f"@page part{number} {{", css))
        styles.append(f".letter-part-{number} {{ page: part{number}; }}")
    styles.append(".letter-language + .letter-language { break-before: page; }")
    head = _STYLE.sub("", heads[0]).replace(
        "</head>", "<style>" + "\n".join(styles) + "</style></head>"
    )
    parts = "".join(
        f'<div class="letter-language letter-part-{number}" lang="{_language_tag(code)}">'
        f"{_BODY.search(page).group(1)}</div>"
        for number, (page, code) in enumerate(zip(pages, languages, strict=True))
    )
    return f"{head}<body>{parts}</body></html>"


def render_pdf(
    template: str, context: dict | Callable[[], dict], languages: Iterable[str] | None = None
) -> bytes:
    """Render an HTML template to a tagged PDF/UA-1 document (headings, reading order and
    language are kept for screen readers). In more than one language (a Welsh compact's
    letters: Welsh, then English), the letter is written in each, one after the other; a
    `context` that depends on the language is given as a function, called in each."""
    from weasyprint import HTML

    languages = list(languages or [translation.get_language()])
    pages = []
    for language in languages:
        with translation.override(language):
            values = context() if callable(context) else context
            pages.append(
                render_to_string(template, {**values, "service_name": settings.SERVICE_NAME})
            )
    html = pages[0] if len(pages) == 1 else _together(pages, languages)
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )
