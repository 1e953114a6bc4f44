"""Whole-page caching of Wagtail pages for anonymous visitors.

A cached page is served without touching the database. Every content change
(a page published, unpublished, moved or deleted; a snippet, setting or site
changed; an event or survey that a page lists changed) bumps one version
number, which retires every cached page at once: simple, and always correct.

Only Wagtail page views are cached, only for anonymous GET requests without
cookies that could personalise the page, and never a response that sets a
cookie or uses the CSRF token, so no visitor is ever served another's token.
Survey and sign-up forms are plain Django views and are never cached.

Two middleware classes share the work:

- `PageCacheMiddleware`, after authentication, decides: it marks a Wagtail page
  response for an anonymous visitor as cacheable (public Cache-Control) and a
  signed-in editor's as private.
- `PageCacheHitMiddleware`, near the top of the stack, stores the marked
  responses with their final headers (security headers, CSP, ETag) and answers
  later requests for them before sessions, CSRF, authentication, URL resolving
  and Wagtail run at all: a hit costs one cache read.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from wagtail.views import serve as wagtail_serve

VERSION_KEY = "pagecache:version"
# Cookies that mean the page may differ for this visitor.
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
ALLOWED_QUERY_PARAMETERS = {"page"}
# Headers a cached response must not repeat: set per response, or per visitor.
UNCACHED_HEADERS = {"set-cookie", "date", "x-page-cache", "content-length"}
# Paths that are never Wagtail pages: not looked up in the cache at all (a cache
# read is a network round trip with Redis).
NOT_PAGE_PREFIXES = getattr(
    settings,
    "PAGE_CACHE_SKIP_PREFIXES",
    ("/survey/", "/events/", "/admin/", "/django-admin/", "/static/", "/media/", "/healthz"),
)


def page_cache_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def page_cache_invalidate(**kwargs):
    """Retire every cached page (connected to the content signals in apps.py)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _cacheable_request(request):
    """Anonymous, cookie-less (but for CSRF and language) GET of a plain URL.

    Without a session cookie there is no signed-in user: this is checked before
    the session and authentication middleware run.
    """
    if request.method not in ("GET", "HEAD"):
        return False
    if PERSONAL_COOKIES & set(request.COOKIES):
        return False
    return not set(request.GET) - ALLOWED_QUERY_PARAMETERS


def _cache_key(request):
    # The scheme keeps an http request (redirected to https in production) apart.
    return f"pagecache:{request.scheme}:{request.get_host()}:{request.get_full_path()}"


class PageCacheHitMiddleware:
    """Serve and store cached pages; put it right after SecurityMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)

    def __call__(self, request):
        if request.path.startswith(NOT_PAGE_PREFIXES) or not _cacheable_request(request):
            return self.get_response(request)
        key = _cache_key(request)
        # One round trip to the cache for the version and the page together.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        entry = found.get(key)
        if entry is not None and version is not None and entry[0] == version:
            return self._hit(request, entry)
        request._page_cache_key = key
        response = self.get_response(request)
        if getattr(response, "_page_cache_store", False) and self._storable(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in UNCACHED_HEADERS
            ]
            if version is None:
                version = page_cache_version()
            cache.set(key, (version, response.content, headers), self.timeout)
        return response

    @staticmethod
    def _storable(request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
            # A nonce is single-use: replaying it to every visitor would defeat the CSP.
            and "'nonce-" not in response.get("Content-Security-Policy", "")
        )

    @staticmethod
    def _hit(request, entry):
        _version, content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        etag = response.get("ETag")
        if etag:
            conditional = get_conditional_response(request, etag=etag, response=response)
            if conditional is not None:
                return conditional
        return response


class PageCacheMiddleware:
    """Mark Wagtail page responses: cacheable for anonymous visitors, private for editors."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.browser_max_age = getattr(settings, "PAGE_CACHE_BROWSER_SECONDS", 60)

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_page_cache_private", False):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if not getattr(request, "_page_cache_page", False):
            return response
        if PageCacheHitMiddleware._storable(request, response):
            response["X-Page-Cache"] = "miss"
            patch_cache_control(response, public=True, max_age=self.browser_max_age)
            # A shared proxy must not hand an anonymous copy to a signed-in editor.
            patch_vary_headers(response, ["Cookie"])
            response._page_cache_store = True
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve:
            return None
        if _cacheable_request(request) and not request.user.is_authenticated:
            request._page_cache_page = True
        else:
            # Logged-in editors always get a fresh page, and so do their browsers.
            request._page_cache_private = True
        return None


def content_cached(request, parts, build, *, timeout=60 * 60):
    """`build()`, cached until the next content change (the page-cache version).

    For data derived from the page tree (menus, listings) on pages rendered without
    the page cache: one cache read instead of a handful of queries, never stale.
    `build` must return plain, picklable data (titles, URLs), not model instances.
    """
    version = getattr(request, "_content_version", None)
    if version is None:
        version = request._content_version = page_cache_version()
    key = ":".join(["content", str(version), request.get_host(), *map(str, parts)])
    data = cache.get(key)
    if data is None:
        data = build()
        cache.set(key, data, timeout)
    return data
