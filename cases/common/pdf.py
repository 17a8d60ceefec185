"""Letters as accessible PDFs, made with WeasyPrint from HTML templates (tagged, PDF/UA)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string


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


def render_pdf(template: str, context: dict) -> bytes:
    """Render an HTML template to a tagged PDF/UA-1 document (headings, reading order and
    language are kept for screen readers)."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "service_name": settings.SERVICE_NAME})
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )
