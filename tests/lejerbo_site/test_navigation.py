"""The navigation (menus, listings, language links) is built once per page-tree
version, by the process that changed the tree, and only a change to the tree
replaces it."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction, Site

from lejerbo_site.models import HomePage, MissionPage, NewsIndexPage
from participation.services import registration_create
from tests.participation.factories import EventFactory


@pytest.fixture(autouse=True)
def empty_cache(client, site_content):
    client.get("/")  # creates the site settings row, which itself changes the tree
    cache.clear()


def menu_links(html):
    menu = html.split('id="main-menu"', 1)[1].split("</ul>", 1)[0]
    return [part.split('"', 1)[0] for part in menu.split('href="')[1:]]


@pytest.mark.django_db
def test_a_publish_builds_the_navigation_so_the_next_visitor_only_waits_for_routing(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client.get("/")  # this process has served the site before
    mission = MissionPage.objects.get()
    mission.title = "Vores mission i dag"
    with django_capture_on_commit_callbacks(execute=True):
        mission.save_revision().publish()

    # Routing: the home page as its own type, and the active locale. The site, menus,
    # listings, settings and the pages' view restrictions are known. Since issue 14
    # the home page also reads what is open now (open surveys, upcoming events: they
    # change without a publish) and, once per tree version, the footer's pages
    # (accessibility statement, project contacts) and the latest news: 6 more.
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert html.count("Vores mission i dag") == 2  # in the menu and among the sections


@pytest.mark.django_db
def test_a_sign_up_retires_cached_pages_but_keeps_the_navigation(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client.get("/mission/")
    assert client.get("/mission/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            event=EventFactory(),
            name="Anne Hansen",
            email="anne@example.no",
            organisation="Bergen kommune",
            organisation_type="municipality",
            municipality="Bergen",
            consent=True,
        )

    # Wagtail routing the page (the locale, the child, its own type), nothing else.
    with django_assert_max_num_queries(3):
        response = client.get("/mission/")
    assert response["X-Page-Cache"] == "miss"
    assert "/mission/" in menu_links(response.content.decode())


@pytest.mark.django_db
def test_a_page_made_private_is_no_longer_served_or_listed_from_the_cache(
    client, django_capture_on_commit_callbacks
):
    assert client.get("/mission/").status_code == 200
    assert "/mission/" in menu_links(client.get("/").content.decode())
    assert client.get("/")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=MissionPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
        )

    response = client.get("/mission/")
    assert response.status_code == 302
    assert "/mission/" not in menu_links(client.get("/").content.decode())


@pytest.mark.django_db
def test_a_process_that_finds_no_navigation_builds_it_from_the_tree(client):
    mission = MissionPage.objects.get()
    mission.title = "Mission uden signal"
    mission.save_revision().publish()  # its after-commit build never runs in this test
    cache.clear()  # as after a cache server restart

    html = client.get("/").content.decode()
    assert "Mission uden signal" in html
    assert "/mission/" in menu_links(html)


@pytest.mark.django_db
def test_a_page_below_a_private_page_is_private_too(client, django_capture_on_commit_callbacks):
    url = "/nb/nyheter/kunnskap-om-leieboermedvirkning/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=NewsIndexPage.objects.get(locale__language_code="nb"),
            restriction_type=PageViewRestriction.PASSWORD,
            password="hemmelig",
        )

    response = client.get(url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()  # Wagtail's password form
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_a_site_given_another_root_page_serves_it_at_once(
    client, django_capture_on_commit_callbacks
):
    client.get("/")  # this process now knows the site and its root page
    site = Site.objects.get(is_default_site=True)
    site.root_page = MissionPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        site.save()

    html = client.get("/").content.decode()
    assert MissionPage.objects.get().statement in html


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "language"), [("/", "da"), ("/nb/", "nb")])
def test_a_home_page_published_anew_is_served_anew(
    client, django_capture_on_commit_callbacks, url, language
):
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        MissionPage.objects.get().save_revision().publish()
    client.get(url)  # the home page, unchanged by that publish, is kept in this process
    home = HomePage.objects.get(locale__language_code=language)
    home.intro = "En ny indledning"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()

    assert "En ny indledning" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_private_home_page_in_another_language_stays_private(
    client, django_capture_on_commit_callbacks
):
    assert client.get("/nb/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=HomePage.objects.get(locale__language_code="nb"),
            restriction_type=PageViewRestriction.LOGIN,
        )

    assert client.get("/nb/").status_code == 302


@pytest.mark.django_db
def test_serving_a_public_page_leaves_no_mark_on_its_restrictions(client):
    client.get("/mission/", headers={"cookie": "sessionid=abc"})  # rendered, not cached
    mission = MissionPage.objects.get()
    PageViewRestriction.objects.create(page=mission, restriction_type=PageViewRestriction.LOGIN)

    # What the admin and any other code asks afterwards is Wagtail's own answer.
    assert mission.get_view_restrictions().count() == 1
