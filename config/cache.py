"""Django's Redis cache, with one client object a connection pool.

Django's own `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache
call, and each one fills a table of about 170 reply callbacks: 0.1 ms a call, 7 calls on
a signed-in list page (docs/decisions/0013). A `redis.Redis` is safe to share (its pool
hands out the connections), so each pool's is made once and kept.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
