"""A new visitor finds what is open from any home page, on any screen, and every page
ends with the same footer links."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, PUBLIC_PAGES

pytestmark = pytest.mark.browser

HOMES = {"da": "/", "nb": "/nb/", "en": "/en/"}
ANSWER = {"da": "Besvar undersøgelsen", "nb": "Svar på undersøkelsen", "en": "Answer the survey"}
FOOTER_LINKS = {
    "da": ("Privatlivspolitik", "Tilgængelighedserklæring"),
    "nb": ("Personvernerklæring", "Tilgjengelighetserklæring"),
    "en": ("Privacy notice", "Accessibility statement"),
}
DEMO_EVENT = re.compile(r"^Prøvearrangement \(demo\)")


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_open_survey_and_next_event_are_two_clicks_from_each_home_page(page, language):
    page.goto(HOMES[language])
    page.get_by_role("link", name=re.compile(ANSWER[language])).first.click()
    expect(page).to_have_url(re.compile(r"/survey/kartlegging-medvirkning-demo/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Demo")

    page.goto(HOMES[language])
    page.get_by_role("main").get_by_role("link", name=DEMO_EVENT).first.click()
    expect(page).to_have_url(re.compile(r"/events/provearrangement-demo/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_EVENT)


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_main_menu_reaches_the_surveys_and_the_events(page, language):
    page.goto(HOMES[language])
    menu = page.locator("#main-menu")
    menu.get_by_role(
        "link",
        name={
            "da": "Aktuelle undersøgelser",
            "nb": "Aktuelle undersøkelser",
            "en": "Current surveys",
        }[language],
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("main").get_by_role("link", name=re.compile("Demo")).first.click()
    expect(page).to_have_url(re.compile(r"/survey/kartlegging-medvirkning-demo/"))


def test_no_public_page_is_wider_than_a_phone(new_context):
    page = new_context(viewport=PHONE).new_page()
    too_wide = []
    for _name, url, _lang in PUBLIC_PAGES:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{url}: {width}px")
    assert not too_wide, "wider than 390px: " + ", ".join(too_wide)


def test_every_public_page_ends_with_the_footer_links(page):
    missing = []
    for _name, url, lang in PUBLIC_PAGES:
        page.goto(url)
        footer = page.get_by_role("contentinfo")
        for name in FOOTER_LINKS[lang]:
            if footer.get_by_role("link", name=name).count() != 1:
                missing.append(f"{url}: {name}")
    assert not missing, "footer link missing: " + ", ".join(missing)
