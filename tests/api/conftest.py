import pytest
from django.test import Client

from cases.accounts.services import token_create


class Api:
    """A client that calls the JSON API as one user, with that user's personal token."""

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _, key = token_create(user=user, name="Tests", days=365)
            self.headers = {"Authorization": f"Bearer {key}"}

    def _url(self, path):
        return path if path.startswith("/api/") else f"/api/v1{path}"

    def get(self, path, **params):
        return self.client.get(self._url(path), params, headers=self.headers)

    def post(self, path, data=None, **extra):
        return self.client.post(
            self._url(path),
            data if data is not None else {},
            content_type="application/json",
            headers={**self.headers, **extra},
        )

    def put(self, path, data):
        return self.client.put(
            self._url(path), data, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api():
    return Api
