"""Cached pages are answered before sessions and Wagtail run, with the headers the
page had when it was rendered."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def empty_cache(client, site_content):
    from django.core.cache import cache

    client.get("/")
    cache.clear()


@pytest.mark.django_db
def test_a_cached_page_keeps_its_security_headers(client, site_content):
    miss = client.get("/mission/")
    hit = client.get("/mission/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Content-Type",
        "Content-Language",
        "ETag",
        "Cache-Control",
        "Permissions-Policy",
    ):
        assert hit[header] == miss[header], header
    assert hit.content == miss.content


@pytest.mark.django_db
def test_a_signed_in_editor_never_gets_the_anonymous_copy(client, site_content):
    client.get("/mission/")
    client.get("/mission/")  # cached now
    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "x" * 12)
    client.force_login(editor)
    response = client.get("/mission/")
    assert "X-Page-Cache" not in response
    assert "wagtail-userbar" in response.content.decode() or "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_form_post_to_a_page_address_is_never_answered_from_the_cache(client, site_content):
    client.get("/mission/")
    assert "X-Page-Cache" not in client.post("/mission/", {})
