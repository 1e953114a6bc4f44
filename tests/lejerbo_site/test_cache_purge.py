"""A change purges, right after its commit, the addresses of exactly the pages it alters."""

import pytest
from wagtail.models import PageViewRestriction

from lejerbo_site.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db
EVERY_PAGE = {
    "testserver/",
    "testserver/om-os/",
    "testserver/nyheder/",
    "testserver/nyheder/nyhed/",
}


def test_publishing_an_article_purges_it_its_listing_and_its_feed_but_no_other_page(
    small_site, purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        small_site["article"].save_revision().publish()
    assert purges == {
        "testserver/nyheder/nyhed/",
        "testserver/nyheder/",
        "testserver/nyheder/feed/",
        "testserver/nyheder/?page=1",
    }


def test_publishing_a_page_in_the_menu_purges_every_page(
    small_site, purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        small_site["about"].save_revision().publish()
    assert EVERY_PAGE <= purges


def test_unpublishing_an_article_purges_its_address_and_its_listing(
    small_site, purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        small_site["article"].unpublish()
    assert {"testserver/nyheder/nyhed/", "testserver/nyheder/"} <= purges
    assert "testserver/om-os/" not in purges


def test_moving_a_page_purges_its_old_and_new_address(
    small_site, purges, django_capture_on_commit_callbacks
):
    archive = small_site["news"].add_child(instance=NewsIndexPage(title="Arkiv", slug="arkiv"))
    archive.save_revision().publish()
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        small_site["article"].move(archive, pos="last-child")
    assert NewsPage.objects.get().url == "/nyheder/arkiv/nyhed/"
    assert {"testserver/nyheder/nyhed/", "testserver/nyheder/arkiv/nyhed/"} <= purges


def test_making_a_page_private_purges_it_and_everything_below_it(
    small_site, purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=small_site["news"], restriction_type="login")
    assert {"testserver/nyheder/", "testserver/nyheder/nyhed/"} <= purges
