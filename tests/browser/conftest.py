"""Drive the running site in Debian's headless Chromium with Playwright (sync API).

One browser per test session; each test gets fresh browser contexts (cookies, storage)
against pytest-django's `live_server`, with the site content loaded as `make run` does.
When /usr/bin/chromium is missing every browser test is skipped, and the end of the
run says so. Playwright's own browser downloads (`playwright install`) are never used.
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.browser.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CHROMIUM_MISSING,
    DESKTOP,
    chromium_installed,
)

# Playwright's sync API keeps an event loop running in this thread, and Django refuses
# synchronous ORM calls while a loop runs. The test thread never awaits anything, so the
# guard protects nothing here; this is set for the browser tests only.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_DIR = Path(__file__).resolve().parent


def _is_browser_test(item) -> bool:
    return BROWSER_DIR in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config, items):
    """Skip (before any fixture runs) every browser test when Chromium is missing."""
    if chromium_installed():
        return
    skip = pytest.mark.skip(reason=CHROMIUM_MISSING)
    for item in items:
        if _is_browser_test(item):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """Say clearly whether the browser tests ran (`make test` output)."""
    if chromium_installed():
        terminalreporter.write_sep("-", f"browser tests ran in {CHROMIUM}")
    else:
        terminalreporter.write_sep(
            "!", f"browser tests SKIPPED: {CHROMIUM_MISSING}", yellow=True, bold=True
        )


# -- the browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site_url(transactional_db, live_server):
    """The live site's base URL, with the content of `make run` loaded."""
    # The cache outlives the flushed database: no page cached by an earlier test, and
    # no rate-limit count from one (the browser always comes from 127.0.0.1).
    cache.clear()
    _ensure_wagtail_root()
    call_command("load_site_content", verbosity=0)
    # The real survey and events are past: the journeys use the demo copies `make run` makes.
    call_command("load_demo_content", verbosity=0)
    return live_server.url


def _ensure_wagtail_root():
    """Transactional tests flush the database, including the tree root that Wagtail's
    migrations create; put it back so the content can be loaded again."""
    from wagtail.models import Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code="da")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))


@pytest.fixture
def new_context(browser, site_url):
    """Factory for browser contexts on the live site; all are closed after the test.

    JavaScript is OFF unless asked for: the public pages must work without it.
    """
    contexts = []

    def make(*, javascript=False, viewport=DESKTOP, locale="da-DK"):
        context = browser.new_context(
            base_url=site_url,
            java_script_enabled=javascript,
            viewport=viewport,
            locale=locale,
            # The strict Content-Security-Policy planned for the site must not stop axe.
            bypass_csp=javascript,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a JavaScript-free context, as a visitor without scripts meets the site."""
    return new_context().new_page()


@pytest.fixture
def js_page(new_context):
    """A page with JavaScript enabled (the Wagtail admin, axe-core, focus checks)."""
    return new_context(javascript=True).new_page()
