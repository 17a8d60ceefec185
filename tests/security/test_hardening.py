"""Sign-in lockout, rate limits on the public forms, and the content security policy."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import CompactFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_five_wrong_passwords_lock_the_account_out_from_that_address(client):
    UserFactory(username="rhian")
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "rhian", "password": "wrong"})
    assert "Too many attempts to sign in" in response.text
    # Even the right password is refused while locked out.
    response = client.post(reverse("login"), {"username": "rhian", "password": "password"})
    assert "Too many attempts to sign in" in response.text
    assert "Signed in as" not in client.get("/").text


def test_the_public_sign_up_form_is_rate_limited(client, settings):
    settings.PUBLIC_FORM_RATE = "3/h"
    compact = CompactFactory()
    url = reverse("signup-request-create", args=[compact.slug])
    statuses = [client.post(url, {"organisation_name": ""}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(url).status_code == 200  # reading the form is never limited


def test_password_reset_is_rate_limited(client, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    url = reverse("password_reset")
    statuses = [client.post(url, {"email": "a@example.org"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "<script>" not in response.text  # every script is a file
