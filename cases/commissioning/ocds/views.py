"""The project's OCDS extension (the Local Compact's rules and departures), served from
its files in `extension/` beside this module, so that anyone validating our release
packages can fetch it by the address each package names (see `releases.extension_url`)."""

from __future__ import annotations

import json
from pathlib import Path

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

EXTENSION_DIR = Path(__file__).resolve().parent / "extension"
EXTENSION_FILES = {
    "extension.json": "application/json",
    "release-schema.json": "application/json",
    "README.md": "text/markdown; charset=utf-8",
}


def _public(response):
    # Public, unchanging metadata that validators and data tools fetch from anywhere.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def extension_file(request, filename):
    """One file of the extension. extension.json names its documentation by an absolute
    address, which only the request knows, so it is filled in here."""
    if filename not in EXTENSION_FILES:
        raise Http404
    text = (EXTENSION_DIR / filename).read_text(encoding="utf-8")
    if filename == "extension.json":
        metadata = json.loads(text)
        readme = reverse("ocds-extension", kwargs={"filename": "README.md"})
        metadata["documentationUrl"] = {"en": request.build_absolute_uri(readme)}
        return _public(JsonResponse(metadata, json_dumps_params={"indent": 2}))
    return _public(HttpResponse(text, content_type=EXTENSION_FILES[filename]))
