import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command


@pytest.fixture
def site_content(db):
    """The whole site as `make run` loads it."""
    call_command("load_site_content", verbosity=0)


@pytest.fixture
def purges(settings):
    """A tiny HTTP cache stand-in: records every PURGE that Wagtail sends it.

    Returns the set of purged addresses ("host/path?query"); the app's own cache
    is purged as configured too.
    """
    received = set()

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 - the HTTP method's name
            received.add(self.headers["Host"] + self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        },
    }
    yield received
    server.shutdown()
    server.server_close()


@pytest.fixture
def small_site(home_page):
    """Home (Forside) > a page in the menu (Om os), and News > one article (Nyhed)."""
    import datetime as dt

    from lejerbo_site.models import NewsIndexPage, NewsPage, StandardPage

    def publish(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    about = publish(home_page, StandardPage(title="Om os", slug="om-os", show_in_menus=True))
    news = publish(home_page, NewsIndexPage(title="Nyheder", slug="nyheder", show_in_menus=True))
    article = publish(news, NewsPage(title="Nyhed", slug="nyhed", date=dt.date(2026, 1, 1)))
    return {"home": home_page, "about": about, "news": news, "article": article}
