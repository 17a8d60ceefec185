"""The API's limits and caching: a token past API_RATE gets 429 with Retry-After (another
token is not held back); a token's answers are never stored by a cache; and the OpenAPI
document says all of it, with the public operations open without a token."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_past_its_rate_gets_429_with_retry_after_and_others_go_on(api, settings):
    settings.API_RATE = "3/m"
    cache.clear()
    busy, other = api(UserFactory()), api(UserFactory())
    assert [busy.get("/tasks/inbox").status_code for _ in range(3)] == [200, 200, 200]
    refused = busy.get("/tasks/inbox")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Too many requests")
    assert other.get("/tasks/inbox").status_code == 200


def test_the_public_data_is_limited_per_address_without_a_token(api, settings):
    settings.API_RATE = "2/m"
    cache.clear()
    anonymous = api()
    assert [anonymous.get("/compacts").status_code for _ in range(3)] == [200, 200, 429]


def test_answers_to_a_token_are_private_and_never_stored(api):
    mine = api(UserFactory()).get("/tasks/inbox")
    assert "private" in mine["Cache-Control"] and "no-store" in mine["Cache-Control"]
    assert "Authorization" in mine["Vary"]
    public = api().get("/compacts")
    assert "Authorization" in public["Vary"]
    assert "private" not in public.get("Cache-Control", "")


def test_the_openapi_document_marks_public_operations_open_and_documents_429_503_400(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "PublicOrToken" not in schema["components"]["securitySchemes"]
    compacts = schema["paths"]["/api/v1/compacts"]["get"]
    assert compacts["security"] == [{}, {"TokenAuth": []}]
    inbox = schema["paths"]["/api/v1/tasks/inbox"]["get"]
    assert inbox["security"] == [{"TokenAuth": []}]
    for operation in (compacts, inbox):
        for status in ("429", "503"):
            assert "Retry-After" in operation["responses"][status]["headers"]
    raise_ = schema["paths"]["/api/v1/disputes"]["post"]
    assert "400" in raise_["responses"]
    assert "400" not in inbox["responses"]  # no body to be malformed


def test_money_is_documented_as_a_number_or_digits_never_an_empty_string(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name, field in (
        ("ExerciseIn", "estimated_value"),
        ("BidIn", "direct_costs"),
        ("BidIn", "overheads"),
    ):
        spec = schema[name]["properties"][field]
        string = next(s for s in spec["anyOf"] if s["type"] == "string")
        assert string["pattern"] == r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
