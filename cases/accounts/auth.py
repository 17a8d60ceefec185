"""Who calls the API: a personal token (`Authorization: Bearer ...`) for everything, or
no token at all for the public register and open contracting data."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer

from cases.accounts.services import token_user
from cases.common.api import refuse_nul


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
        return user


class PublicOrToken(TokenAuth):
    """Open to anyone; with a token, the caller is that token's user. A token that is
    given but not valid is refused (401) rather than ignored."""

    def __call__(self, request):
        if not request.headers.get(self.header):
            refuse_nul(request)
            request.user = AnonymousUser()
            return request.user
        return super().__call__(request)  # checks for NUL, then the token


token = TokenAuth()
public = [PublicOrToken()]
