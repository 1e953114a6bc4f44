"""Journey 4: an editor changes the mission in the Wagtail admin, and visitors see it.

The Wagtail admin needs JavaScript; the visitor's check runs in a fresh, script-free
context with no session, as an anonymous reader meets the page.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from lejerbo_site.models import MissionPage

pytestmark = pytest.mark.browser

NEW_STATEMENT = "Lejerbos mission er at skabe rum for fællesskab, tryghed og ærlighed"


@pytest.fixture
def editor(site_url):
    return get_user_model().objects.create_superuser(
        "redaktor", "redaktor@example.org", "hemmeligt-ord-1"
    )


def test_editor_publishes_a_new_mission_statement_that_visitors_then_read(new_context, editor):
    admin = new_context(javascript=True).new_page()
    admin.goto("/admin/login/")
    # Field names, not labels: the admin's wording follows Wagtail's own translations.
    admin.locator("input[name=username]").fill("redaktor")
    admin.locator("input[name=password]").fill("hemmeligt-ord-1")
    admin.locator("form button[type=submit]").click()
    admin.wait_for_url("**/admin/")

    mission = MissionPage.objects.get()
    admin.goto(f"/admin/pages/{mission.pk}/edit/")
    statement = admin.locator("input[name=statement]")
    expect(statement).to_have_value("Lejerbos mission er at skabe ”rum for liv”")
    statement.fill(NEW_STATEMENT)

    # "Publish" sits in the footer's action menu, behind the "More actions" toggle.
    actions = admin.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    publish = admin.locator("button[name=action-publish]")
    expect(publish).to_be_visible()
    publish.click()
    admin.wait_for_url(f"**/admin/pages/{mission.get_parent().pk}/")

    visitor = new_context().new_page()
    visitor.goto("/mission/")
    expect(visitor.get_by_role("main")).to_contain_text(NEW_STATEMENT)
    expect(visitor.get_by_role("main")).not_to_contain_text("rum for liv")
