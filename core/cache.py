"""Django's Redis cache backend, with one Redis client per connection pool.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every
cache call, and each one fills a table of about 170 response callbacks
(redis/redis-py#3624). On a page served from the page cache that was a third
of the whole request. A client only holds its pool, which is safe to share
between threads and resets itself after a fork, so one client per pool does.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
