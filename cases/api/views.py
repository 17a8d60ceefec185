"""The API's reference page, made from its OpenAPI document, and a JSON 404 for any other
address under /api/."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _operations(schema: dict) -> list[dict]:
    """The OpenAPI document's operations, grouped by tag, in the document's order."""
    groups: dict[str, list] = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            tag = (operation.get("tags") or [_("Other")])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", "")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "has_body": "requestBody" in operation,
                    "needs_token": any("TokenAuth" in s for s in operation.get("security", []))
                    and not any("PublicOrToken" in s for s in operation.get("security", [])),
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


def api_not_found(request):
    """Any other address under /api/: the API's own 404, as JSON."""
    return JsonResponse({"detail": _("Not found."), "errors": []}, status=404)


def api_reference(request):
    from cases.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return render(
        request,
        "api/reference.html",
        {"schema": schema, "groups": _operations(schema)},
    )
