import pytest
from django.core.cache import cache
from django.db import connection

from lejerbo_site import ops_views


@pytest.mark.django_db
def test_healthz_answers_200_when_database_and_cache_are_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "set", broken)

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["cache"] == "down"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError

    def broken():
        raise OperationalError("could not connect")

    monkeypatch.setattr(ops_views.connection, "cursor", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert connection.vendor  # the real connection object is untouched
