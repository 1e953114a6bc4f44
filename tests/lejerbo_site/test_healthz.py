import socket

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.utils import load_backend

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


def _unreachable_database(tmp_path):
    """A connection like the site's, to a database that is not there."""
    settings_dict = {**connection.settings_dict}
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    else:
        with socket.socket() as free:  # a port on this machine where nothing listens
            free.bind(("127.0.0.1", 0))
            port = free.getsockname()[1]
        settings_dict.update(HOST="127.0.0.1", PORT=port)
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "unreachable")


@pytest.mark.django_db
def test_healthz_answers_503_while_the_database_is_unreachable_and_200_once_it_is_back(
    client, monkeypatch, tmp_path
):
    unreachable = _unreachable_database(tmp_path)
    monkeypatch.setattr(ops_views, "connection", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down", "cache": "ok"}

    monkeypatch.undo()  # the database is back
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
