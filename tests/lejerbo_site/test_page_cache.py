import pytest
from django.contrib.auth import get_user_model

from lejerbo_site.models import MissionPage, OrganisationProfile


@pytest.fixture(autouse=True)
def empty_cache(client, site_content):
    from django.core.cache import cache

    # The first request creates the site settings row, which itself retires the cache.
    client.get("/")
    cache.clear()


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, site_content, django_assert_num_queries
):
    assert client.get("/mission/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/mission/")
    assert response["X-Page-Cache"] == "hit"
    assert "rum for liv" in response.content.decode()
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_publishing_a_page_shows_the_new_version_to_the_next_anonymous_visitor(
    client, site_content
):
    client.get("/mission/")
    mission = MissionPage.objects.get()
    mission.statement = "En helt ny mission"
    mission.save_revision().publish()
    response = client.get("/mission/")
    assert response["X-Page-Cache"] == "miss"
    assert "En helt ny mission" in response.content.decode()


@pytest.mark.django_db
def test_unpublishing_a_page_removes_it_for_anonymous_visitors(client, site_content):
    client.get("/mission/")
    MissionPage.objects.get().unpublish()
    assert client.get("/mission/").status_code == 404


@pytest.mark.django_db
def test_changing_a_snippet_refreshes_the_pages_that_show_it(client, site_content):
    url = "/nb/nyheter/kunnskap-om-leieboermedvirkning/"
    client.get(url)
    profile = OrganisationProfile.objects.get(name="VID")
    profile.description = "Ny beskrivelse av VID."
    profile.save()
    assert "Ny beskrivelse av VID." in client.get(url).content.decode()


@pytest.mark.django_db
def test_signed_in_editors_always_get_a_fresh_page_that_browsers_do_not_keep(client, site_content):
    editor = get_user_model().objects.create_superuser("e", "e@example.org", "x" * 12)
    client.get("/mission/")  # cached for anonymous visitors
    client.force_login(editor)
    response = client.get("/mission/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_no_cached_page_carries_a_csrf_token_or_sets_a_cookie(client, site_content):
    for url in ("/", "/mission/", "/nb/leieboermedvirkning/", "/nyheder/"):
        first = client.get(url)
        second = client.get(url)
        assert second["X-Page-Cache"] == "hit"
        assert "csrfmiddlewaretoken" not in second.content.decode()
        assert not first.cookies and not second.cookies


@pytest.mark.django_db
def test_arbitrary_query_strings_are_not_cached(client, site_content):
    response = client.get("/mission/", {"utm_source": "x"})
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_unchanged_page_answers_a_conditional_request_with_304(client, site_content):
    etag = client.get("/mission/")["ETag"]
    assert client.get("/mission/", headers={"if-none-match": etag}).status_code == 304


@pytest.mark.django_db
def test_a_page_whose_policy_carries_a_nonce_is_never_replayed(client, site_content, monkeypatch):
    from lejerbo_site import page_cache

    calls = []
    real = page_cache.PageCacheHitMiddleware._storable

    def storable(request, response):
        response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc123'"
        calls.append(response)
        return real(request, response)

    monkeypatch.setattr(page_cache.PageCacheHitMiddleware, "_storable", staticmethod(storable))
    client.get("/mission/")
    assert calls
    assert client.get("/mission/").get("X-Page-Cache") != "hit"
