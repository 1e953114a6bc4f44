"""axe-core (WCAG 2.1 A and AA) finds nothing on any public page, in any language,
at desktop or phone width, and every form field's border stands out (1.4.11, 3:1).

One test per language keeps the suite fast (the content is loaded once per test) while
the failure message still names every page, rule, help text and offending element.
"""

import pytest

from tests.browser.helpers import (
    DESKTOP,
    PHONE,
    PUBLIC_PAGES,
    axe_violations,
    describe_violations,
    low_contrast_borders,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_public_pages_have_no_wcag_violations(new_context, language):
    page = new_context(javascript=True).new_page()  # axe-core runs as a script
    failures = []
    for _name, url, lang in PUBLIC_PAGES:
        if lang != language:
            continue
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == lang, url
            violations = axe_violations(page)
            width = viewport["width"]
            if violations:
                failures.append(f"{url} at {width}px:\n{describe_violations(violations)}")
            for html, ratio in low_contrast_borders(page):
                failures.append(f"{url} at {width}px: border contrast {ratio}:1 on {html}")
    assert not failures, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)
