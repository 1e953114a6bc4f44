"""Which responses a cache may keep, and which cached pages a change retires.

Anonymous pages are kept by an HTTP cache in front of the site (Varnish,
deploy/varnish/) and, without one, by Django's cache middleware (settings).
This module only tells both what they may keep and when to let go:

- `PageCacheHeadersMiddleware` marks a Wagtail page served to an anonymous
  visitor as public (`s-maxage` for the proxy, a minute for browsers); a page
  under a view restriction, or one served to a signed-in editor or to a visitor
  with a session, as `private, no-store`. Pages take their language from the URL
  (Danish unprefixed, /nb/, /en/), so they do not vary on Accept-Language.
- A change purges, right after its commit, the address of every page whose
  HTML it alters, through the backends of `wagtail.contrib.frontend_cache`
  (WAGTAILFRONTENDCACHE: PURGE to Varnish, and `AppCacheBackend` for the app's
  own cache). A page in the chrome of every page (a home page or a top-level
  page: menus, language links, breadcrumbs) retires every page; any other page
  retires itself, its parent's listing, its translations and what lies below
  it. A sign-up retires only the pages that show its event.
- The chrome's own data is kept per page-tree version (`tree_version`), which
  only the changes that alter the chrome replace.
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
# Cookies that mean the page may differ for this visitor (the VCL passes them too).
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}


def tree_version(request=None):
    """The page tree's version: read once per request, a new random token per change."""
    cached = getattr(request, "_tree_version", None)
    if cached is not None:
        return cached
    cache = caches["default"]
    version = cache.get(TREE_KEY)
    if version is None:
        cache.add(TREE_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(TREE_KEY)
    if request is not None:
        request._tree_version = version
    return version


def kept_for_tree(request, parts, build):
    """`build()` (plain, picklable data), kept in the cache until the page tree changes."""
    key = ":".join(["lejerbo:chrome", tree_version(request), *map(str, parts)])
    return caches["default"].get_or_set(key, build, settings.PAGE_CACHE_SECONDS)


class PageCacheHeadersMiddleware:
    """Cache-Control and Vary of Wagtail pages. Put it outside LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve  # needs the models loaded; this module does not

        if view_func is serve:
            request._lejerbo_page = True

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
        if "public" in response.get("Cache-Control", ""):
            # Only Wagtail pages are public, and they are all under i18n_patterns with
            # prefix_default_language=False: LocaleMiddleware takes their language from
            # the path alone (Danish when unprefixed, never a redirect), yet adds
            # `Vary: Accept-Language` to unprefixed ones, also when answering from the
            # app's cache, which is why this runs outside it.
            vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
            response["Vary"] = ", ".join(v for v in vary if v.lower() != "accept-language")
        return response

    @staticmethod
    def _personal(request):
        if request.user.is_authenticated or PERSONAL_COOKIES & set(request.COOKIES):
            return True
        page = getattr(request, "_lejerbo_served_page", None)
        return page is None or page.get_view_restrictions().exists()


# --- purging ------------------------------------------------------------------------


class AppCacheBackend(BaseBackend):
    """A frontend-cache backend for the app's own page cache (Django's cache middleware).

    It forgets which headers the address varies on, so every stored copy of it
    (one per Cookie header) is missed and rendered again.
    """

    def purge(self, url):
        parts = urlsplit(url)
        request = RequestFactory().get(
            f"{parts.path}?{parts.query}" if parts.query else parts.path,
            HTTP_HOST=parts.netloc,
            secure=parts.scheme == "https",
        )
        # The key carries the language LocaleMiddleware gives the address.
        request.LANGUAGE_CODE = translation.get_language_from_path(parts.path) or (
            settings.LANGUAGE_CODE
        )
        key = _generate_cache_header_key(settings.CACHE_MIDDLEWARE_KEY_PREFIX, request)
        caches[settings.CACHE_MIDDLEWARE_ALIAS].delete(key)


def page_urls(pages):
    """The addresses (with each page's `get_cached_paths`) of `pages`."""
    batch = PurgeBatch()
    batch.add_pages(pages)
    return batch.urls


def purge_urls(urls):
    """Purge `urls` from every cache right after the commit.

    In the request, not through the task queue: the proxy must show a publish
    within a second, and PURGE to a local proxy takes a millisecond.
    """
    urls = sorted(urls)
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache_task.call(urls))


def pages_showing_page(page):
    """The live pages whose HTML shows `page` (its title, address, or that it exists)."""
    live = Page.objects.live()
    if page.depth <= 3:
        return live  # in every page's chrome
    return (
        live.filter(pk=page.pk)
        | live.descendant_of(page)
        | live.filter(pk=page.get_parent().pk)
        | live.filter(translation_key=page.translation_key)
    )


def tree_changed():
    """Retire the chrome of every page: now, and again after the commit (a page
    rendered in between, from the data before the commit, is not kept under the
    new version)."""

    def bump():
        caches["default"].set(TREE_KEY, uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def page_changed(instance, **kwargs):
    """A page published, unpublished or deleted (signals in apps.py)."""
    tree_changed()
    purge_urls(page_urls(pages_showing_page(instance)) | page_urls([instance]))


def everything_changed(**kwargs):
    """A move, a site, locale, site settings or a snippet: every page is retired."""
    tree_changed()
    purge_urls(page_urls(Page.objects.live()))


def page_moving(instance, **kwargs):
    """Before a move: the old addresses of the page and all below it."""
    purge_urls(page_urls(Page.objects.live().descendant_of(instance, inclusive=True)))


def page_moved(instance, **kwargs):
    # Listings, menus and breadcrumbs anywhere may show it, at its new address.
    everything_changed()


def privacy_changed(instance, **kwargs):
    """A view restriction added, changed or removed: the page and all below it."""
    page = instance.page
    tree_changed()
    purge_urls(page_urls(pages_showing_page(page)) | page_urls(Page.objects.descendant_of(page)))


def project_pages_changed(*pages):
    """An event, series or survey changed: only the project pages listing it."""
    purge_urls(page_urls(Page.objects.live().filter(pk__in=[p for p in pages if p])))


def event_changed(instance, **kwargs):
    series = getattr(instance, "series", None)
    project_pages_changed(instance.project_page_id, series and series.project_page_id)


def registration_changed(instance, **kwargs):
    event_changed(instance.event)


def series_or_survey_changed(instance, **kwargs):
    project_pages_changed(instance.project_page_id)
