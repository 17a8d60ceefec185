"""Every error under /api/ is JSON, including those made before or outside the API's own
views: a method the route does not allow (405), a request Django refuses, a server error."""

import json
from http import HTTPStatus


class JsonErrorsForApi:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            try:
                detail = HTTPStatus(response.status_code).phrase + "."
            except ValueError:
                detail = "Error."
            response.content = json.dumps({"detail": detail, "errors": []}).encode()
            response["Content-Type"] = "application/json; charset=utf-8"
            response["Content-Length"] = str(len(response.content))
        return response
