"""Each public page is served in a bounded number of queries, whatever the amount of content."""

import datetime as dt

import pytest
from django.core.cache import cache

from lejerbo_site.models import NewsIndexPage, NewsPage

# Measured on the loaded site with nothing kept (the chrome and footer built afresh, as
# after a publish: 37 at most); a page that starts querying per item will blow it (the
# count is the same with 25 more articles).
PAGE_BUDGET = 37
# Rendered again for a visitor the page caches pass (a session cookie), the chrome's
# fragments kept: the session, Wagtail's routing (site, locale, page, two for view
# restrictions) and the page's own content; nothing for menus, language links, footer
# or the home page's lists.
BYPASS_BUDGET = {"/": 6, "/nb/": 7, "/mission/": 8, "/nyheder/": 14}
URLS = [
    "/",
    "/mission/",
    "/grundlag/",
    "/visioner-2010-2013/",
    "/nyheder/",
    "/nb/",
    "/nb/nyheter/",
    "/nb/nyheter/kunnskap-om-leieboermedvirkning/",
    "/nb/leieboermedvirkning/",
    "/en/",
    "/search/?q=boliger",
]


def add_news(count):
    for locale in ("da", "nb"):
        index = NewsIndexPage.objects.get(locale__language_code=locale)
        for number in range(count):
            index.add_child(
                instance=NewsPage(title=f"Nyhed {number}", date=dt.date(2024, 1, 1), intro="x")
            ).save_revision().publish()


@pytest.mark.django_db
@pytest.mark.parametrize("extra_articles", [0, 25])
def test_public_pages_stay_within_the_query_budget(
    client, site_content, django_assert_max_num_queries, extra_articles
):
    add_news(extra_articles)
    for url in URLS:
        client.get(url)  # warm Wagtail's own caches (site root paths)
        cache.clear()  # nothing kept: the page as the first visitor after a change gets it
        with django_assert_max_num_queries(PAGE_BUDGET):
            assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", BYPASS_BUDGET)
def test_a_page_rendered_again_asks_only_for_itself(
    client, site_content, django_assert_max_num_queries, url
):
    add_news(25 if url == "/nyheder/" else 0)
    for _ in range(2):  # the first render creates the site settings, a change
        client.cookies["sessionid"] = "not-signed-in"
        client.get(url)
    client.cookies["sessionid"] = "not-signed-in"
    with django_assert_max_num_queries(BYPASS_BUDGET[url]):
        response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
