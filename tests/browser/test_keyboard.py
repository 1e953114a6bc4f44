"""Keyboard users: the skip link comes first and works, and focus is always visible."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Elements reachable with Tab, in document order (tabindex="-1" is reachable only by script).
FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]),"
    " select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])"
)
# What makes focus visible: the outline and box-shadow, read from the computed style.
FOCUS_STYLE = """e => {
    const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
}"""


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
    # Number the rendered focusable elements (display:none ones, such as the phone menu
    # toggler at desktop width, cannot take focus) and note their unfocused look.
    unfocused = page.evaluate(
        """([selector, styleOf]) => {
            const style = eval(styleOf);
            const shown = [...document.querySelectorAll(selector)]
                .filter(e => e.getClientRects().length > 0);
            shown.forEach((e, i) => { e.dataset.focusIndex = i; });
            return shown.map(style);
        }""",
        [FOCUSABLE, FOCUS_STYLE],
    )
    assert len(unfocused) > 5

    reached = set()
    for _ in unfocused:
        page.keyboard.press("Tab")
        index, focused_style, element = page.evaluate(
            """styleOf => {
                const e = document.activeElement;
                return [Number(e.dataset.focusIndex ?? -1), eval(styleOf)(e),
                        e.outerHTML.slice(0, 120)];
            }""",
            FOCUS_STYLE,
        )
        assert index >= 0, f"Tab reached an element the test did not expect: {element}"
        assert focused_style != unfocused[index], f"no visible focus on {element}"
        reached.add(index)
    assert reached == set(range(len(unfocused))), "some elements cannot be reached with Tab"
