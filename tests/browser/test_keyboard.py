"""Keyboard users: the skip link comes first and works, and focus is always visible."""

import pytest
from playwright.sync_api import expect

from tests.browser.forms import focused_element, mark_focus_baseline

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("url", ["/", "/nb/nyheter/kunnskap-om-leieboermedvirkning/", "/en/"])
def test_first_tab_reaches_a_visible_skip_link_that_moves_focus_to_the_content(js_page, url):
    page = js_page
    page.goto(url)
    skip_link = page.locator("a.skip-link")
    hidden_box = skip_link.bounding_box()

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    # Visually hidden until focused (a 1px clip), then a real, readable box on screen.
    assert hidden_box["width"] <= 1 and box["width"] > 40 and box["height"] > 20
    assert box["x"] >= 0 and box["y"] >= 0

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    assert page.url.endswith("#main")


def test_every_focusable_element_on_the_home_page_shows_where_focus_is(js_page):
    page = js_page
    page.goto("/")
    unfocused = mark_focus_baseline(page)
    assert len(unfocused) > 5

    reached = set()
    for _ in unfocused:
        page.keyboard.press("Tab")
        now = focused_element(page)
        assert now["index"] >= 0, f"Tab reached an element the test did not expect: {now['html']}"
        assert now["style"] != unfocused[now["index"]], f"no visible focus on {now['html']}"
        reached.add(now["index"])
    assert reached == set(range(len(unfocused))), "some elements cannot be reached with Tab"
