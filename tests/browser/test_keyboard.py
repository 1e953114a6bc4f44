"""Keyboard users: the skip link comes first and works, focus is always visible, and the
survey and the sign-up form can be completed with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from surveys.models import Survey
from tests.browser.forms import (
    complete_with_keyboard,
    fill_visible_fields,
    focused_element,
    mark_focus_baseline,
)
from tests.browser.journeys import (
    SURVEY_SLUG,
    SURVEY_URL,
    demo_event,
    exactly,
    open_demo_event,
    press_next,
    survey_buttons,
    survey_form,
    tr,
)

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


def test_survey_can_be_answered_to_the_end_with_the_keyboard_alone(js_page):
    page = js_page
    page.goto(SURVEY_URL)
    steps = int(page.locator("main progress").get_attribute("max"))
    for number in range(1, steps + 1):
        expect(page.locator("main progress")).to_have_attribute("value", str(number))
        complete_with_keyboard(page, submit=survey_buttons("nb"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr("nb", "Thank you for your answers")
    )
    assert Survey.objects.get(slug=SURVEY_SLUG).responses.count() == 1


def test_enter_in_a_survey_text_box_moves_on_and_never_back(js_page):
    """The form's first submit button is what Enter presses; on a later step that must
    not be "Back" (a keyboard user would lose their place without noticing why)."""
    page = js_page
    page.goto(SURVEY_URL)
    fill_visible_fields(survey_form(page))
    press_next(page, "nb")
    expect(page.locator("main progress")).to_have_attribute("value", "2")

    page.locator("main input[type=text]").first.press("Enter")
    expect(page.get_by_role("main")).to_contain_text(tr("nb", "This field is required."))
    expect(page.locator("main progress")).to_have_attribute("value", "2")


def test_sign_up_form_can_be_completed_with_the_keyboard_alone(js_page, mailoutbox):
    page = js_page
    open_demo_event(page)
    complete_with_keyboard(page, submit=exactly(tr("nb", "Sign up")), email="tast@example.org")
    page.wait_for_url(re.compile(r"/result/"))
    expect(page.get_by_role("status")).to_contain_text(tr("nb", "You are registered"))
    assert demo_event().registrations.get().email == "tast@example.org"
    assert [message.to for message in mailoutbox] == [["tast@example.org"]]
