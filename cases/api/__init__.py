"""The JSON API, version 1, at /api/v1/: the same records, permissions and services as the
pages, for other systems to link to. Described by OpenAPI at /api/v1/openapi.json and
browsable at /api/v1/docs. See docs/api.md."""

import logging

from django import db
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from cases.accounts.auth import RateLimited
from cases.common.api import error_body
from cases.common.errors import database_unavailable

logger = logging.getLogger("django.request")


class CompactAPI(NinjaAPI):
    """The API, with what every operation may answer written into its OpenAPI document:
    the public operations take a token but need none; a body that is not JSON is 400; too
    many requests 429 and the database out of reach 503, each with Retry-After."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schemes = schema.get("components", {}).get("securitySchemes", {})
        schemes.pop("PublicOrToken", None)
        retry = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                if {"PublicOrToken": []} in operation.get("security", []):
                    operation["security"] = [{}, {"TokenAuth": []}]
                responses = operation.setdefault("responses", {})
                if "requestBody" in operation:
                    responses.setdefault(
                        400, {"description": "The body is not valid JSON", "content": error}
                    )
                responses.setdefault(
                    429,
                    {
                        "description": "Too many requests from this token (or address)",
                        "headers": retry,
                        "content": error,
                    },
                )
                responses.setdefault(
                    503,
                    {
                        "description": "Unavailable for a moment; try again",
                        "headers": retry,
                        "content": error,
                    },
                )
        return schema


api = CompactAPI(
    title="Compact Casework API",
    version="1.0.0",
    description=(
        "Compacts, commitments and signatories; disputes; task inboxes and queues; "
        "commissioning exercises and bids; and open contracting data (OCDS 1.1). "
        "Authenticate with a personal token from your account page: "
        "`Authorization: Bearer <token>`. Public data needs no token. Every list is paged "
        "with `page` and `page_size` (at most 100). Errors are JSON: "
        '`{"detail": ..., "errors": [{"field", "rule", "message"}]}`; 401 without a valid '
        "token, 404 for a record you may not see (as if it did not exist), 403 for an "
        "action you may not take on a record you can see, 409 when the record's state does "
        "not allow the change now, 422 when a field breaks a rule."
    ),
    urls_namespace="api-v1",
    docs_url=None,
)


@api.exception_handler(SchemaError)
def schema_error(request, exc):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        errors.append(
            {
                "field": ".".join(location[1:] if location[:1] == ["query"] else location) or None,
                "rule": error.get("type", "invalid"),
                "message": error["msg"] if "msg" in error else _("Invalid value"),
            }
        )
    return api.create_response(request, error_body(_("Check the fields"), errors), status=422)


@api.exception_handler(ValidationError)
def rule_broken(request, exc):
    if hasattr(exc, "error_dict"):
        errors = [
            {
                "field": None if field == "__all__" else field,
                "rule": error.code or "invalid",
                "message": message,
            }
            for field, items in exc.error_dict.items()
            for error in items
            for message in error.messages
        ]
        return api.create_response(request, error_body(_("Check the fields"), errors), status=422)
    # A refusal that names no field: the record's state does not allow it now.
    message = " ".join(exc.messages)
    return api.create_response(
        request,
        error_body(message, [{"field": None, "rule": exc.code or "conflict", "message": message}]),
        status=409,
    )


@api.exception_handler(TransitionNotAllowed)
def wrong_state(request, exc):
    return api.create_response(
        request, error_body(_("That change is not allowed at this stage.")), status=409
    )


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request, error_body(str(exc) or _("You may not do that.")), status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, error_body(_("Not found.")), status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(
        request,
        error_body(_("Give a valid personal API token: Authorization: Bearer <token>.")),
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    response = api.create_response(
        request,
        error_body(
            _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": exc.retry_after}
        ),
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, error_body(str(exc)), status=exc.status_code)


@api.exception_handler(Exception)
def server_error(request, exc):
    """Anything unexpected: logged with its traceback for the operators, and answered as
    JSON without the details; the database out of reach for a moment is 503 with
    Retry-After (documented on every operation)."""
    if isinstance(exc, db.OperationalError | db.InterfaceError):
        logger.warning("API unavailable at %s: %s", request.path, exc)
        return database_unavailable(request)
    logger.error("API error at %s", request.path, exc_info=exc)
    return api.create_response(
        request, error_body(_("Sorry, something went wrong on our side.")), status=500
    )


def _routers():
    from cases.api import tasks
    from cases.commissioning import api as commissioning
    from cases.commissioning.ocds import api as ocds
    from cases.disputes import api as disputes
    from cases.privacy import api as privacy
    from cases.register import api as register
    from cases.year import api as year

    api.add_router("/", register.router)
    api.add_router("/disputes", disputes.router)
    api.add_router("/tasks", tasks.router)
    api.add_router("/", commissioning.router)
    api.add_router("/ocds", ocds.router)
    api.add_router("/", year.router)
    api.add_router("/", privacy.router)


_routers()
