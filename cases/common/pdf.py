"""Letters as accessible PDFs, made with WeasyPrint from HTML templates (tagged, PDF/UA)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> bytes:
    """Render an HTML template to a tagged PDF/UA-1 document (headings, reading order and
    language are kept for screen readers)."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "service_name": settings.SERVICE_NAME})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
