"""Who calls the API: a personal token (`Authorization: Bearer ...`) for everything, or
no token at all for the public register and open contracting data."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django_ratelimit.core import get_usage
from ninja.security import HttpBearer

from cases.accounts.services import token_hash, token_user
from cases.common.api import refuse_nul


class RateLimited(Exception):
    """Too many requests from one token (or, without a token, one address): 429 with
    Retry-After (`cases.api`)."""

    def __init__(self, retry_after: int):
        super().__init__("Too many requests.")
        self.retry_after = retry_after


def limit(request, key) -> None:
    """Count the request against its caller's API_RATE (`key`: per token, or per address
    for the public data without one); past it, refuse with the seconds until the count starts
    again."""
    usage = get_usage(
        request,
        group="api",
        key=key,
        rate=settings.API_RATE,
        method=get_usage.ALL,
        increment=True,
    )
    if usage and usage["should_limit"]:
        raise RateLimited(max(1, int(usage["time_left"])))


def _address(group, request) -> str:
    """The caller's address, from the proxy's header when one is named (CLIENT_IP_HEADER);
    an IPv6 address by its /64 network, which one client holds whole (as django-ratelimit
    counts)."""
    header = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    raw = (request.META.get(header) or request.META.get("REMOTE_ADDR") or "").split(",")[0]
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return "address:?"
    if address.version == 6:
        return f"address:{ipaddress.ip_network(f'{address}/64', strict=False).network_address}"
    return f"address:{address}"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`, a personal token made on the account page."""

    openapi_description = "A personal API token, made on your account page."

    def __call__(self, request):
        refuse_nul(request)
        return super().__call__(request)

    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            request.user = user
            hashed = token_hash(token)
            limit(request, lambda group, request: f"token:{hashed}")
        else:
            limit(request, _address)  # tokens that are not valid count against the address
        return user


class PublicOrToken(TokenAuth):
    """Open to anyone; with a token, the caller is that token's user. A token that is
    given but not valid is refused (401) rather than ignored."""

    def __call__(self, request):
        if not request.headers.get(self.header):
            refuse_nul(request)
            request.user = AnonymousUser()
            limit(request, _address)
            return request.user
        return super().__call__(request)  # checks for NUL, then the token


token = TokenAuth()
public = [PublicOrToken()]
