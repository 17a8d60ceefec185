"""Error pages in the service's own layout and plain English."""

import sys

from django import db
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# How long a client is asked to wait when the database is away (a restart, a failover).
RETRY_AFTER = 30


def bad_request(request, exception=None):
    """400: a request Django refused (a host it does not serve, a malformed upload). Our
    own page, so nothing of viewflow's or Django's default page is rendered instead."""
    return render(request, "errors/400.html", status=400)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request):
    """500, or 503 with Retry-After when the database cannot be reached: a passing outage,
    after which the same process serves again without a restart."""
    if isinstance(sys.exc_info()[1], db.OperationalError | db.InterfaceError):
        return database_unavailable(request)
    return render(request, "errors/500.html", status=500)


def database_unavailable(request):
    """503: rendered without the request's context, which would ask the database again."""
    if request.path.startswith("/api/"):
        from cases.common.api import error_body

        response = JsonResponse(
            error_body(_("The service is unavailable for a moment. Try again shortly.")), status=503
        )
    else:
        response = HttpResponse(render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request, reason=""):
    """403 when a form's security token is missing or stale (an old tab, cookies off)."""
    return render(request, "errors/403_csrf.html", status=403)
