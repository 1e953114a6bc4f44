"""What a cache may keep, and what a change retires (the account: docs/performance.md).

Anonymous Wagtail pages are public (kept by Varnish, deploy/varnish/, and by
Django's cache middleware); private pages never. A change purges, after its
commit, the addresses of the pages it alters through wagtail.contrib.frontend_cache
(WAGTAILFRONTENDCACHE); the chrome's data is kept per page-tree version.
"""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.test import RequestFactory
from django.utils import translation
from django.utils.cache import _generate_cache_header_key, patch_cache_control, patch_vary_headers
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page

TREE_KEY = "lejerbo:tree-version"
# Every scheme://host the app's cache has stored pages under: a page is purged under
# each, also when visitors reach the site by another name than its Site's.
ORIGINS_KEY = "lejerbo:page-origins"
# Cookies that mean the page may differ for this visitor (the VCL passes them too).
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}


def tree_version(request):
    """The page tree's version (a random token per change), read once per request."""
    if not hasattr(request, "_tree_version"):
        cache = caches["default"]
        request._tree_version = cache.get(TREE_KEY)
        if request._tree_version is None:
            cache.add(TREE_KEY, uuid.uuid4().hex, timeout=None)
            request._tree_version = cache.get(TREE_KEY)
    return request._tree_version


def kept_for_tree(request, parts, build):
    """`build()` (plain, picklable data), kept in the cache until the page tree changes."""
    key = ":".join(["lejerbo:chrome", str(tree_version(request)), *map(str, parts)])
    return caches["default"].get_or_set(key, build, settings.PAGE_CACHE_SECONDS)


class PageCacheHeadersMiddleware:
    """Cache-Control and Vary of Wagtail pages. Put it outside LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve  # needs the models loaded; this module does not

        request._lejerbo_page = view_func is serve

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_lejerbo_page", False):
            if self._personal(request):
                patch_cache_control(response, private=True, no_store=True)
            elif response.status_code == 200:
                patch_cache_control(
                    response,
                    public=True,
                    max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
                    s_maxage=settings.PAGE_CACHE_SECONDS,
                )
                # A shared cache must never hand this copy to a signed-in editor.
                patch_vary_headers(response, ["Cookie"])
                origin = request.build_absolute_uri("/")[:-1]
                origins = caches["default"].get(ORIGINS_KEY) or set()
                if origin not in origins:
                    caches["default"].set(ORIGINS_KEY, origins | {origin}, timeout=None)
        if "public" in response.get("Cache-Control", ""):
            # Public pages are all under i18n_patterns(prefix_default_language=False):
            # LocaleMiddleware takes their language from the path alone, yet adds this
            # Vary to unprefixed ones, also to answers from the app's cache.
            vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
            response["Vary"] = ", ".join(v for v in vary if v.lower() != "accept-language")
        return response

    @staticmethod
    def _personal(request):
        if request.user.is_authenticated or PERSONAL_COOKIES & set(request.COOKIES):
            return True
        page = getattr(request, "_lejerbo_served_page", None)  # wagtail_hooks.py
        return page is None or page.get_view_restrictions().exists()


class AppCacheBackend(BaseBackend):
    """Purges the app's own page cache: it forgets which headers the address varies
    on, so every stored copy (one per Cookie header) is rendered again."""

    def purge_batch(self, urls):
        origins = caches["default"].get(ORIGINS_KEY) or set()
        keys = []
        for url in urls:
            parts = urlsplit(url)
            path = f"{parts.path}?{parts.query}" if parts.query else parts.path
            for origin in origins | {f"{parts.scheme}://{parts.netloc}"}:
                scheme, host = origin.split("://")
                request = RequestFactory().get(path, HTTP_HOST=host, secure=scheme == "https")
                # The key carries the language LocaleMiddleware gives the address.
                request.LANGUAGE_CODE = translation.get_language_from_path(parts.path) or (
                    settings.LANGUAGE_CODE
                )
                keys.append(
                    _generate_cache_header_key(settings.CACHE_MIDDLEWARE_KEY_PREFIX, request)
                )
        caches[settings.CACHE_MIDDLEWARE_ALIAS].delete_many(keys)

    def purge(self, url):
        self.purge_batch([url])


def purge(pages, *, tree=True):
    """Purge the addresses of `pages` after the commit, in this request (not on the task
    queue: a publish shows through the proxy within a second); a new tree version too."""
    batch = PurgeBatch()
    batch.add_pages(pages)
    urls = sorted(batch.urls)

    def retire(purge_urls):
        if tree:
            caches["default"].set(TREE_KEY, uuid.uuid4().hex, timeout=None)
        if urls:
            purge_urls(urls)

    # The app's cache now (this process sees its own change at once), every cache
    # after the commit (nothing rendered from the data before it is kept).
    retire(AppCacheBackend({}).purge_batch)
    transaction.on_commit(lambda: retire(purge_urls_from_cache_task.call))


def pages_showing(page):
    """The page and the live pages that show it; a home or top-level page is in the
    chrome (menus, language links, breadcrumbs) of every page."""
    live = Page.objects.live()
    if page.depth <= 3:
        return [page, *live]
    parent = page.get_parent()
    return [
        page,
        *live.descendant_of(page),
        *live.filter(translation_key=page.translation_key),
        *live.filter(pk=parent.pk if parent else None),
    ]


def page_changed(instance, **kwargs):
    """Published, unpublished or deleted; a view restriction's page (apps.py)."""
    purge(pages_showing(getattr(instance, "page", instance)))


def page_moving(instance, **kwargs):
    purge(Page.objects.live().descendant_of(instance, inclusive=True))


def everything_changed(**kwargs):
    """Moved; a site, locale, site settings or a snippet."""
    purge(Page.objects.live())


def listing_changed(instance, **kwargs):
    """An event, series, survey or sign-up: the project pages that list it, and for
    anything but a sign-up the home pages too ("take part now" lists events and open
    surveys, never seats)."""
    event = getattr(instance, "event", instance)
    series = getattr(event, "series", None)
    pks = {event.project_page_id, series and series.project_page_id} - {None}
    showing = Page.objects.live().filter(pk__in=pks)
    if event is instance:
        showing = showing | Page.objects.live().filter(depth=2)
    purge(showing, tree=False)
