"""Every error under /api/ is JSON, including those made before or outside the API's own
views: a method the route does not allow (405), a request Django refuses, a server error.
An answer to a request with a token is private to it and never stored by a cache; any API
answer varies with the token."""

import json
from http import HTTPStatus

from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _


class JsonErrorsForApi:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ["Authorization"])
            if "Authorization" in request.headers:
                patch_cache_control(response, private=True, no_store=True)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            try:
                detail = HTTPStatus(response.status_code).phrase + "."
            except ValueError:
                detail = _("Error.")
            response.content = json.dumps({"detail": detail, "errors": []}).encode()
            response["Content-Type"] = "application/json; charset=utf-8"
            response["Content-Length"] = str(len(response.content))
        return response
