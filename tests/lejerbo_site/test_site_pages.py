import datetime as dt

import pytest

from lejerbo_site.models import NewsIndexPage, NewsPage


@pytest.mark.django_db
def test_navigation_lists_the_sections_of_the_home_page(client, site_content):
    html = client.get("/").content.decode()
    for title in ("Mission", "Grundlag", "Visioner 2010-2013", "Nyheder"):
        assert f">{title}</a>" in html


@pytest.mark.django_db
def test_language_switch_links_to_the_same_page_in_other_languages(client, site_content):
    html = client.get("/nyheder/").content.decode()
    assert 'href="/nb/nyheter/"' in html and 'href="/en/news/"' in html


@pytest.mark.django_db
def test_search_without_hits_says_so(client, site_content):
    html = client.get("/search/", {"q": "xyzzy"}).content.decode()
    assert "Intet fundet" in html


@pytest.mark.django_db
def test_sitemap_and_robots_list_the_pages(client, site_content):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/nb/leieboermedvirkning/" in sitemap and "/mission/" in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots


@pytest.mark.django_db
def test_unknown_address_gets_a_friendly_404(client, site_content):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in response.content.decode()


@pytest.mark.django_db
def test_news_index_pages_and_offers_an_atom_feed(client, site_content):
    index = NewsIndexPage.objects.get(locale__language_code="da")
    for number in range(12):
        index.add_child(
            instance=NewsPage(title=f"Nyhed {number}", date=dt.date(2024, 1, number + 1))
        ).save_revision().publish()
    first = client.get("/nyheder/").content.decode()
    assert "Nyhed 11" in first and "Nyhed 1<" not in first and "Side 1 af 2" in first
    second = client.get("/nyheder/?page=2").content.decode()
    assert "Nyhed 0" in second
    feed = client.get("/nyheder/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Nyhed 11" in feed.content.decode()


@pytest.mark.django_db
def test_a_new_section_appears_in_the_menu_of_every_page_at_once(client, site_content):
    from lejerbo_site.models import HomePage, StandardPage

    client.get("/mission/")  # menus built and cached
    home = HomePage.objects.get(locale__language_code="da")
    home.add_child(
        instance=StandardPage(title="Beboerdemokrati", slug="beboerdemokrati", show_in_menus=True)
    ).save_revision().publish()
    for url in ("/mission/", "/"):
        assert ">Beboerdemokrati</a>" in client.get(url).content.decode()


@pytest.mark.django_db
def test_renaming_a_page_renames_it_in_the_breadcrumbs_of_its_children(client, site_content):
    url = "/nb/nyheter/kunnskap-om-leieboermedvirkning/"
    client.get(url)
    index = NewsIndexPage.objects.get(locale__language_code="nb")
    index.title = "Aktuelt"
    index.save_revision().publish()
    assert '<a href="/nb/nyheter/">Aktuelt</a>' in client.get(url).content.decode()
