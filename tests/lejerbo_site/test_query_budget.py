"""Each public page is served in a bounded number of queries, whatever the amount of content."""

import datetime as dt

import pytest
from django.core.cache import cache

from lejerbo_site.models import NewsIndexPage, NewsPage

# Measured on the loaded site with nothing kept (the chrome and footer built afresh, as
# after a publish, and the home pages' open surveys and events: 36 at most); a page that
# starts querying per item will blow it (the count is the same with 25 more articles).
PAGE_BUDGET = 38
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
