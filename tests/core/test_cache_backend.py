"""The Redis cache backend production uses (core.cache), against a real Redis."""

import os
import socket
import urllib.parse
import uuid

import pytest

from core.cache import SharedClientRedisCache

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def redis_answers():
    parts = urllib.parse.urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason=f"no Redis at {REDIS_URL}")


@pytest.fixture
def redis_cache():
    cache = SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_values_survive_the_round_trip_through_redis(redis_cache):
    redis_cache.set("page", (1, "Æblegrød på øen".encode(), [("ETag", '"x"')]), 60)
    redis_cache.set("count", 1, 60)
    assert redis_cache.add("count", 5, 60) is False
    assert redis_cache.incr("count") == 2

    found = redis_cache.get_many(["page", "count", "missing"])

    assert found == {"page": (1, "Æblegrød på øen".encode(), [("ETag", '"x"')]), "count": 2}
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_every_call_uses_the_same_client_instead_of_building_a_new_one(redis_cache):
    reads = {id(redis_cache._cache.get_client()) for _ in range(5)}
    writes = {id(redis_cache._cache.get_client(write=True)) for _ in range(5)}
    assert len(reads) == len(writes) == 1
