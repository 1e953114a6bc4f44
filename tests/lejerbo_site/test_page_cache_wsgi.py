"""Cached pages are answered by the WSGI layer (wsgi.py) before Django handles the
request; everything else reaches Django untouched."""

import io
import sys
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from lejerbo_site.models import MissionPage
from lejerbo_site.page_cache import PageCacheApplication


@contextmanager
def database_kept_open():
    """As Django's test client does: a request must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class Site:
    """The site as gunicorn calls it, counting the requests that reach Django."""

    def __init__(self):
        self.django = WSGIHandler()
        self.reached_django = 0
        self.application = PageCacheApplication(self._django)

    def _django(self, environ, start_response):
        self.reached_django += 1
        return self.django(environ, start_response)

    def request(self, path, *, method="GET", **headers):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            **{"HTTP_" + name.upper(): value for name, value in headers.items()},
        }
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started["status"] = int(status.split()[0])
            started["headers"] = dict(response_headers)

        with database_kept_open():
            result = self.application(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        return started["status"], started["headers"], body


@pytest.fixture
def site(site_content):
    site = Site()
    # The first request creates the site settings row, which itself retires the cache.
    site.request("/")
    cache.clear()
    site.reached_django = 0
    return site


@pytest.mark.django_db
def test_a_cached_page_is_answered_without_django_and_with_the_same_headers(
    site, django_assert_num_queries
):
    status, miss_headers, miss_body = site.request("/mission/")
    assert (status, miss_headers["X-Page-Cache"], site.reached_django) == (200, "miss", 1)

    with django_assert_num_queries(0):
        status, headers, body = site.request("/mission/")

    assert (status, headers["X-Page-Cache"], site.reached_django) == (200, "hit", 1)
    assert body == miss_body and "rum for liv" in body.decode()
    assert headers["Content-Length"] == str(len(body))
    for name in ("Content-Security-Policy", "Content-Type", "Content-Language", "ETag"):
        assert headers[name] == miss_headers[name], name
    assert "Set-Cookie" not in headers


@pytest.mark.django_db
def test_a_published_change_reaches_the_next_visitor_through_the_wsgi_layer(site):
    site.request("/mission/")
    site.request("/mission/")  # cached now
    mission = MissionPage.objects.get()
    mission.statement = "En helt ny mission"
    mission.save_revision().publish()

    status, headers, body = site.request("/mission/")

    assert (status, headers["X-Page-Cache"]) == (200, "miss")
    assert "En helt ny mission" in body.decode()


@pytest.mark.django_db
def test_a_browser_with_the_current_copy_gets_304_from_the_wsgi_layer(site):
    _status, headers, _body = site.request("/mission/")

    status, not_modified, body = site.request("/mission/", if_none_match=headers["ETag"])

    assert (status, body, site.reached_django) == (304, b"", 1)
    assert not_modified["ETag"] == headers["ETag"]
    assert "Content-Security-Policy" not in not_modified
    assert site.request("/mission/", if_none_match='"something-else"')[0] == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "headers"),
    [
        ("GET", {"cookie": "sessionid=abc123abc123abc123abc123abc123ab"}),
        ("GET", {"cookie": "theme=dark; messages=x"}),
        ("POST", {}),
        ("HEAD", {}),
    ],
)
def test_signed_in_visitors_posts_and_heads_always_reach_django(site, method, headers):
    site.request("/mission/")
    site.request("/mission/")  # cached for anonymous GETs
    before = site.reached_django

    site.request("/mission/", method=method, **headers)

    assert site.reached_django == before + 1


@pytest.mark.django_db
def test_another_host_never_gets_this_hosts_copy(site, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    site.request("/mission/")
    site.request("/mission/")

    _status, headers, _body = site.request("/mission/", host="other.example")

    assert headers.get("X-Page-Cache") == "miss"
