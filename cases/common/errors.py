"""Error pages in the service's own layout and plain English."""

from django.shortcuts import render


def bad_request(request, exception=None):
    """400: a request Django refused (a host it does not serve, a malformed upload). Our
    own page, so nothing of viewflow's or Django's default page is rendered instead."""
    return render(request, "errors/400.html", status=400)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    """403 when a form's security token is missing or stale (an old tab, cookies off)."""
    return render(request, "errors/403_csrf.html", status=403)
