from datetime import timedelta

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from core import abuse
from core.abuse import client_key, limit_posts, parse_rate
from lejerbo_site.urls import urlpatterns as site_urlpatterns


@limit_posts("test-form", "2/m")
def limited_view(request):
    return HttpResponse("sent")


@limit_posts("test-form", "2/m", language=lambda request, lang: lang)
def limited_view_in_language(request, lang):
    return HttpResponse("sent")


urlpatterns = [
    path("test-limited/", limited_view),
    path("test-limited/<str:lang>/", limited_view_in_language),
    *site_urlpatterns,
]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.RATE_LIMIT_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def post(client, addr="192.0.2.10", **headers):
    return client.post("/test-limited/", {}, REMOTE_ADDR=addr, **headers)


def test_posts_within_the_rate_go_through(client):
    assert post(client).status_code == 200
    assert post(client).status_code == 200


def test_the_post_over_the_rate_gets_429_with_retry_after(client, home_page):
    post(client)
    post(client)

    response = post(client)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert b"sent" not in response.content


def test_reading_the_form_is_never_limited(client):
    post(client)
    post(client)

    assert client.get("/test-limited/", REMOTE_ADDR="192.0.2.10").status_code == 200


def test_another_client_has_its_own_limit(client, home_page):
    post(client)
    post(client)
    assert post(client).status_code == 429

    assert post(client, addr="198.51.100.20").status_code == 200


@pytest.mark.parametrize(
    ("language", "html_lang", "text"),
    [
        ("da", "da", "Vent venligst et øjeblik"),
        ("nb", "nb", "Vent litt"),
        ("en", "en", "Please wait a moment"),
    ],
)
def test_the_429_page_speaks_the_language_of_the_page(client, home_page, language, html_lang, text):
    url = f"/test-limited/{language}/"
    client.post(url, REMOTE_ADDR="192.0.2.10")
    client.post(url, REMOTE_ADDR="192.0.2.10")

    response = client.post(url, REMOTE_ADDR="192.0.2.10")

    html = response.content.decode()
    assert response.status_code == 429
    assert f'<html lang="{html_lang}"' in html
    assert text in html
    assert response["Content-Language"] == language


def test_counting_never_touches_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        post(client)
        post(client)


def test_the_cache_holds_no_client_address(client, home_page):
    addr = "203.0.113.77"
    post(client, addr=addr)
    post(client, addr=addr)
    post(client, addr=addr)

    stored = " ".join(str(key) + str(value) for key, value in cache._cache.items())
    assert "203.0.113" not in stored
    assert any("abuse:rl:test-form" in str(key) for key in cache._cache)


def test_the_client_key_changes_from_one_day_to_the_next(rf, monkeypatch):
    request = rf.post("/", REMOTE_ADDR="192.0.2.10")
    today = client_key(request)
    assert client_key(request) == today

    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(abuse.timezone, "now", lambda: tomorrow)

    assert client_key(request) != today


def test_the_address_comes_from_the_proxy_header_when_configured(rf, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    one = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="192.0.2.1")
    two = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="192.0.2.2")

    assert client_key(one) != client_key(two)


def test_a_broken_cache_lets_the_post_through(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(abuse.cache, "incr", broken)

    assert post(client).status_code == 200
    assert post(client).status_code == 200
    assert post(client).status_code == 200


@pytest.mark.parametrize(
    ("rate", "expected"), [("5/m", (5, 60)), ("100/h", (100, 3600)), ("3/10m", (3, 600))]
)
def test_rates_are_read_as_count_per_period(rate, expected):
    assert parse_rate(rate) == expected


def test_the_switch_turns_every_limit_off(client, settings):
    settings.RATE_LIMIT_ENABLED = False

    assert [post(client).status_code for _i in range(5)] == [200] * 5


def test_a_malformed_rate_is_refused():
    with pytest.raises(ValueError):
        parse_rate("five per minute")
