"""An editor changes a page's title and sees the draft in Wagtail's preview panel.

The panel shows the draft in an <iframe> of the admin; the public pages forbid every
frame (frame-ancestors 'none'), the preview allows only the admin's own origin. The
browser context here enforces the Content-Security-Policy (no `bypass_csp`), as an
editor's browser does.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from lejerbo_site.models import MissionPage
from tests.browser.helpers import DESKTOP

pytestmark = pytest.mark.browser

DRAFT_TITLE = "Vores mission (kladde til forhåndsvisning)"


@pytest.fixture
def editor(site_url):
    return get_user_model().objects.create_superuser(
        "redaktor", "redaktor@example.org", "hemmeligt-ord-1"
    )


@pytest.fixture
def admin_page(browser, site_url):
    context = browser.new_context(
        base_url=site_url, viewport=DESKTOP, locale="da-DK", java_script_enabled=True
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_preview_panel_shows_the_draft_title_not_an_error_page(admin_page, editor):
    admin = admin_page
    admin.goto("/admin/login/")
    admin.locator("input[name=username]").fill("redaktor")
    admin.locator("input[name=password]").fill("hemmeligt-ord-1")
    admin.locator("form button[type=submit]").click()
    admin.wait_for_url("**/admin/")

    mission = MissionPage.objects.get()
    admin.goto(f"/admin/pages/{mission.pk}/edit/")
    admin.locator("input[name=title]").fill(DRAFT_TITLE)

    admin.locator("button[data-side-panel-toggle=preview]").click()
    frame = admin.frame_locator("#w-preview-iframe")
    # A frame the browser refused shows its own error page, with no heading of ours.
    expect(frame.get_by_role("heading", level=1)).to_have_text(DRAFT_TITLE, timeout=30_000)
    expect(frame.locator("html")).to_have_attribute("lang", "da")

    # Nothing was published: visitors still see the old title.
    mission.refresh_from_db()
    assert mission.title != DRAFT_TITLE
