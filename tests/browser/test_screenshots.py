"""Screenshots of every public page, and of the survey and sign-up forms in each state,
at phone and desktop width, for people to look at.

Saved to test-artifacts/screenshots/<page>-<width>.png (git-ignored). The pages are
taken with JavaScript on, as most visitors see them.
"""

import pytest
from PIL import Image

from tests.browser.helpers import DESKTOP, PHONE, PUBLIC_PAGES, save_screenshot
from tests.browser.journeys import answer_survey, open_demo_event, sign_up, sign_up_with_mistakes

pytestmark = pytest.mark.browser


def test_every_public_page_is_photographed_at_phone_and_desktop_width(new_context):
    page = new_context(javascript=True).new_page()
    saved = []
    for name, url, _lang in PUBLIC_PAGES:
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.goto(url)
            saved.append((save_screenshot(page, name), viewport))

    for path, viewport in saved:
        with Image.open(path) as image:
            assert image.size == (viewport["width"], viewport["height"]), path
            # A blank page would be one colour; a rendered one has text and a header.
            assert len(image.getcolors(maxcolors=1_000_000) or []) > 10, path


def test_survey_and_sign_up_pages_are_photographed_at_phone_and_desktop_width(new_context):
    page = new_context(javascript=True).new_page()
    saved = []

    def shoot(name):
        # One walk, both widths: the page is laid out again without reloading it.
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            saved.append((save_screenshot(page, name), viewport))

    answer_survey(page, check=lambda page, state: shoot(f"nb-survey-{state}"))
    open_demo_event(page)
    shoot("nb-event-sign-up")
    sign_up_with_mistakes(page)
    shoot("nb-event-sign-up-errors")
    sign_up(page, name="Åse Ærø Østby", email="ase@example.org")
    shoot("nb-event-signed-up")

    assert len(saved) == 2 * 7  # four survey states, three sign-up states
    for path, viewport in saved:
        with Image.open(path) as image:
            assert image.size == (viewport["width"], viewport["height"]), path
            assert len(image.getcolors(maxcolors=1_000_000) or []) > 10, path


def test_readme_screenshots_show_home_event_survey_and_the_phone_menu(new_context):
    """The pictures in docs/screenshots (copied from test-artifacts by hand after a look)."""
    saved = []
    for viewport in (DESKTOP, PHONE):
        page = new_context(javascript=True, viewport=viewport).new_page()
        page.goto("/")
        saved.append(save_screenshot(page, "docs-home"))
        page.goto("/events/provearrangement-demo/")
        saved.append(save_screenshot(page, "docs-event"))
        page.goto("/survey/kartlegging-medvirkning-demo/")
        saved.append(save_screenshot(page, "docs-survey"))
        if viewport is PHONE:
            page.goto("/nb/")
            page.get_by_role("button", name="Vis eller skjul menyen").click()
            page.locator("#main-menu.show").wait_for()
            page.wait_for_timeout(400)  # the collapse animation
            saved.append(save_screenshot(page, "docs-menu"))
    assert len(saved) == 7
    for path in saved:
        with Image.open(path) as image:
            assert len(image.getcolors(maxcolors=1_000_000) or []) > 10, path
