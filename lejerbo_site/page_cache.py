"""Whole-page caching of Wagtail pages for anonymous visitors.

A cached page is served without touching the database. Every content change
(a page published, unpublished, moved or deleted; a snippet, setting or site
changed; an event or survey that a page lists changed) bumps one version
number, which retires every cached page at once: simple, and always correct.

Only Wagtail page views are cached, only for anonymous GET requests without
cookies that could personalise the page, and never a response that sets a
cookie or uses the CSRF token, so no visitor is ever served another's token.
Survey and sign-up forms are plain Django views and are never cached.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.views import serve as wagtail_serve

VERSION_KEY = "pagecache:version"
# Cookies that mean the page may differ for this visitor.
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
ALLOWED_QUERY_PARAMETERS = {"page"}


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
    if request.method not in ("GET", "HEAD"):
        return False
    if PERSONAL_COOKIES & set(request.COOKIES):
        return False
    if set(request.GET) - ALLOWED_QUERY_PARAMETERS:
        return False
    return not request.user.is_authenticated


def _cache_key(request):
    return f"pagecache:{page_cache_version()}:{request.get_host()}:{request.get_full_path()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)
        self.browser_max_age = getattr(settings, "PAGE_CACHE_BROWSER_SECONDS", 60)

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_page_cache_private", False):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        key = getattr(request, "_page_cache_key", None)
        if key is None:
            return response
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
        ):
            cache.set(key, (response.content, response["Content-Type"]), self.timeout)
            response["X-Page-Cache"] = "miss"
            self._public(response)
        return response

    def _public(self, response):
        patch_cache_control(response, public=True, max_age=self.browser_max_age)
        # A shared proxy must not hand an anonymous copy to a signed-in editor.
        patch_vary_headers(response, ["Cookie"])

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve or not _cacheable_request(request):
            if view_func is wagtail_serve:
                # Logged-in editors always get a fresh page, and so do their browsers.
                request._page_cache_private = True
            return None
        key = _cache_key(request)
        cached = cache.get(key)
        if cached is None:
            request._page_cache_key = key
            return None
        content, content_type = cached
        response = HttpResponse(content, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        self._public(response)
        return response
