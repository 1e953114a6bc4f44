"""Journey 1: a visitor reads the site by following its links, searches, switches language.

Runs without JavaScript: every link, the search form and the language switch are plain HTML.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, site_content_data

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def main_menu(page, name="Hovedmenu"):
    return page.get_by_role("navigation", name=name)


def footer_languages(page, name):
    """The language switch, at the top of every page."""
    return page.get_by_role("banner").get_by_role("navigation", name=name)


def test_visitor_walks_from_home_to_the_project_page_in_three_languages(page):
    content = site_content_data()

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(heading(page)).to_have_text("Lejerbo")

    main_menu(page).get_by_role("link", name="Mission").click()
    expect(page).to_have_url(re.compile(r"/mission/$"))
    expect(heading(page)).to_have_text("Mission")
    expect(page.get_by_role("main")).to_contain_text(content["mission"]["statement"])

    main_menu(page).get_by_role("link", name="Grundlag").click()
    expect(page).to_have_url(re.compile(r"/grundlag/$"))
    expect(page.get_by_role("main")).to_contain_text(content["foundation"]["organisation_kind"])
    expect(page.get_by_role("main")).to_contain_text(content["foundation"]["core_tasks"][0])

    main_menu(page).get_by_role("link", name="Visioner 2010-2013").click()
    expect(page).to_have_url(re.compile(r"/visioner-2010-2013/$"))
    themes = [theme["title"] for theme in content["vision"]["themes"]]
    assert len(themes) == 4
    for title in themes:
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()

    # Back to the front page through the breadcrumb trail, then on to the news.
    page.get_by_role("navigation", name="Brødkrummesti").get_by_role("link", name="Lejerbo").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(heading(page)).to_have_text("Lejerbo")
    main_menu(page).get_by_role("link", name="Nyheder").click()
    expect(page).to_have_url(re.compile(r"/nyheder/$"))
    expect(heading(page)).to_have_text("Nyheder")

    # The Norwegian news are one click away in the footer's language switch.
    footer_languages(page, "Sprog").get_by_role("link", name="norsk bokmål").click()
    expect(page).to_have_url(re.compile(r"/nb/nyheter/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(heading(page)).to_have_text("Nyheter")

    article = content["article"]
    page.get_by_role("main").get_by_role("link", name=article["title"]).click()
    expect(page).to_have_url(re.compile(rf"/nb/nyheter/{article['slug']}/$"))
    expect(heading(page)).to_have_text(article["title"])
    expect(page.get_by_role("link", name="lenke til undersøkelsen")).to_have_attribute(
        "href", "/survey/kartlegging-medvirkning/"
    )

    project = content["project"]
    page.get_by_role("main").get_by_role("link", name=project["title"]).click()
    expect(page).to_have_url(re.compile(rf"/nb/{project['slug']}/$"))
    expect(heading(page)).to_have_text(project["title"])
    expect(page.get_by_role("main")).to_contain_text(project["contact_name"])
    expect(page.get_by_role("main")).to_contain_text(project["anonymity"])

    page.get_by_role("navigation", name="Brødsmulesti").get_by_role("link", name="Lejerbo").click()
    expect(page).to_have_url(re.compile(r"/nb/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nb")

    footer_languages(page, "Språk").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    main_menu(page, "Main navigation").get_by_role("link", name="News").click()
    expect(page).to_have_url(re.compile(r"/en/news/$"))
    expect(heading(page)).to_have_text("News")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_visitor_finds_the_foundation_page_with_the_search_form(page):
    page.goto("/mission/")
    search = page.get_by_role("search")
    search.get_by_role("searchbox", name="Søg på webstedet").fill("boligkvalitet")
    search.get_by_role("button", name="Søg").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=boligkvalitet$"))
    expect(page.get_by_role("status")).to_contain_text("boligkvalitet")
    page.get_by_role("main").get_by_role("link", name="Grundlag").click()
    expect(page).to_have_url(re.compile(r"/grundlag/$"))
    expect(heading(page)).to_have_text("Grundlag")


def test_visitor_on_a_phone_without_javascript_still_sees_the_menu_and_search(new_context):
    # Bootstrap hides the collapsed menu until its script opens it; without scripts
    # the site must show it, or phone visitors could neither navigate nor search.
    page = new_context(viewport=PHONE).new_page()
    page.goto("/")
    menu = main_menu(page)
    expect(menu.get_by_role("link", name="Mission")).to_be_visible()
    expect(menu.get_by_role("searchbox", name="Søg på webstedet")).to_be_visible()
    menu.get_by_role("link", name="Nyheder").click()
    expect(page).to_have_url(re.compile(r"/nyheder/$"))
