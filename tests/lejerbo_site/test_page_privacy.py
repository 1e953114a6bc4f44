"""Pages a visitor may not see are never found: not by search, not in sitemap.xml."""

import pytest
from wagtail.models import PageViewRestriction

from lejerbo_site.models import StandardPage

WORD = "kloakrenovering"  # only in these pages' bodies: not in a title, menu or intro


def _page(parent, slug, *, publish=True):
    page = parent.add_child(
        instance=StandardPage(
            title=slug.capitalize(),
            slug=slug,
            body=[("paragraph", f"<p>Om {WORD} i afdelingen.</p>")],
        )
    )
    if publish:
        page.save_revision().publish()
    else:
        page.unpublish()
    return page


@pytest.fixture
def pages(home_page):
    """A public page, a page for signed-in people, a password page below it, a draft."""
    public = _page(home_page, "offentlig")
    members = _page(home_page, "medlemmer")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    below = _page(members, "under-medlemmer")
    secret = _page(home_page, "hemmelig")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    draft = _page(home_page, "kladde", publish=False)
    return {"public": public, "members": members, "below": below, "secret": secret, "draft": draft}


@pytest.mark.django_db
def test_search_finds_a_public_page_by_a_word_in_its_body(client, pages):
    response = client.get("/search/", {"q": WORD})

    assert [page.pk for page in response.context["search_results"]] == [pages["public"].pk]
    assert "1 resultat" in response.content.decode()


@pytest.mark.django_db
def test_sitemap_lists_public_pages_only(client, pages):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/offentlig/</loc>" in sitemap
    assert "<loc>http://testserver/</loc>" in sitemap
    for name in ("medlemmer", "medlemmer/under-medlemmer", "hemmelig", "kladde"):
        assert f"/{name}/" not in sitemap
