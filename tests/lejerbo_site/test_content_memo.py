"""What every page needs (site, settings, menus) is kept in each process per content
version: pages rendered without the page cache stay cheap, and never show stale data."""

import pytest
from django.core.cache import cache

from lejerbo_site.models import SiteSettings
from tests.lejerbo_site.test_query_budget import add_news

# A session cookie keeps the page cache out of the way: every page is rendered.
WITH_SESSION = {"cookie": "sessionid=abc123abc123abc123abc123abc123ab"}


@pytest.fixture(autouse=True)
def empty_cache(client, site_content):
    client.get("/")  # creates the site settings row, which itself retires the cache
    cache.clear()


def footer_name(client, url="/mission/"):
    html = client.get(url, headers=WITH_SESSION).content.decode()
    return html.split('id="footer-organisation" class="site-footer__heading">', 1)[1].split("<")[0]


@pytest.mark.django_db
def test_a_changed_setting_shows_on_the_next_rendered_page(client):
    assert footer_name(client) == SiteSettings.objects.get().organisation_name
    settings_row = SiteSettings.objects.get()
    settings_row.organisation_name = "Lejerbo Nord"
    settings_row.save()

    assert footer_name(client) == "Lejerbo Nord"


@pytest.mark.django_db
def test_a_cleared_cache_never_brings_back_what_a_process_remembers(client):
    footer_name(client)  # remembered in this process under the current version
    # A change no signal announces (a restore, a manual fix), then the cache
    # server restarts empty: the version must not come back as before.
    SiteSettings.objects.update(organisation_name="Efter genstart")
    cache.clear()

    assert footer_name(client) == "Efter genstart"


@pytest.mark.django_db
def test_a_change_made_in_another_process_shows_once_the_kept_copies_expire(client, monkeypatch):
    from lejerbo_site import page_cache

    # Without a shared cache this process never hears of a change made in another
    # one: what it keeps lives no longer than a cached page (here: not at all).
    monkeypatch.setattr(page_cache, "PAGE_SECONDS", 0)
    monkeypatch.setattr(page_cache, "_memo", {"version": None, "until": 0.0, "items": {}})
    assert footer_name(client) == SiteSettings.objects.get().organisation_name
    SiteSettings.objects.update(organisation_name="Ændret et andet sted")

    assert footer_name(client) == "Ændret et andet sted"


@pytest.mark.django_db
@pytest.mark.parametrize("extra_articles", [0, 25])
@pytest.mark.parametrize(
    ("url", "budget"),
    # The Norwegian news index also routes through the Norwegian home page and
    # lists one page of articles (a count and the articles).
    [("/", 6), ("/mission/", 6), ("/nb/nyheter/", 12)],
)
def test_a_rendered_page_needs_only_a_few_queries_once_its_version_is_known(
    client, django_assert_max_num_queries, extra_articles, url, budget
):
    add_news(extra_articles)
    client.get(url, headers=WITH_SESSION)  # the first page of this content version
    # Left: the session, the page itself and its view restrictions, as Wagtail routes it.
    with django_assert_max_num_queries(budget):
        response = client.get(url, headers=WITH_SESSION)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
