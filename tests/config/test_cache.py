"""The Redis cache (`config/cache.py`): one client object a connection pool, against the
real Redis a deployment uses."""

import pytest
import redis

from config.cache import RedisCache

LOCATION = "redis://127.0.0.1:6379/14"


@pytest.fixture
def cache():
    try:
        redis.Redis.from_url(LOCATION).ping()
    except redis.ConnectionError:  # pragma: no cover - CI and `make test` machines run Redis
        pytest.fail("Redis is not running on 127.0.0.1:6379")
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "test-cache"})
    yield cache
    cache.clear()


def test_the_client_is_made_once_and_the_cache_works(cache):
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set_many({"a": 1, "b": [2, 3]})
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": [2, 3]}
    assert cache.add("a", 9) is False and cache.get("a") == 1
    cache.delete("a")
    assert cache.get("a") is None
    assert cache._cache.get_client() is client


def test_settings_choose_it_for_a_redis_address(monkeypatch):
    from config.settings.base import cache_from_env

    monkeypatch.setenv("CACHE_URL", LOCATION)
    assert cache_from_env()["BACKEND"] == "config.cache.RedisCache"
    monkeypatch.setenv("CACHE_URL", "locmemcache://")
    assert cache_from_env()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
