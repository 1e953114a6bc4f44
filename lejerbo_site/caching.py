"""What a cache may keep, and what a change retires (the account: docs/performance.md).

Anonymous Wagtail pages are public: Varnish (deploy/varnish/) and Django's cache
middleware keep them. A change purges, after its commit, the addresses of the pages
it alters through wagtail.contrib.frontend_cache (WAGTAILFRONTENDCACHE), and gives the
template fragments ({% cache %} in base.html and home_page.html) a new version.
"""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.utils.cache import learn_cache_key, patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page

VERSION_KEY = "lejerbo:fragments-version"
# Every scheme://host the app's cache has stored pages under: a page is purged under
# each, also when visitors reach the site by another name than its Site's.
ORIGINS_KEY = "lejerbo:page-origins"
# Cookies that mean the page may differ for this visitor (the VCL passes them too).
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}


def fragments_version(request):
    """Context processor: the version in the keys of the template fragments."""
    version = SimpleLazyObject(lambda: cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, None))
    return {"fragments_version": version}


def page_cache_headers(serve):
    """on_serve_page hook (wagtail_hooks.py), outside Wagtail's view-restriction check,
    which marks a restricted page never-cache: other pages are public for anonymous
    visitors (varying on Cookie, so a shared cache never serves an editor that copy)."""

    def inner(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        if PERSONAL_COOKIES & request.COOKIES.keys() or request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        elif response.status_code == 200 and not response.has_header("Cache-Control"):
            max_age, s_maxage = settings.PAGE_CACHE_BROWSER_SECONDS, settings.PAGE_CACHE_SECONDS
            patch_cache_control(response, public=True, max_age=max_age, s_maxage=s_maxage)
            patch_vary_headers(response, ["Cookie"])
            origins = cache.get(ORIGINS_KEY, set())
            if (origin := request.build_absolute_uri("/")[:-1]) not in origins:
                cache.set(ORIGINS_KEY, origins | {origin}, timeout=None)
        return response

    return inner


def public_pages_vary_not_on_language(get_response):
    """Middleware outside LocaleMiddleware. Public pages are under i18n_patterns: their
    language is in the path, yet LocaleMiddleware varies unprefixed ones on the header."""

    def middleware(request):
        response = get_response(request)
        if "public" in response.get("Cache-Control", ""):
            vary = [v.strip() for v in response.get("Vary", "").split(",")]
            response["Vary"] = ", ".join(
                v for v in vary if v.lower() not in ("", "accept-language")
            )
        return response

    return middleware


class AppCacheBackend(BaseBackend):
    """Purges Django's cache middleware: it forgets which headers an address varies on
    (learned again with a timeout of 0), so the stored copies are rendered again."""

    def purge(self, url):
        parts = urlsplit(url)
        # The key carries the language LocaleMiddleware gives the address.
        language = translation.get_language_from_path(parts.path) or settings.LANGUAGE_CODE
        origins = cache.get(ORIGINS_KEY, set())
        for origin in {*origins, f"{parts.scheme}://{parts.netloc}"}:
            scheme, host = origin.split("://")
            request = RequestFactory().get(url, HTTP_HOST=host, secure=scheme == "https")
            request.LANGUAGE_CODE = language
            learn_cache_key(request, HttpResponse(), cache_timeout=0)


def purge(pages, *, fragments=True):
    """Purge the addresses of `pages` after the commit, in this request (not on the task
    queue: a publish shows through the proxy within a second); new fragments too."""
    batch = PurgeBatch()
    batch.add_pages(pages)
    urls = sorted(batch.urls)

    def retire(purge_urls):
        if fragments:
            cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
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
    below_or_translation = Q(path__startswith=page.path) | Q(translation_key=page.translation_key)
    return [page, *live.filter(below_or_translation | Q(pk=page.get_parent().pk))]


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
    surveys, never seats), with new fragments."""
    event = getattr(instance, "event", instance)
    series = getattr(event, "series", None)
    pks = {event.project_page_id, series and series.project_page_id} - {None}
    showing = Page.objects.live().filter(pk__in=pks)
    if event is instance:
        showing = showing | Page.objects.live().filter(depth=2)
    purge(showing, fragments=event is instance)
