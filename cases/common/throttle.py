"""Rate limits for the public forms (django-ratelimit), so nobody can flood the Champion
with sign-up requests or an inbox with password-reset e-mails."""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited


def limit_public_form(group: str):
    """Allow each address PUBLIC_FORM_RATE submissions of the form; past that, a plain
    "too many requests" page (HTTP 429). Viewing the form is never limited."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and is_ratelimited(
                request,
                group=group,
                key="ip",
                rate=settings.PUBLIC_FORM_RATE,
                method="POST",
                increment=True,
            ):
                return render(request, "errors/429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
